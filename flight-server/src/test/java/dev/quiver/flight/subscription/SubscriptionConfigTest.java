package dev.quiver.flight.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionConfigTest {

    @Test
    void defaultsAreOffWithTheDocumentedLimits() {
        SubscriptionConfig config = SubscriptionConfig.parse(name -> null);
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
        Map<String, String> values = Map.of("nats-url", "nats://n:4222", "events-stream", "S1",
                "events-subject-prefix", "a.b", "subscription-buffer", "20_000", "subscription-buffer-bytes", "2097152",
                "subscription-batch", "10", "subscription-linger-ms", "0", "subscription-transmit-bytes", "33554432");
        SubscriptionConfig config = SubscriptionConfig.parse(values::get);
        assertThat(config).isEqualTo(new SubscriptionConfig("nats://n:4222", "S1", "a.b", 20_000, 2_097_152, 10,
                Duration.ZERO, 32L << 20));
        assertThat(config.enabled()).isTrue();
    }

    @Test
    void theSubscriptionCapsAreReadAndAPerUserCapAboveTheServersIsRefused() {
        SubscriptionConfig config = SubscriptionConfig.parse(Map.of("max-subscriptions", "500",
                "max-subscriptions-per-user", "20")::get);
        assertThat(config.maxSubscribers()).isEqualTo(500);
        assertThat(config.maxSubscribersPerUser()).isEqualTo(20);
        assertThat(SubscriptionConfig.disabled().maxSubscribers()).isEqualTo(20_000);
        assertThat(SubscriptionConfig.disabled().maxSubscribersPerUser()).isEqualTo(1_000);
        assertThatThrownBy(() -> SubscriptionConfig.parse(Map.of("max-subscriptions", "10",
                "max-subscriptions-per-user", "11")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--max-subscriptions-per-user");
    }

    @Test
    void aWildcardInTheSubjectPrefixIsRefused() {
        assertThatThrownBy(() -> SubscriptionConfig.parse(Map.of("events-subject-prefix", "quiver.*")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--events-subject-prefix");
    }

    @Test
    void aStreamNameWithADotIsRefused() {
        assertThatThrownBy(() -> SubscriptionConfig.parse(Map.of("events-stream", "a.b")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--events-stream");
    }

    @Test
    void aZeroBufferIsRefused() {
        assertThatThrownBy(() -> SubscriptionConfig.parse(Map.of("subscription-buffer", "0")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--subscription-buffer");
    }

    @Test
    void aTransmitBudgetSmallerThanTheLargestEventIsRefused() {
        assertThatThrownBy(() -> SubscriptionConfig.parse(Map.of("subscription-transmit-bytes", "65536")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--subscription-transmit-bytes", "largest event");
    }

    @Test
    void aByteBufferSmallerThanTheLargestEventIsRefused() {
        assertThatThrownBy(() -> SubscriptionConfig.parse(Map.of("subscription-buffer-bytes", "1000")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("largest event");
    }

    @Test
    void aBatchLargerThanTheBufferIsRefused() {
        assertThatThrownBy(() -> SubscriptionConfig.parse(Map.of("subscription-buffer", "10",
                "subscription-batch", "11")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--subscription-batch");
    }

    @Test
    void aNegativeLingerIsRefused() {
        assertThatThrownBy(() -> SubscriptionConfig.parse(Map.of("subscription-linger-ms", "-1")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--subscription-linger-ms");
    }

    @Test
    void aNonNumberIsRefusedWithTheFlagName() {
        assertThatThrownBy(() -> SubscriptionConfig.parse(Map.of("subscription-batch", "lots")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--subscription-batch")
                .hasMessageContaining("lots");
    }
}
