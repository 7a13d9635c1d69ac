package dev.quiver.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.bridge.DeadLetter;
import dev.quiver.bridge.InboundMessage;
import dev.quiver.bridge.StreamNames;
import io.nats.client.impl.Headers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JetStreamDeadLetterPublisherTest {

    private static final InboundMessage ORIGINAL = new InboundMessage() {
        @Override
        public byte[] data() {
            return new byte[]{'x'};
        }

        @Override
        public String subject() {
            return "quiver.events.Order.created";
        }

        @Override
        public long streamSequence() {
            return 42;
        }

        @Override
        public void ack() {
        }

        @Override
        public void nak(Duration delay) {
        }

        @Override
        public void inProgress() {
        }
    };

    @Test
    void headersCarryReasonCauseSinkAndOrigin() {
        Headers headers = JetStreamDeadLetterPublisher.headers(new DeadLetter(ORIGINAL, "clickhouse",
                DeadLetter.Cause.REJECTED, "too large", "0b6c-id"));

        assertThat(headers.getFirst(DeadLetter.HEADER_REASON)).isEqualTo("too large");
        assertThat(headers.getFirst(DeadLetter.HEADER_CAUSE)).isEqualTo("rejected");
        assertThat(headers.getFirst(DeadLetter.HEADER_SINK)).isEqualTo("clickhouse");
        assertThat(headers.getFirst(DeadLetter.HEADER_ORIGINAL_SUBJECT)).isEqualTo("quiver.events.Order.created");
        assertThat(headers.getFirst(DeadLetter.HEADER_ORIGINAL_SEQUENCE)).isEqualTo("42");
        assertThat(headers.getFirst(DeadLetter.HEADER_EVENT_ID)).isEqualTo("0b6c-id");
    }

    @Test
    void theMessageIdNamesTheSinkTheSequenceAndThePayloadSoARecreatedStreamsSequenceDoesNotCollide() {
        StreamNames names = new StreamNames("EV", "ev", "DLQ", "dlq", Duration.ofMinutes(2));
        DeadLetter letter = new DeadLetter(ORIGINAL, "clickhouse", DeadLetter.Cause.POISON, "bad", null);
        DeadLetter again = new DeadLetter(ORIGINAL, "clickhouse", DeadLetter.Cause.POISON, "bad", null);
        DeadLetter samePlaceOtherPayload = new DeadLetter(FakeOriginal.of(new byte[]{'y'}, 42), "clickhouse",
                DeadLetter.Cause.POISON, "bad", null);
        DeadLetter otherSink = new DeadLetter(ORIGINAL, "elasticsearch", DeadLetter.Cause.POISON, "bad", null);

        String id = JetStreamDeadLetterPublisher.messageId(letter, names);

        assertThat(id).matches("clickhouse:EV:42:[0-9a-f]{16}");
        assertThat(JetStreamDeadLetterPublisher.messageId(again, names)).as("a re-publish is dropped").isEqualTo(id);
        assertThat(JetStreamDeadLetterPublisher.messageId(samePlaceOtherPayload, names)).isNotEqualTo(id);
        assertThat(JetStreamDeadLetterPublisher.messageId(otherSink, names)).isNotEqualTo(id);
    }

    /** A message at a given sequence with a given payload. */
    private record FakeOriginal(byte[] data, long streamSequence) implements InboundMessage {
        static FakeOriginal of(byte[] data, long sequence) {
            return new FakeOriginal(data, sequence);
        }

        @Override
        public String subject() {
            return "ev.Order.created";
        }

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

    @Test
    void aPoisonLetterHasNoEventIdHeader() {
        Headers headers = JetStreamDeadLetterPublisher.headers(new DeadLetter(ORIGINAL, "s", DeadLetter.Cause.POISON,
                "invalid JSON", null));

        assertThat(headers.containsKey(DeadLetter.HEADER_EVENT_ID)).isFalse();
    }

    @Test
    void headerValuesArePrintableAsciiOnOneLineAndBounded() {
        assertThat(JetStreamDeadLetterPublisher.headerValue("bad\r\nvalue é")).isEqualTo("bad  value ?");
        assertThat(JetStreamDeadLetterPublisher.headerValue("")).isEqualTo("-");
        assertThat(JetStreamDeadLetterPublisher.headerValue("x".repeat(5000))).hasSize(DeadLetter.MAX_HEADER_CHARS);
    }
}
