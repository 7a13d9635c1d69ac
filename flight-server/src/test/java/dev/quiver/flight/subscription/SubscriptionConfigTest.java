package dev.quiver.flight.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.ServerArgs;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SubscriptionConfigTest {

    @Test
    void defaultsAreOffWithTheDocumentedLimits() {
        SubscriptionConfig config = ServerArgs.parse().subscriptions();
        assertThat(config).isEqualTo(SubscriptionConfig.disabled());
        assertThat(config.enabled()).isFalse();
        assertThat(config.stream()).isEqualTo("QUIVER_EVENTS");
        assertThat(config.subjectFilter()).isEqualTo("quiver.events.>");
        assertThat(config.bufferEvents()).isEqualTo(10_000);
        assertThat(config.bufferBytes()).isEqualTo(64L << 20);
        assertThat(config.batchEvents()).isEqualTo(1_000);
        assertThat(config.linger()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.transmitBytes()).isEqualTo(Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 8));
    }

    @Test
    void everySettingIsRead() {
        SubscriptionConfig config = parse("--subscriptions", "--nats-url", "nats://n:4222", "--events-stream", "S1",
                "--events-subject-prefix", "a.b", "--subscription-buffer", "20000", "--subscription-buffer-bytes",
                "2097152", "--subscription-batch", "10", "--subscription-linger", "0", "--subscription-transmit-bytes",
                "33554432");
        assertThat(config).isEqualTo(new SubscriptionConfig("nats://n:4222", "S1", "a.b", 20_000, 2_097_152, 10,
                Duration.ZERO, 32L << 20));
        assertThat(config.enabled()).isTrue();
    }

    @Test
    void theSubscriptionCapsAreReadAndAPerUserCapAboveTheServersIsRefused() {
        SubscriptionConfig config = parse("--max-subscriptions", "500",
                "--max-subscriptions-per-user", "20");
        assertThat(config.maxSubscribers()).isEqualTo(500);
        assertThat(config.maxSubscribersPerUser()).isEqualTo(20);
        assertThat(SubscriptionConfig.disabled().maxSubscribers()).isEqualTo(20_000);
        assertThat(SubscriptionConfig.disabled().maxSubscribersPerUser()).isEqualTo(1_000);
        assertThatThrownBy(() -> parse("--max-subscriptions", "10",
                "--max-subscriptions-per-user", "11"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--max-subscriptions-per-user");
    }

    @Test
    void aWildcardInTheSubjectPrefixIsRefused() {
        assertThatThrownBy(() -> parse("--events-subject-prefix", "quiver.*"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--events-subject-prefix");
    }

    @Test
    void aStreamNameWithADotIsRefused() {
        assertThatThrownBy(() -> parse("--events-stream", "a.b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--events-stream");
    }

    @Test
    void aZeroBufferIsRefused() {
        assertThatThrownBy(() -> parse("--subscription-buffer", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--subscription-buffer");
    }

    @Test
    void aTransmitBudgetSmallerThanTheLargestEventIsRefused() {
        assertThatThrownBy(() -> parse("--subscription-transmit-bytes", "65536"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--subscription-transmit-bytes", "largest event");
    }

    @Test
    void aByteBufferSmallerThanTheLargestEventIsRefused() {
        assertThatThrownBy(() -> parse("--subscription-buffer-bytes", "1000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("largest event");
    }

    @Test
    void aBatchLargerThanTheBufferIsRefused() {
        assertThatThrownBy(() -> parse("--subscription-buffer", "10",
                "--subscription-batch", "11"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--subscription-batch");
    }

    @Test
    void aNegativeOrTooLongLingerIsRefused() {
        assertThatThrownBy(() -> parse("--subscription-linger", "-1"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--subscription-linger");
        assertThatThrownBy(() -> parse("--subscription-linger", "2m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--subscription-linger must be 0..1m");
    }

    @Test
    void aNonNumberIsRefusedWithTheFlagName() {
        assertThatThrownBy(() -> parse("--subscription-batch", "lots"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--subscription-batch")
                .hasMessageContaining("lots");
    }

    private static SubscriptionConfig parse(String... args) {
        return ServerArgs.parse(args).subscriptions();
    }
}
