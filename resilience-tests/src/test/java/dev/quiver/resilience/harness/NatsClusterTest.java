package dev.quiver.resilience.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsClusterTest {

    @Test
    void theUrlListsEveryNodeAtTheScriptsPorts() {
        NatsCluster cluster = NatsCluster.fromEnvironment(Map.<String, String>of()::get);

        assertThat(cluster.url()).isEqualTo("nats://127.0.0.1:4231,nats://127.0.0.1:4232,nats://127.0.0.1:4233");
        assertThat(cluster.nodes()).containsExactly("nats-c1", "nats-c2", "nats-c3");
    }

    @Test
    void thePortsFollowTheScriptsVariables() {
        NatsCluster cluster = NatsCluster.fromEnvironment(Map.of("QUIVER_NATS_CLUSTER_PORT", "5231")::get);

        assertThat(cluster.url()).isEqualTo("nats://127.0.0.1:5231,nats://127.0.0.1:5232,nats://127.0.0.1:5233");
        assertThatThrownBy(() -> NatsCluster.fromEnvironment(Map.of("QUIVER_NATS_CLUSTER_MONITOR_PORT", "x")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QUIVER_NATS_CLUSTER_MONITOR_PORT");
    }

    @Test
    void aServerNameNamesItsNode() {
        assertThat(NatsCluster.nodeOf("quiver-c2")).isEqualTo("nats-c2");
        assertThatThrownBy(() -> NatsCluster.nodeOf("quiver-local")).isInstanceOf(IllegalArgumentException.class);
    }
}
