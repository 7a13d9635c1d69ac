package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The subscription flags as the server reads them ({@link ServerCommand}). */
class ServerConfigSubscriptionsTest {

    @Test
    void flagsConfigureSubscriptions() {
        ServerConfig config = ServerArgs.parse("--subscriptions", "--nats-url", "nats://n:4222", "--events-stream", "EV",
                "--subscription-linger=5ms", "--subscription-batch", "100", "--subscription-buffer", "500");
        assertThat(config.subscriptions().natsUrl()).isEqualTo("nats://n:4222");
        assertThat(config.subscriptions().stream()).isEqualTo("EV");
        assertThat(config.subscriptions().bufferEvents()).isEqualTo(500);
        assertThat(config.subscriptions().batchEvents()).isEqualTo(100);
        assertThat(config.subscriptions().linger()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void withoutTheSwitchSubscriptionsAreOff() {
        assertThat(ServerArgs.parse().subscriptions().enabled()).isFalse();
        assertThat(ServerArgs.parse("--nats-url", "nats://n:4222").subscriptions().enabled())
                .as("a NATS URL alone is the relay's too; subscriptions need --subscriptions").isFalse();
    }

    @Test
    void anUnknownSubscriptionFlagIsRefusedSuggestingTheKnownOne() {
        assertThatThrownBy(() -> ServerArgs.parse("--subscription-buffers", "5"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--subscription-buffers");
        assertThat(ServerArgs.execute("--subscription-buffers", "5").err()).contains("--subscription-buffer");
    }

    @Test
    void helpTeachesTheSlowConsumerPolicy() {
        assertThat(ServerArgs.execute("--help").out()).contains("--nats-url", "--subscription-buffer",
                "RESOURCE_EXHAUSTED", "--subscription-linger", "QUIVER_SUBSCRIPTION_LINGER");
    }
}
