package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigEventsTest {
    @Test
    void eventFlagsAndEnvironmentReachTheEventsConfig() {
        ServerConfig config = ServerConfig.parse(new String[] {"--nats-url", "off", "--relay-batch=7"},
                Map.of("QUIVER_EVENTS_STREAM", "FROM_ENV")::get);
        assertThat(config.events().relayEnabled()).isFalse();
        assertThat(config.events().relayBatch()).isEqualTo(7);
        assertThat(config.events().stream()).isEqualTo("FROM_ENV");
        assertThat(ServerConfig.parse(new String[0], Map.of("QUIVER_NATS_URL", "nats://h:1")::get).events().natsUrl())
                .isEqualTo("nats://h:1");
    }

    @Test
    void unknownFlagsAreStillRefused() {
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--nats", "x"}, k -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nats-url");
    }

    @Test
    void helpExplainsMutationsAndTheEventFlags() {
        assertThat(ServerConfig.HELP).contains("createT(input: CreateTInput!)", "updateOrderStatus", "--nats-url",
                "--events-stream", "--relay-batch", "--outbox-retention-minutes", "GetFlightInfo");
    }
}
