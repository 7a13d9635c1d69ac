package dev.quiver.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stream and consumer setup against the real JetStream: idempotent, verifying, refusing what does not fit. */
@Timeout(60)
class EventStreamsIT {
    private static final Services SERVICES = Services.fromEnvironment();

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.NATS);
    }

    @Test
    void createsBothStreamsOnceAndAgainIsANoOp() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            EventStreams.ensureStreams(run.jsm, run.streams);
            EventStreams.ensureStreams(run.jsm, run.streams);

            StreamConfiguration events = run.jsm.getStreamInfo(run.streams.events()).getConfiguration();
            assertThat(events.getSubjects()).containsExactly(run.streams.eventSubjects());
            assertThat(events.getStorageType()).isEqualTo(StorageType.File);
            assertThat(events.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
            StreamConfiguration dlq = run.jsm.getStreamInfo(run.streams.deadLetters()).getConfiguration();
            assertThat(dlq.getSubjects()).containsExactly(run.streams.deadLetterSubjects());
            assertThat(dlq.getStorageType()).isEqualTo(StorageType.File);
        }
    }

    @Test
    void bringsTheDuplicateWindowOfAnExistingStreamInLine() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            EventStreams.ensureStreams(run.jsm, run.streams);
            StreamNames longer = new StreamNames(run.streams.events(), run.streams.eventSubjectPrefix(),
                    run.streams.deadLetters(), run.streams.deadLetterPrefix(), Duration.ofMinutes(5));

            EventStreams.ensureStreams(run.jsm, longer);

            assertThat(run.jsm.getStreamInfo(run.streams.events()).getConfiguration().getDuplicateWindow())
                    .isEqualTo(Duration.ofMinutes(5));
        }
    }

    @Test
    void refusesAnExistingStreamWithOtherSubjects() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            run.jsm.addStream(StreamConfiguration.builder().name(run.streams.events())
                    .subjects("itest." + run.id + ".elsewhere.>").storageType(StorageType.File).build());

            assertThatThrownBy(() -> EventStreams.ensureStreams(run.jsm, run.streams))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exists with subjects")
                    .hasMessageContaining(run.streams.eventSubjects());
        }
    }

    @Test
    void createsADurableExplicitAckConsumerPerSinkAndUpdatesItsLimits() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            EventStreams.ensureStreams(run.jsm, run.streams);
            PipelineConfig pipeline = new PipelineConfig(100, Duration.ofMillis(200), 300, Duration.ofSeconds(20),
                    Duration.ofMillis(100), Duration.ofSeconds(1));

            EventStreams.ensureConsumer(run.jsm, run.streams, "alpha", pipeline);
            EventStreams.ensureConsumer(run.jsm, run.streams, "alpha", new PipelineConfig(100, Duration.ofMillis(200),
                    500, Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofSeconds(1)));

            ConsumerConfiguration consumer = run.jsm.getConsumerInfo(run.streams.events(), "quiver-bridge-alpha")
                    .getConsumerConfiguration();
            assertThat(consumer.getDurable()).isEqualTo("quiver-bridge-alpha");
            assertThat(consumer.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
            assertThat(consumer.getAckWait()).isEqualTo(Duration.ofSeconds(20));
            assertThat(consumer.getMaxAckPending()).isEqualTo(500);
            assertThat(consumer.getFilterSubject()).isEqualTo(run.streams.eventSubjects());
            assertThat(run.jsm.getConsumerNames(run.streams.events())).containsExactly("quiver-bridge-alpha");
        }
    }
}
