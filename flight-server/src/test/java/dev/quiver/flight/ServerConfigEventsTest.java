package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerConfigEventsTest {
    @Test
    void eventFlagsReachTheEventsConfig() {
        ServerConfig config = ServerArgs.parse("--no-relay", "--relay-batch=7", "--events-stream", "FROM_FLAG");
        assertThat(config.events().relayEnabled()).isFalse();
        assertThat(config.events().relayBatch()).isEqualTo(7);
        assertThat(config.events().stream()).isEqualTo("FROM_FLAG");
        assertThat(ServerArgs.parse("--nats-url", "nats://h:1").events().natsUrl()).isEqualTo("nats://h:1");
    }

    @Test
    void unknownFlagsAreStillRefused() {
        assertThatThrownBy(() -> ServerArgs.parse("--nats", "x")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--nats");
    }

    @Test
    void helpExplainsMutationsAndTheEventFlags() {
        assertThat(ServerArgs.execute("--help").out()).contains("createT(input:)", "updateOrderStatus", "--nats-url",
                "--events-stream", "--relay-batch", "--outbox-retention", "--[no-]relay");
    }
}
