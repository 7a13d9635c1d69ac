package dev.quiver.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.bridge.DeadLetter;
import dev.quiver.bridge.InboundMessage;
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
