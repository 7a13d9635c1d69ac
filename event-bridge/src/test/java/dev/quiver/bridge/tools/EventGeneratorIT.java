package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import dev.quiver.settings.QuiverCommandLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code quiver events generate} against the real NATS JetStream: every event acknowledged is in the stream. */
class EventGeneratorIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String stream = "GEN_IT_" + suffix;
    private final String prefix = "genit" + suffix;
    private ScratchEventStream scratch;
    private Connection nats;
    private JetStreamManagement management;

    @BeforeEach
    void createStream() throws Exception {
        scratch = ScratchEventStream.open(SERVICES, stream, prefix);
        nats = scratch.nats();
        management = scratch.management();
    }

    @AfterEach
    void deleteStream() throws Exception {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    void everyAcknowledgedEventIsStoredOnceAndARepeatedSeedIsDeduplicated() throws Exception {
        GenerateConfig config = new GenerateConfig(prefix, 5_000, 0, 300, "Order", 500, 7L, null,
                ACK_TIMEOUT);

        EventGenerator.Summary first = new EventGenerator(nats, config).run(done -> { });
        EventGenerator.Summary again = new EventGenerator(nats, config).run(done -> { });

        assertThat(first.firstError()).isNull();
        assertThat(first.acknowledged()).isEqualTo(5_000);
        assertThat(first.duplicates()).isZero();
        // unpaced with 500 in flight: groups of 500, each one atomic batch
        assertThat(first.batches()).as("atomic batches").isEqualTo(10);
        // a batch holding an id the stream has is refused whole; its events then go one by one and report it
        assertThat(again.firstError()).isNull();
        assertThat(again.duplicates()).as("same seed, same Nats-Msg-Id: JetStream drops them").isEqualTo(5_000);
        assertThat(again.batches()).isZero();
        assertThat(management.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(5_000);
        ObserverEvent event = ObserverEventJson.decode(management.getMessage(stream, 1).getData());
        assertThat(event.entityType()).isEqualTo("Order");
        assertThat(event.data()).hasSize(300);
        assertThat(management.getMessage(stream, 1).getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(event.eventId());
    }

    @Test
    void theCommandLinePublishesUnderTheSharedFlagsAndWritesTheSummary(@TempDir Path dir) throws Exception {
        Path summaryFile = dir.resolve("summary.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine tool = QuiverCommandLine.of(new QuiverEventsTool());
        tool.setOut(new PrintWriter(out, true));
        tool.setErr(new PrintWriter(err, true));

        int code = tool.execute("events", "generate", "--count", "300", "--rate", "0", "--seed", "11",
                "--ack-timeout", "PT20S", "--summary-json", summaryFile.toString(), "--nats-url", SERVICES.nats().url(),
                "--events-subject-prefix", prefix);

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"requested\":300,\"acknowledged\":300,\"duplicates\":0");
        assertThat(Files.readString(summaryFile)).contains("\"acknowledged\":300");
        assertThat(err.toString()).contains("events [", "300/300");
        assertThat(management.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(300);
        assertThat(management.getMessage(stream, 1).getSubject()).startsWith(prefix + ".Order.");
    }

    @Test
    void aStreamWithoutAtomicBatchesGetsEveryEventOneByOne() throws Exception {
        management.updateStream(StreamConfiguration.builder(management.getStreamInfo(stream).getConfiguration())
                .allowAtomicPublish(false).build());
        GenerateConfig config = new GenerateConfig(prefix, 2_000, 0, 100, "Order", 500, 3L, null,
                ACK_TIMEOUT);

        EventGenerator.Summary summary = new EventGenerator(nats, config).run(done -> { });

        assertThat(summary.firstError()).isNull();
        assertThat(summary.acknowledged()).isEqualTo(2_000);
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.batches()).isZero();
        assertThat(management.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(2_000);
    }

    @Test
    void aPacedRunGroupsWhatIsDueWhileAGroupIsOnItsWay() throws Exception {
        GenerateConfig config = new GenerateConfig(prefix, 3_000, 3_000, 100, "Order", 1_000, 5L, null,
                ACK_TIMEOUT);

        EventGenerator.Summary summary = new EventGenerator(nats, config).run(done -> { });

        assertThat(summary.firstError()).isNull();
        assertThat(summary.acknowledged()).isEqualTo(3_000);
        assertThat(summary.duplicates()).isZero();
        // how the events were grouped depends on timing; on any machine each was stored exactly once
        assertThat(management.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(3_000);
    }

    @Test
    void theRateIsHonoured() throws Exception {
        GenerateConfig config = new GenerateConfig(prefix, 1_000, 2_000, 100, "Order", 100, 1L, null,
                ACK_TIMEOUT);

        EventGenerator.Summary summary = new EventGenerator(nats, config).run(done -> { });

        assertThat(summary.acknowledged()).isEqualTo(1_000);
        // the last event is due 0.4995 s after the first and may go out up to 1 ms early (RatePacer's slack)
        assertThat(summary.seconds()).as("1,000 events at 2,000/s take at least 0.5 s").isGreaterThanOrEqualTo(0.4985);
        // RatePacerTest pins the schedule exactly on a fake clock; this loose ceiling only catches a run paced
        // many times too slowly (10x slower takes 5 s), with 4.5 s for 1,000 acks of 100-byte events on loopback
        // (a memory stream, no fsync) even on a loaded machine
        assertThat(summary.seconds()).as("1,000 events at 2,000/s, in seconds").isLessThan(5.0);
    }

    @Test
    void anAcknowledgementSlowerThanTheAckTimeoutFailsTheRun() throws Exception {
        SERVICES.require(ServiceName.TOXIPROXY);
        ToxiproxyClient toxiproxy = new ToxiproxyClient(SERVICES.toxiproxy().host(), SERVICES.toxiproxy().apiPort());
        Proxy proxy = toxiproxy.createProxy("genit-" + suffix, "127.0.0.1:0",
                SERVICES.nats().host() + ":" + SERVICES.nats().port());
        try (Connection slow = Nats.connect("nats://" + proxy.getListen())) {
            // every answer from NATS now takes at least 3 s, 10 times the run's --ack-timeout
            proxy.toxics().latency("slow-acks", ToxicDirection.DOWNSTREAM, 3_000);
            GenerateConfig config = new GenerateConfig(prefix, 10, 0, 100, "Order", 10, 1L, null,
                    Duration.ofMillis(300));

            EventGenerator.Summary summary = new EventGenerator(slow, config).run(done -> { });

            assertThat(summary.acknowledged()).isZero();
            assertThat(summary.firstError()).contains("300 ms (--ack-timeout)");
        } finally {
            proxy.delete();
        }
    }

    @Test
    void aClosedConnectionFailsTheRunWithATypedError() throws Exception {
        Connection closed = Nats.connect(SERVICES.nats().url());
        closed.close();
        GenerateConfig config = new GenerateConfig(prefix, 10, 0, 100, "Order", 10, 1L, null,
                ACK_TIMEOUT);

        assertThatThrownBy(() -> new EventGenerator(closed, config).run(done -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("close");
    }

    @Test
    void aSubjectNoStreamTakesIsReportedWithWhatToDo() throws Exception {
        GenerateConfig config = new GenerateConfig("nostream" + suffix, 10, 0, 100, "Order", 10, 1L,
                null, ACK_TIMEOUT);

        EventGenerator.Summary summary = new EventGenerator(nats, config).run(done -> { });

        assertThat(summary.acknowledged()).isZero();
        assertThat(summary.firstError())
                .contains("no JetStream stream takes subject nostream" + suffix, "QUIVER_EVENTS");
    }
}
