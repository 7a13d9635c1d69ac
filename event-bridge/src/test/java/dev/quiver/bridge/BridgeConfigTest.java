package dev.quiver.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {

    private static BridgeConfig parse(String... args) {
        return BridgeConfig.parse(args, name -> null);
    }

    @Test
    void defaultsMatchTheDocumentation() {
        BridgeConfig config = BridgeConfig.defaults();

        assertThat(config.natsUrl()).isEqualTo("nats://127.0.0.1:4222");
        assertThat(config.streams()).isEqualTo(StreamNames.DEFAULTS);
        assertThat(config.sinks()).containsExactly("clickhouse", "elasticsearch");
        assertThat(config.pipeline()).isEqualTo(PipelineConfig.DEFAULTS);
        assertThat(config.dedup()).isEqualTo(DedupConfig.DEFAULTS);
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8081);
        assertThat(config.lagInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.endpoints()).isEqualTo(SinkEndpoints.DEFAULTS);
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverDefaults() {
        Map<String, String> env = Map.of("QUIVER_BRIDGE_BATCH_SIZE", "500", "QUIVER_NATS_URL", "nats://env:4222",
                "QUIVER_BRIDGE_DEDUP_WINDOW", "1h");

        BridgeConfig config = BridgeConfig.parse(new String[]{"--batch-size", "2000", "--sinks=clickhouse",
                "--batch-time", "250ms", "--dedup", "off"}, env::get);

        assertThat(config.pipeline().batchSize()).isEqualTo(2000);
        assertThat(config.pipeline().batchTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.natsUrl()).isEqualTo("nats://env:4222");
        assertThat(config.dedup().window()).isEqualTo(Duration.ofHours(1));
        assertThat(config.dedup().enabled()).isFalse();
        assertThat(config.sinks()).containsExactly("clickhouse");
    }

    @Test
    void unknownFlagsAreRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> parse("--batchsize", "5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --batchsize")
                .hasMessageContaining("--batch-size");
    }

    @Test
    void aFlagWithoutAValueIsRefused() {
        assertThatThrownBy(() -> parse("--batch-size")).hasMessageContaining("--batch-size needs a value");
    }

    @Test
    void aStrayArgumentIsRefused() {
        assertThatThrownBy(() -> parse("clickhouse")).hasMessageContaining("unexpected argument 'clickhouse'");
    }

    @Test
    void aRepeatedFlagIsRefused() {
        assertThatThrownBy(() -> parse("--sinks", "a", "--sinks", "b")).hasMessageContaining("--sinks is given twice");
    }

    @Test
    void aNonNumericBatchSizeIsRefused() {
        assertThatThrownBy(() -> parse("--batch-size", "lots")).hasMessageContaining("--batch-size must be a whole number");
    }

    @Test
    void aDurationWithoutUnitIsRefused() {
        assertThatThrownBy(() -> parse("--batch-time", "1000")).hasMessageContaining("--batch-time must be a duration");
    }

    @Test
    void thePoisonLimitsAreFlagsWithSafeDefaults() {
        assertThat(PipelineConfig.DEFAULTS.maxEventBytes()).isEqualTo(1_048_576);
        assertThat(PipelineConfig.DEFAULTS.maxDeliveries()).isEqualTo(10);
        PipelineConfig pipeline = parse("--max-event-bytes", "65536", "--max-deliveries", "25").pipeline();
        assertThat(pipeline.maxEventBytes()).isEqualTo(65_536);
        assertThat(pipeline.maxDeliveries()).isEqualTo(25);
        assertThatThrownBy(() -> parse("--max-deliveries", "1"))
                .hasMessageContaining("--max-deliveries must be at least 2");
        assertThatThrownBy(() -> parse("--max-event-bytes", "100"))
                .hasMessageContaining("--max-event-bytes must be 256..67108864");
    }

    @Test
    void maxAckPendingBelowBatchSizeIsRefused() {
        assertThatThrownBy(() -> parse("--batch-size", "5000", "--max-ack-pending", "1000"))
                .hasMessageContaining("--max-ack-pending (1000) must be at least --batch-size (5000)");
    }

    @Test
    void anAckWaitShorterThanTwoBatchTimesIsRefused() {
        assertThatThrownBy(() -> parse("--batch-time", "10s", "--ack-wait", "15s", "--retry-backoff-max", "5s"))
                .hasMessageContaining("--ack-wait");
    }

    @Test
    void aRetryBackoffLongerThanHalfTheAckWaitIsRefused() {
        assertThatThrownBy(() -> parse("--ack-wait", "20s", "--retry-backoff-max", "15s"))
                .hasMessageContaining("--retry-backoff-max (15s) must be at most half of --ack-wait (20s)");
    }

    @Test
    void aBatchSizeOfZeroIsRefused() {
        assertThatThrownBy(() -> parse("--batch-size", "0")).hasMessageContaining("--batch-size must be 1..1000000");
    }

    @Test
    void noSinksIsRefused() {
        assertThatThrownBy(() -> parse("--sinks", " , ")).hasMessageContaining("--sinks must name at least one sink");
    }

    @Test
    void aSinkNamedTwiceIsRefused() {
        assertThatThrownBy(() -> parse("--sinks", "a,a")).hasMessageContaining("names a sink twice");
    }

    @Test
    void aSinkNameThatCannotBeAConsumerNameIsRefused() {
        assertThatThrownBy(() -> parse("--sinks", "click.house")).hasMessageContaining("'click.house' is not a sink name");
    }

    @Test
    void dedupMustBeOnOrOff() {
        assertThatThrownBy(() -> parse("--dedup", "maybe")).hasMessageContaining("--dedup must be on or off");
    }

    @Test
    void aRedisUrlMustBeARedisUrl() {
        assertThatThrownBy(() -> parse("--redis-url", "localhost:6379")).hasMessageContaining("--redis-url must start with redis://");
    }

    @Test
    void anHttpPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> parse("--http-port", "70000")).hasMessageContaining("--http-port must be 0..65535");
    }

    @Test
    void aStreamNameWithADotIsRefused() {
        assertThatThrownBy(() -> parse("--events-stream", "QUIVER.EVENTS")).hasMessageContaining("--events-stream must be");
    }

    @Test
    void overlappingEventAndDeadLetterSubjectsAreRefused() {
        assertThatThrownBy(() -> parse("--events-subject-prefix", "quiver", "--dlq-subject-prefix", "quiver.dlq"))
                .hasMessageContaining("overlap");
    }

    @Test
    void aWildcardInASubjectPrefixIsRefused() {
        assertThatThrownBy(() -> parse("--events-subject-prefix", "quiver.*")).hasMessageContaining("without wildcards");
    }

    @Test
    void aSinkEndpointMustBeHttp() {
        assertThatThrownBy(() -> parse("--clickhouse-url", "tcp://x:9000")).hasMessageContaining("--clickhouse-url must be an http");
    }

    @Test
    void thePasswordIsNotPrinted() {
        BridgeConfig config = parse("--clickhouse-password", "s3cret");

        assertThat(config.endpoints().clickhousePassword()).isEqualTo("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void helpTeachesEveryOptionWithItsVariableAndDefault() {
        String help = BridgeOption.help();

        for (BridgeOption option : BridgeOption.values()) {
            assertThat(help).contains("--" + option.flag() + " ").contains("[" + option.env() + "]");
        }
        assertThat(help).contains("(default 10000)").contains("/metrics").contains("Example");
    }

    @Test
    void everyOptionHasItsOwnFlagAndVariable() {
        List<String> flags = java.util.Arrays.stream(BridgeOption.values()).map(BridgeOption::flag).toList();
        List<String> envs = java.util.Arrays.stream(BridgeOption.values()).map(BridgeOption::env).toList();

        assertThat(flags).doesNotHaveDuplicates();
        assertThat(envs).doesNotHaveDuplicates().allMatch(env -> env.startsWith("QUIVER_"));
    }
}
