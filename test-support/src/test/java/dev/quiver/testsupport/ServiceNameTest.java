package dev.quiver.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ServiceNameTest {

    @Test
    void scriptNamesMatchServicesSh() {
        assertThat(Arrays.stream(ServiceName.values()).map(ServiceName::scriptName))
                .containsExactly("postgres", "nats", "redis", "clickhouse", "elasticsearch", "toxiproxy");
    }

    @Test
    void lookupByScriptNameIgnoresCase() {
        assertThat(ServiceName.fromScriptName("ClickHouse")).isEqualTo(ServiceName.CLICKHOUSE);
    }

    @Test
    void unknownNameIsRejected() {
        assertThatThrownBy(() -> ServiceName.fromScriptName("kafka"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka");
    }

    @Test
    void everyServiceButToxiproxyHasAFront() {
        assertThat(ToxiproxyFronts.DEFAULT_FRONT_PORTS).containsOnlyKeys(ServiceName.POSTGRES, ServiceName.NATS,
                ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH);
        assertThat(ToxiproxyFronts.DEFAULT_FRONT_PORTS.get(ServiceName.REDIS)).isEqualTo(16379);
    }
}
