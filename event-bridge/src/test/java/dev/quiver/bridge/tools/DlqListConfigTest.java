package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DlqListConfigTest {

    @Test
    void defaults() {
        DlqListConfig config = DlqListConfig.parse(new String[0], Map.of());

        assertThat(config).isEqualTo(new DlqListConfig("nats://127.0.0.1:4222", "QUIVER_DLQ", null, 50,
                DlqListConfig.Format.TABLE));
    }

    @Test
    void flagsWinOverTheEnvironment() {
        DlqListConfig config = DlqListConfig.parse(new String[]{"--limit", "5", "--sink=clickhouse", "--format",
                "json", "--stream", "MY_DLQ", "--nats-url", "nats://h:1"}, Map.of("QUIVER_NATS_URL", "nats://env:2"));

        assertThat(config).isEqualTo(new DlqListConfig("nats://h:1", "MY_DLQ", "clickhouse", 5,
                DlqListConfig.Format.JSON));
        assertThat(DlqListConfig.parse(new String[0], Map.of("QUIVER_NATS_URL", "nats://env:2")).natsUrl())
                .isEqualTo("nats://env:2");
    }

    @Test
    void badValuesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> DlqListConfig.parse(new String[]{"--format", "xml"}, Map.of()))
                .hasMessageContaining("table or json");
        assertThatThrownBy(() -> DlqListConfig.parse(new String[]{"--limit", "-1"}, Map.of()))
                .hasMessageContaining("--limit must be 0 or more");
        assertThatThrownBy(() -> DlqListConfig.parse(new String[]{"--limit", "many"}, Map.of()))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> DlqListConfig.parse(new String[]{"--stream", "a.b"}, Map.of()))
                .hasMessageContaining("--stream");
        assertThatThrownBy(() -> DlqListConfig.parse(new String[]{"--all"}, Map.of()))
                .hasMessageContaining("unknown option --all").hasMessageContaining("--limit");
        assertThatThrownBy(() -> DlqListConfig.parse(new String[]{"--sink"}, Map.of()))
                .hasMessageContaining("needs a value");
    }
}
