package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.testsupport.Services;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code quiver events consume} against the real NATS JetStream: it acknowledges what it pulls and leaves no trace. */
class EventConsumerIT {
    private static final Services SERVICES = Services.fromEnvironment();

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String stream = "CONSUME_IT_" + suffix;
    private final String prefix = "consumeit" + suffix;
    private final List<String> warnings = new ArrayList<>();
    private ScratchEventStream scratch;
    private Connection nats;
    private JetStreamManagement management;

    @BeforeEach
    void publishEvents() throws Exception {
        scratch = ScratchEventStream.open(SERVICES, stream, prefix);
        nats = scratch.nats();
        management = scratch.management();
        for (String entityType : List.of("Order", "Invoice")) {
            EventGenerator.Summary published = new EventGenerator(nats, new GenerateConfig(prefix, 2_500, 0, 100,
                    entityType, 500, null, null, Duration.ofSeconds(30))).run(done -> { });
            assertThat(published.acknowledged()).isEqualTo(2_500);
        }
    }

    @AfterEach
    void deleteStream() throws Exception {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    void pullsAndAcknowledgesTheSubjectsEventsThenDeletesItsConsumer() throws Exception {
        List<Long> progress = new ArrayList<>();
        EventConsumer.Summary summary = new EventConsumer(nats,
                new ConsumeConfig(stream, prefix + ".Order.>", 2_500, 1_000, Duration.ofSeconds(10),
                        ConsumeConfig.Ack.each), warnings::add)
                .run(progress::add);

        assertThat(summary.firstError()).isNull();
        assertThat(summary.consumed()).isEqualTo(2_500);
        assertThat(summary.eventsPerSecond()).isPositive();
        assertThat(summary.clientCpuSeconds()).isPositive();
        assertThat(progress).containsExactly(1_000L, 2_000L, 2_500L);
        assertThat(management.getConsumerNames(stream)).as("the run's consumer is gone").isEmpty();
        assertThat(warnings).isEmpty();
        assertThat(management.getStreamInfo(stream).getStreamState().getMsgCount())
                .as("consuming stores and removes nothing").isEqualTo(5_000);
    }

    @Test
    void withOneAckPerPullEveryEventIsConsumed() throws Exception {
        EventConsumer.Summary summary = new EventConsumer(nats,
                new ConsumeConfig(stream, prefix + ".>", 5_000, 2_000, Duration.ofSeconds(10), ConsumeConfig.Ack.last),
                warnings::add).run(done -> { });

        assertThat(summary.firstError()).isNull();
        assertThat(summary.consumed()).isEqualTo(5_000);
        assertThat(management.getConsumerNames(stream)).isEmpty();
    }

    @Test
    void fewerEventsThanAskedForEndsTheRunWithAnErrorThatSaysSo() throws Exception {
        EventConsumer.Summary summary = new EventConsumer(nats,
                new ConsumeConfig(stream, prefix + ".>", 5_001, 10_000, Duration.ofMillis(500),
                        ConsumeConfig.Ack.none), warnings::add)
                .run(done -> { });

        assertThat(summary.consumed()).isEqualTo(5_000);
        assertThat(summary.firstError()).contains("only 5000 of 5001 events arrived").contains(prefix + ".>");
        assertThat(management.getConsumerNames(stream)).isEmpty();
    }
}
