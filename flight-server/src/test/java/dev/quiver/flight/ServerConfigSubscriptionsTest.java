package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subscription flags as the server reads them: flags, then environment, then defaults. */
class ServerConfigSubscriptionsTest {

    @Test
    void flagsAndEnvironmentConfigureSubscriptions() {
        Map<String, String> env = Map.of("QUIVER_NATS_URL", "nats://env:4222", "QUIVER_SUBSCRIPTION_BUFFER", "500");
        ServerConfig config = ServerConfig.parse(new String[] {"--events-stream", "EV", "--subscription-linger-ms=5",
                "--subscription-batch", "100"}, env::get);
        assertThat(config.subscriptions().natsUrl()).isEqualTo("nats://env:4222");
        assertThat(config.subscriptions().stream()).isEqualTo("EV");
        assertThat(config.subscriptions().bufferEvents()).isEqualTo(500);
        assertThat(config.subscriptions().batchEvents()).isEqualTo(100);
        assertThat(config.subscriptions().linger()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void withoutNatsSubscriptionsAreOff() {
        assertThat(ServerConfig.parse(new String[0], name -> null).subscriptions().enabled()).isFalse();
    }

    @Test
    void anUnknownSubscriptionFlagIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--subscription-buffers", "5"}, name -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--subscription-buffer,");
    }

    @Test
    void helpTeachesTheSlowConsumerPolicy() {
        assertThat(ServerConfig.HELP).contains("--nats-url", "--subscription-buffer", "RESOURCE_EXHAUSTED",
                "--subscription-linger-ms");
    }
}
