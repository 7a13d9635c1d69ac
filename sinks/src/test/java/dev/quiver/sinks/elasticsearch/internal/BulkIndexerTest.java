package dev.quiver.sinks.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.WriteResult.Rejection;
import dev.quiver.sinks.elasticsearch.internal.BulkSender.ItemOutcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link BulkIndexer} against a scripted bulk sender; waits are recorded, never slept. */
class BulkIndexerTest {
    private final List<Duration> waits = new ArrayList<>();
    private final List<List<String>> requests = new ArrayList<>();
    /** Per document id, the statuses it gets on successive sends; 201 once the script runs out. */
    private final Map<String, Deque<Integer>> script = new HashMap<>();

    private BulkIndexer indexer(int maxBytes, int retries) {
        BulkSender sender = documents -> {
            requests.add(documents.stream().map(BulkDocument::eventId).toList());
            return documents.stream().map(d -> {
                Integer status = script.getOrDefault(d.eventId(), new ArrayDeque<>()).poll();
                int s = status == null ? 201 : status;
                return new ItemOutcome(s, s < 300 ? null : "error_" + s + ": reason");
            }).toList();
        };
        return new BulkIndexer("elasticsearch", sender, maxBytes, retries, Duration.ofMillis(100), waits::add);
    }

    private static List<BulkDocument> documents(int count, int bytes) {
        List<BulkDocument> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            documents.add(new BulkDocument(i, "id-" + i, "quiver-events-2025.03", new byte[bytes]));
        }
        return documents;
    }

    private void answer(String id, Integer... statuses) {
        script.put(id, new ArrayDeque<>(List.of(statuses)));
    }

    @Test
    void successfulAndAlreadyExistingItemsAreStored() throws Exception {
        answer("id-1", 200);
        answer("id-2", 409);

        assertThat(indexer(1 << 20, 3).index(documents(3, 10))).isEmpty();
        assertThat(requests).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void refusedItemsAreRejectedWithTheirRowAndReason() throws Exception {
        answer("id-1", 400);
        answer("id-2", 404);

        List<Rejection> rejected = indexer(1 << 20, 3).index(documents(4, 10));

        assertThat(rejected).containsExactly(
                new Rejection(1, "id-1", "Elasticsearch refused the document for quiver-events-2025.03 (HTTP 400): error_400: reason"),
                new Rejection(2, "id-2", "Elasticsearch refused the document for quiver-events-2025.03 (HTTP 404): error_404: reason"));
        assertThat(requests).hasSize(1);
    }

    @Test
    void overloadedItemsAreSentAgainAloneWithDoublingBackoff() throws Exception {
        answer("id-0", 429, 503);
        answer("id-2", 429);

        assertThat(indexer(1 << 20, 3).index(documents(3, 10))).isEmpty();

        assertThat(requests).containsExactly(List.of("id-0", "id-1", "id-2"), List.of("id-0", "id-2"), List.of("id-0"));
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void itemsStillOverloadedAfterTheResendsFailTheWriteAsRetriable() {
        answer("id-1", 429, 429, 429);
        answer("id-2", 400);

        assertThatThrownBy(() -> indexer(1 << 20, 2).index(documents(3, 10)))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.isRetriable()).isTrue())
                .hasMessage("elasticsearch: 1 of 3 documents still refused after 2 resends; last: Elasticsearch refused"
                        + " the document for quiver-events-2025.03 (HTTP 429): error_429: reason");
        assertThat(requests).hasSize(3);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void documentsAreSplitIntoBulkRequestsOfBoundedSize() throws Exception {
        // documents of 400 bytes + 128 bytes overhead: two fit into 1100 bytes
        assertThat(indexer(1_100, 0).index(documents(5, 400))).isEmpty();

        assertThat(requests).containsExactly(List.of("id-0", "id-1"), List.of("id-2", "id-3"), List.of("id-4"));
    }

    @Test
    void aDocumentLargerThanTheLimitGoesAlone() throws Exception {
        assertThat(indexer(1_024, 0).index(documents(2, 5_000))).isEmpty();

        assertThat(requests).containsExactly(List.of("id-0"), List.of("id-1"));
    }

    @Test
    void aResponseWithTheWrongNumberOfItemsIsRetriable() {
        BulkSender shortAnswer = documents -> List.of(new ItemOutcome(201, null));
        BulkIndexer indexer = new BulkIndexer("elasticsearch", shortAnswer, 1 << 20, 3, Duration.ofMillis(1), waits::add);

        assertThatThrownBy(() -> indexer.index(documents(2, 10)))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.isRetriable()).isTrue())
                .hasMessageContaining("bulk response has 1 items for 2 documents");
    }
}
