package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.bridge.DeadLetter;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How {@link DeadLetterListing} renders letters and counts. */
class DlqListingRenderTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    private static StoredDeadLetter letter(long seq, String sink, String reason, String eventId, String payload) {
        Headers headers = new Headers().put(DeadLetter.HEADER_SINK, sink).put(DeadLetter.HEADER_REASON, reason)
                .put(DeadLetter.HEADER_CAUSE, "rejected")
                .put(DeadLetter.HEADER_ORIGINAL_SUBJECT, "quiver.events.Order.created")
                .put(DeadLetter.HEADER_ORIGINAL_SEQUENCE, "7");
        if (eventId != null) {
            headers.put(DeadLetter.HEADER_EVENT_ID, eventId);
        }
        return StoredDeadLetter.of(seq, T, headers, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void headersAreReadBackAndThePreviewIsOneBoundedLine() {
        StoredDeadLetter letter = letter(4, "clickhouse", "too large", "e-1", "{\"a\":\n1}" + "x".repeat(200));

        assertThat(letter.sink()).isEqualTo("clickhouse");
        assertThat(letter.cause()).isEqualTo("rejected");
        assertThat(letter.originalSubject()).isEqualTo("quiver.events.Order.created");
        assertThat(letter.originalSequence()).isEqualTo("7");
        assertThat(letter.eventId()).isEqualTo("e-1");
        assertThat(letter.preview()).startsWith("{\"a\": 1}").hasSize(81).endsWith("…").doesNotContain("\n");
        assertThat(StoredDeadLetter.of(1, T, null, null).sink()).isEqualTo("?");
    }

    @Test
    void theTableShowsUpToTheLimitAndCountsEveryLetterPerSinkAndReason() {
        DeadLetterListing listing = new DeadLetterListing(null, 2);
        listing.add(letter(1, "clickhouse", "too large", "e-1", "{}"));
        listing.add(letter(2, "elasticsearch", "mapping conflict", null, "not json"));
        listing.add(letter(3, "clickhouse", "too large", "e-3", "{}"));

        String table = listing.table("DLQ");

        assertThat(table.lines().findFirst().orElseThrow()).startsWith("SEQ").contains("EVENT ID", "PAYLOAD");
        assertThat(table).contains("e-1", "not json", "2026-01-02T03:04:05Z").doesNotContain("e-3");
        assertThat(table).contains("(2 of 3 shown; --limit N shows more)");
        assertThat(table).contains("3 dead letters in DLQ:");
        assertThat(table).containsPattern("\\s+2  clickhouse\\s+too large");
        assertThat(table).containsPattern("\\s+1  elasticsearch  mapping conflict");
    }

    @Test
    void limitZeroPrintsOnlyTheCounts() {
        DeadLetterListing listing = new DeadLetterListing(null, 0);
        listing.add(letter(1, "clickhouse", "too large", "e-1", "{}"));

        assertThat(listing.table("DLQ")).doesNotContain("SEQ").startsWith("(0 of 1 shown")
                .contains("1 dead letter in DLQ:");
    }

    @Test
    void aSinkFilterKeepsOnlyThatSink() {
        DeadLetterListing listing = new DeadLetterListing("elasticsearch", 10);
        listing.add(letter(1, "clickhouse", "too large", "e-1", "{}"));
        listing.add(letter(2, "elasticsearch", "mapping conflict", null, "x"));

        assertThat(listing.total()).isEqualTo(1);
        assertThat(listing.shown()).extracting(StoredDeadLetter::sequence).containsExactly(2L);
        assertThat(new DeadLetterListing("s", 1).table("DLQ")).isEqualTo("no dead letters in DLQ for sink s\n");
    }

    @Test
    void jsonCarriesLettersAndCounts() throws Exception {
        DeadLetterListing listing = new DeadLetterListing(null, 10);
        listing.add(letter(5, "clickhouse", "too large", "e-5", "{\"k\":1}"));

        JsonNode json = new ObjectMapper().readTree(listing.json("DLQ"));

        assertThat(json.get("total").asLong()).isEqualTo(1);
        JsonNode first = json.get("letters").get(0);
        assertThat(first.get("sequence").asLong()).isEqualTo(5);
        assertThat(first.get("eventId").asText()).isEqualTo("e-5");
        assertThat(first.get("payloadBytes").asInt()).isEqualTo(7);
        assertThat(first.get("payloadPreview").asText()).isEqualTo("{\"k\":1}");
        assertThat(first.get("time").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(json.get("counts").get(0).get("count").asLong()).isEqualTo(1);
        assertThat(json.get("counts").get(0).get("reason").asText()).isEqualTo("too large");
    }
}
