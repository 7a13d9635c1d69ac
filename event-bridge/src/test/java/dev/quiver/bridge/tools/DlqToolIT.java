package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.bridge.DeadLetter;
import dev.quiver.bridge.EventStreams;
import dev.quiver.bridge.InboundMessage;
import dev.quiver.bridge.StreamNames;
import dev.quiver.bridge.internal.JetStreamDeadLetterPublisher;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import dev.quiver.settings.QuiverCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code quiver dlq list / replay} against the real NATS JetStream, on streams of its own: dead letters are
 * published by the bridge's own publisher, then listed, replayed and purged through the tool's command line.
 */
@Timeout(60)
class DlqToolIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final StreamNames names = new StreamNames("DLQIT_EV_" + suffix, "dlqit" + suffix + ".events",
            "DLQIT_DLQ_" + suffix, "dlqit" + suffix + ".dlq", Duration.ofMinutes(2));
    private final String subject = names.eventSubjectPrefix() + ".Order.created";
    private Connection nats;
    private JetStreamManagement management;
    private String out;
    private String err;

    private record Original(byte[] data, String subject, long streamSequence) implements InboundMessage {
        @Override
        public void ack() {
        }

        @Override
        public void nak(Duration delay) {
        }

        @Override
        public void inProgress() {
        }
    }

    @BeforeEach
    void publishDeadLetters() throws Exception {
        SERVICES.require(ServiceName.NATS);
        nats = Nats.connect(SERVICES.nats().url());
        management = nats.jetStreamManagement();
        EventStreams.ensureStreams(management, names);
        new JetStreamDeadLetterPublisher(nats.jetStream(), names, Duration.ofSeconds(10)).publish(List.of(
                new DeadLetter(original("{\"event_id\":\"e-1\",\"n\":1}", 11), "clickhouse",
                        DeadLetter.Cause.REJECTED, "value too large for column", "e-1-" + suffix),
                new DeadLetter(original("not json at all", 12), "elasticsearch", DeadLetter.Cause.POISON,
                        "invalid JSON", null),
                new DeadLetter(original("{\"event_id\":\"e-3\",\"n\":3}", 13), "clickhouse",
                        DeadLetter.Cause.REJECTED, "value too large for column", "e-3-" + suffix)));
    }

    private Original original(String payload, long sequence) {
        return new Original(payload.getBytes(StandardCharsets.UTF_8), subject, sequence);
    }

    @AfterEach
    void deleteStreams() throws Exception {
        if (management != null) {
            for (String stream : List.of(names.events(), names.deadLetters())) {
                try {
                    management.deleteStream(stream);
                } catch (JetStreamApiException e) {
                    // never created: nothing to clean
                }
            }
        }
        if (nats != null) {
            nats.close();
        }
    }

    /** Runs the tool on this test's dead-letter stream. */
    private int run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--dlq-stream";
        all[args.length + 1] = names.deadLetters();
        all[args.length + 2] = "--nats-url";
        all[args.length + 3] = SERVICES.nats().url();
        return runExactly(all);
    }

    private int runExactly(String... args) {
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        CommandLine tool = QuiverCommandLine.of(new QuiverEventsTool());
        tool.setOut(new PrintWriter(outText, true));
        tool.setErr(new PrintWriter(errText, true));
        int code = tool.execute(args);
        out = outText.toString();
        err = errText.toString();
        return code;
    }

    private long count(String stream) throws Exception {
        return management.getStreamInfo(stream).getStreamState().getMsgCount();
    }

    @Test
    void listShowsEveryLetterWithItsOriginAndCountsPerSinkAndReason() throws Exception {
        assertThat(run("dlq", "list", "--format", "json")).as(err).isZero();

        JsonNode json = JSON.readTree(out);
        assertThat(json.get("total").asLong()).isEqualTo(3);
        JsonNode first = json.get("letters").get(0);
        assertThat(first.get("sequence").asLong()).isEqualTo(1);
        assertThat(first.get("sink").asText()).isEqualTo("clickhouse");
        assertThat(first.get("cause").asText()).isEqualTo("rejected");
        assertThat(first.get("reason").asText()).isEqualTo("value too large for column");
        assertThat(first.get("originalSubject").asText()).isEqualTo(subject);
        assertThat(first.get("originalSequence").asText()).isEqualTo("11");
        assertThat(first.get("eventId").asText()).isEqualTo("e-1-" + suffix);
        assertThat(first.get("payloadPreview").asText()).isEqualTo("{\"event_id\":\"e-1\",\"n\":1}");
        assertThat(json.get("letters").get(1).get("eventId").isNull()).isTrue();
        assertThat(json.get("counts").toString())
                .contains("{\"sink\":\"clickhouse\",\"reason\":\"value too large for column\",\"count\":2}")
                .contains("{\"sink\":\"elasticsearch\",\"reason\":\"invalid JSON\",\"count\":1}");

        assertThat(run("dlq", "list", "--sink", "elasticsearch")).isZero();
        assertThat(out).contains("not json at all", "1 dead letter in " + names.deadLetters())
                .doesNotContain("e-1-" + suffix);
        assertThat(count(names.deadLetters())).as("listing consumes nothing").isEqualTo(3);
    }

    @Test
    void replayBySequenceWithPurgePublishesTheOriginalAndRemovesTheLetter() throws Exception {
        assertThat(run("dlq", "replay", "--seq", "1", "--purge")).as(err).isZero();

        assertThat(out).contains("1 accepted", "0 dropped as duplicates", "1 purged");
        assertThat(count(names.events())).isEqualTo(1);
        MessageInfo replayed = management.getMessage(names.events(), 1);
        assertThat(replayed.getSubject()).isEqualTo(subject);
        assertThat(new String(replayed.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"event_id\":\"e-1\",\"n\":1}");
        assertThat(replayed.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("e-1-" + suffix);
        assertThatThrownBy(() -> management.getMessage(names.deadLetters(), 1))
                .isInstanceOf(JetStreamApiException.class);
        assertThat(count(names.deadLetters())).isEqualTo(2);

        assertThat(run("dlq", "list")).isZero();
        assertThat(out).contains("2 dead letters").doesNotContain("e-1-" + suffix);
    }

    @Test
    void aReplayInsideTheDuplicateWindowIsCountedAsDuplicateAndTheLetterKept() throws Exception {
        assertThat(run("dlq", "replay", "--seq", "3")).as(err).isZero();
        assertThat(out).contains("1 accepted");

        assertThat(run("dlq", "replay", "--seq", "3", "--purge")).as(err).isZero();

        assertThat(out).contains("0 accepted", "1 dropped as duplicates", "0 purged");
        assertThat(count(names.events())).isEqualTo(1);
        assertThat(count(names.deadLetters())).isEqualTo(3);
    }

    @Test
    void replayAllOfOneSinkLeavesTheOthers() throws Exception {
        assertThat(run("dlq", "replay", "--all", "--sink", "clickhouse", "--purge")).as(err).isZero();

        assertThat(out).contains("replayed 2 letters: 2 accepted");
        assertThat(count(names.events())).isEqualTo(2);
        assertThat(count(names.deadLetters())).isEqualTo(1);
        assertThat(management.getMessage(names.deadLetters(), 2).getHeaders().getFirst(DeadLetter.HEADER_SINK))
                .isEqualTo("elasticsearch");
    }

    @Test
    void aDryRunChangesNothing() throws Exception {
        assertThat(run("dlq", "replay", "--all", "--dry-run", "--purge")).as(err).isZero();

        assertThat(out).contains("dry run: 3 letters would be replayed");
        assertThat(err).contains("would replay letter 1", "would replay letter 2", "would replay letter 3");
        assertThat(count(names.events())).isZero();
        assertThat(count(names.deadLetters())).isEqualTo(3);
    }

    @Test
    void aMissingSelectionIsRefusedAndChangesNothing() throws Exception {
        assertThat(run("dlq", "replay", "--purge")).isEqualTo(2);

        assertThat(err).contains("--all", "--seq");
        assertThat(count(names.events())).isZero();
        assertThat(count(names.deadLetters())).isEqualTo(3);
    }

    @Test
    void anUnknownSequenceFailsAndTheOthersAreStillReplayed() throws Exception {
        assertThat(run("dlq", "replay", "--seq", "2,99")).isEqualTo(1);

        assertThat(err).contains("letter 99: not in " + names.deadLetters());
        assertThat(out).contains("1 accepted", "1 failed");
        assertThat(count(names.events())).isEqualTo(1);
    }

    @Test
    void aMissingStreamSaysTheBridgeCreatesIt() {
        int code = runExactly("dlq", "list", "--dlq-stream", "NOPE_" + suffix, "--nats-url", SERVICES.nats().url());

        assertThat(code).isEqualTo(1);
        assertThat(err).contains("quiver dlq list: ", "NOPE_" + suffix, "does not exist", "the event-bridge creates it",
                "--dlq-stream");
    }
}
