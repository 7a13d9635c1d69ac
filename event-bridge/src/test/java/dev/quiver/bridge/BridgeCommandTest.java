package dev.quiver.bridge;

import static dev.quiver.bridge.BridgeCommands.config;
import static dev.quiver.bridge.BridgeCommands.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.settings.QuiverCommandLine;
import dev.quiver.settings.Setting;
import dev.quiver.settings.Settings;
import dev.quiver.sinks.api.EventStreamContract;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig;
import dev.quiver.sinks.elasticsearch.ElasticsearchSinkConfig;
import dev.quiver.sinks.resilience.ResilienceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BridgeCommandTest {

    /** Settings the bridge shares with the server and the tools: plain {@code QUIVER_<FLAG>}, no program prefix. */
    private static final Set<String> SHARED = Set.of("nats-url", "events-stream", "events-subject-prefix", "dlq-stream",
            "dlq-subject-prefix", "duplicate-window", "stream-replicas", "redis-url");

    private static Map<String, String> envByFlag() {
        Map<String, String> env = new TreeMap<>();
        for (Setting setting : Settings.declaredIn(QuiverCommandLine.of(new BridgeCommand()))) {
            env.put(setting.longName().replaceFirst("^--", ""), setting.envVariable());
        }
        return env;
    }

    @Test
    void defaultsAreTheRecordsDefaults() {
        BridgeConfig config = config();

        assertThat(config.natsUrl()).isEqualTo("nats://127.0.0.1:4222");
        assertThat(config.streams()).isEqualTo(StreamNames.DEFAULTS);
        assertThat(config.streams().duplicateWindow()).isEqualTo(EventStreamContract.DUPLICATE_WINDOW);
        assertThat(config.sinks()).containsExactly("clickhouse", "elasticsearch");
        assertThat(config.pipeline()).isEqualTo(PipelineConfig.DEFAULTS);
        assertThat(config.pipeline().maxEventBytes()).isEqualTo(ObserverEventJson.MAX_EVENT_BYTES);
        assertThat(config.dedup()).isEqualTo(DedupConfig.DEFAULTS);
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8081);
        assertThat(config.lagInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.sinkSettings()).isEqualTo(SinkSettings.DEFAULTS);
    }

    @Test
    void flagsBuildTheRecords() {
        BridgeConfig config = config("--batch-size", "2000", "--sinks=clickhouse", "--batch-time", "250ms",
                "--no-dedup", "--dedup-window", "1h", "--nats-url", "nats://a:4222,nats://b:4222");

        assertThat(config.pipeline().batchSize()).isEqualTo(2000);
        assertThat(config.pipeline().batchTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.dedup().enabled()).isFalse();
        assertThat(config.dedup().window()).isEqualTo(Duration.ofHours(1));
        assertThat(config.sinks()).containsExactly("clickhouse");
        assertThat(config.natsUrl()).isEqualTo("nats://a:4222,nats://b:4222");
    }

    @Test
    void dedupIsANegatableSwitch() {
        assertThat(config().dedup().enabled()).isTrue();
        assertThat(config("--dedup").dedup().enabled()).isTrue();
        assertThat(config("--no-dedup").dedup().enabled()).isFalse();
        assertThat(config("--dedup=false").dedup().enabled()).isFalse();
        assertThat(execute("--dedup", "off").exitCode()).as("the old on|off form").isEqualTo(2);
    }

    @Test
    void durationsTakeUnitsBareSecondsAndIso8601() {
        BridgeConfig config = config("--batch-time", "0.5", "--ack-wait", "PT90S", "--dedup-timeout", "1.5s",
                "--clickhouse-breaker-open-wait", "PT1S");

        assertThat(config.pipeline().batchTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.pipeline().ackWait()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.dedup().timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.sinkSettings().clickhouseResilience().openStateWait()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anUnknownFlagIsRefusedByNameWithExitCode2() {
        BridgeCommands.Execution run = execute("--batchsize", "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--batchsize");
    }

    @Test
    void theOldElasticsearchIndexFlagIsGoneForIndexPrefix() {
        assertThat(execute("--elasticsearch-index", "x").exitCode()).isEqualTo(2);
        assertThat(config("--elasticsearch-index-prefix", "audit").sinkSettings().elasticsearch().indexPrefix())
                .isEqualTo("audit");
    }

    @Test
    void aRepeatedFlagIsRefused() {
        assertThat(execute("--sinks", "a", "--sinks", "b").exitCode()).isEqualTo(2);
        assertThatThrownBy(() -> config("--batch-size", "1", "--batch-size", "2"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void aStrayArgumentIsRefused() {
        assertThat(execute("clickhouse").exitCode()).isEqualTo(2);
    }

    @Test
    void aValueARecordRefusesExitsWith2NamingTheFlag() {
        BridgeCommands.Execution run = execute("--batch-size", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--batch-size must be 1..1000000");
    }

    @Test
    void aBridgeThatCannotReachNatsExitsWith1() {
        BridgeCommands.Execution run = execute("--nats-url", "nats://127.0.0.1:1", "--http-port", "0", "--no-dedup");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot start");
    }

    /** The sinks get their whole configuration from the bridge's options, nothing from QUIVER_CLICKHOUSE_HOST etc. */
    @Test
    void theSinkConfigurationsComeFromTheOptionsOnly() {
        BridgeConfig config = config(
                "--clickhouse-url", "https://ch.example:8443", "--clickhouse-user", "writer",
                "--clickhouse-password", "s3cret", "--clickhouse-database", "audit", "--clickhouse-table", "log",
                "--clickhouse-connect-timeout", "2s", "--clickhouse-socket-timeout", "1m",
                "--clickhouse-breaker-failure-rate", "25",
                "--clickhouse-breaker-window", "4", "--clickhouse-breaker-min-calls", "2",
                "--clickhouse-breaker-open-wait", "2s", "--clickhouse-breaker-half-open-calls", "1",
                "--elasticsearch-url", "http://es.example:9201", "--elasticsearch-user", "elastic",
                "--elasticsearch-password", "pw", "--elasticsearch-index-prefix", "audit-events",
                "--elasticsearch-connect-timeout", "3s", "--elasticsearch-socket-timeout", "40s",
                "--elasticsearch-bulk-max-bytes", "65536", "--elasticsearch-item-retries", "5",
                "--elasticsearch-item-retry-backoff", "50ms");

        ResilienceConfig defaults = ResilienceConfig.defaults();
        assertThat(config.sinkSettings()).isEqualTo(new SinkSettings(
                new ClickHouseSinkConfig(URI.create("https://ch.example:8443"), "writer", "s3cret", "audit", "log",
                        Duration.ofSeconds(2), Duration.ofMinutes(1), ClickHouseSinkConfig.InsertFormat.ROW_BINARY),
                new ResilienceConfig(1, defaults.initialBackoff(), defaults.multiplier(), defaults.jitter(),
                        defaults.maxBackoff(), 25f, 4, 2, Duration.ofSeconds(2), 1),
                new ElasticsearchSinkConfig(URI.create("http://es.example:9201"), "elastic", "pw", "audit-events",
                        Duration.ofSeconds(3), Duration.ofSeconds(40), 65_536, 5, Duration.ofMillis(50)),
                new ResilienceConfig(1, defaults.initialBackoff(), defaults.multiplier(), defaults.jitter(),
                        defaults.maxBackoff(), defaults.failureRateThreshold(), defaults.slidingWindowSize(),
                        defaults.minimumNumberOfCalls(), defaults.openStateWait(), defaults.halfOpenCalls())));
    }

    @Test
    void streamReplicasGoIntoBothStreamsAndAreRefusedOutOfRange() {
        StreamNames streams = config("--stream-replicas", "3").streams();

        assertThat(streams.replicas()).isEqualTo(3);
        assertThat(streams.eventsStream().replicas()).isEqualTo(3);
        assertThat(streams.deadLetterStream().replicas()).isEqualTo(3);
        assertThat(EventStreams.configuration(streams.eventsStream()).getReplicas()).isEqualTo(3);
        assertThatThrownBy(() -> config("--stream-replicas", "6")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--stream-replicas");
    }

    @Test
    void theSinkHostAndPortVariablesAreNotSettings() {
        assertThat(envByFlag().values()).doesNotContain("QUIVER_CLICKHOUSE_HOST", "QUIVER_CLICKHOUSE_HTTP_PORT",
                "QUIVER_ELASTICSEARCH_HOST", "QUIVER_ELASTICSEARCH_PORT");
    }

    @Test
    void settingsSharedWithTheServerAndToolsUseTheSharedVariables() {
        Map<String, String> env = envByFlag();

        assertThat(env).containsEntry("events-stream", "QUIVER_EVENTS_STREAM")
                .containsEntry("events-subject-prefix", "QUIVER_EVENTS_SUBJECT_PREFIX")
                .containsEntry("dlq-stream", "QUIVER_DLQ_STREAM")
                .containsEntry("dlq-subject-prefix", "QUIVER_DLQ_SUBJECT_PREFIX")
                .containsEntry("duplicate-window", "QUIVER_DUPLICATE_WINDOW")
                .containsEntry("stream-replicas", "QUIVER_STREAM_REPLICAS")
                .containsEntry("elasticsearch-index-prefix", "QUIVER_ELASTICSEARCH_INDEX_PREFIX")
                .containsEntry("clickhouse-url", "QUIVER_CLICKHOUSE_URL")
                .containsEntry("http-port", "QUIVER_BRIDGE_HTTP_PORT");
    }

    @Test
    void everyOptionHasTheVariableOfItsFlag() {
        Map<String, String> env = envByFlag();

        assertThat(env).hasSizeGreaterThan(50);
        env.forEach((flag, variable) -> {
            String snake = flag.toUpperCase(Locale.ROOT).replace('-', '_');
            boolean sinkOrShared = SHARED.contains(flag) || flag.startsWith("clickhouse-")
                    || flag.startsWith("elasticsearch-");
            assertThat(variable).as(flag).isEqualTo(sinkOrShared ? "QUIVER_" + snake : "QUIVER_BRIDGE_" + snake);
        });
    }

    @Test
    void helpListsEveryOptionWithItsVariable() {
        BridgeCommands.Execution run = execute("--help");

        assertThat(run.exitCode()).isZero();
        envByFlag().forEach((flag, variable) -> assertThat(run.out()).contains("--" + flag).contains(variable));
        assertThat(run.out()).contains("--no-dedup").contains("/metrics").contains("Example");
    }

    @Test
    void thePoisonLimitsAreFlagsWithSafeDefaults() {
        assertThat(PipelineConfig.DEFAULTS.maxEventBytes()).isEqualTo(1_048_576);
        assertThat(PipelineConfig.DEFAULTS.maxDeliveries()).isEqualTo(10);
        PipelineConfig pipeline = config("--max-event-bytes", "65536", "--max-deliveries", "25").pipeline();
        assertThat(pipeline.maxEventBytes()).isEqualTo(65_536);
        assertThat(pipeline.maxDeliveries()).isEqualTo(25);
        assertThatThrownBy(() -> config("--max-deliveries", "1"))
                .hasMessageContaining("--max-deliveries must be at least 2");
        assertThatThrownBy(() -> config("--max-event-bytes", "100"))
                .hasMessageContaining("--max-event-bytes must be 256..67108864");
    }

    @Test
    void aNonNumericBatchSizeIsAUsageError() {
        assertThatThrownBy(() -> config("--batch-size", "lots")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--batch-size");
    }

    @Test
    void aMalformedDurationIsAUsageError() {
        assertThatThrownBy(() -> config("--batch-time", "soon")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--batch-time");
    }

    @Test
    void maxAckPendingBelowBatchSizeIsRefused() {
        assertThatThrownBy(() -> config("--batch-size", "5000", "--max-ack-pending", "1000"))
                .hasMessageContaining("--max-ack-pending (1000) must be at least --batch-size (5000)");
    }

    @Test
    void anAckWaitShorterThanTwoBatchTimesIsRefused() {
        assertThatThrownBy(() -> config("--batch-time", "10s", "--ack-wait", "15s", "--retry-backoff-max", "5s"))
                .hasMessageContaining("--ack-wait");
    }

    @Test
    void aRetryBackoffLongerThanHalfTheAckWaitIsRefused() {
        assertThatThrownBy(() -> config("--ack-wait", "20s", "--retry-backoff-max", "15s"))
                .hasMessageContaining("--retry-backoff-max (15s) must be at most half of --ack-wait (20s)");
    }

    @Test
    void noSinksIsRefused() {
        assertThatThrownBy(() -> config("--sinks", " , ")).hasMessageContaining("--sinks must name at least one sink");
    }

    @Test
    void aSinkNamedTwiceIsRefused() {
        assertThatThrownBy(() -> config("--sinks", "a,a")).hasMessageContaining("names a sink twice");
    }

    @Test
    void aSinkNameThatCannotBeAConsumerNameIsRefused() {
        assertThatThrownBy(() -> config("--sinks", "click.house")).hasMessageContaining("'click.house' is not a sink name");
    }

    @Test
    void aRedisUrlMustBeARedisUrl() {
        assertThatThrownBy(() -> config("--redis-url", "localhost:6379"))
                .hasMessageContaining("--redis-url must start with redis://");
    }

    @Test
    void anHttpPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> config("--http-port", "70000")).hasMessageContaining("--http-port must be 0..65535");
    }

    @Test
    void aStreamNameWithADotIsRefused() {
        assertThatThrownBy(() -> config("--events-stream", "QUIVER.EVENTS")).hasMessageContaining("--events-stream must be");
    }

    @Test
    void overlappingEventAndDeadLetterSubjectsAreRefused() {
        assertThatThrownBy(() -> config("--events-subject-prefix", "quiver", "--dlq-subject-prefix", "quiver.dlq"))
                .hasMessageContaining("overlap");
    }

    @Test
    void aWildcardInASubjectPrefixIsRefused() {
        assertThatThrownBy(() -> config("--events-subject-prefix", "quiver.*")).hasMessageContaining("without wildcards");
    }

    @Test
    void aSinkEndpointMustBeHttp() {
        assertThatThrownBy(() -> config("--clickhouse-url", "tcp://x:9000"))
                .hasMessageContaining("--clickhouse-url must be an http");
        assertThatThrownBy(() -> config("--elasticsearch-url", "not a url"))
                .hasMessageContaining("--elasticsearch-url must be an http");
    }

    /** The pipeline is the one retry layer: the sinks make one call per write, and have no retry settings. */
    @Test
    void theSinksMakeOneCallPerWriteAndHaveNoRetrySettings() {
        BridgeConfig config = config();
        assertThat(config.sinkSettings().clickhouseResilience().maxAttempts()).isEqualTo(1);
        assertThat(config.sinkSettings().elasticsearchResilience().maxAttempts()).isEqualTo(1);
        assertThat(execute("--clickhouse-retry-max-attempts", "3").exitCode()).isEqualTo(2);
    }

    @Test
    void aSinkSettingARecordRefusesNamesItsFlags() {
        assertThatThrownBy(() -> config("--clickhouse-breaker-window", "0"))
                .hasMessageContaining("--clickhouse-breaker-*");
        assertThatThrownBy(() -> config("--elasticsearch-index-prefix", "Upper"))
                .hasMessageContaining("--elasticsearch-*").hasMessageContaining("indexPrefix");
    }

    @Test
    void thePasswordsAreNotPrinted() {
        BridgeConfig config = config("--clickhouse-password", "s3cret", "--elasticsearch-password", "t0ps3cret");

        assertThat(config.sinkSettings().clickhouse().password()).isEqualTo("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void theCommandIsTheBridge() {
        assertThat(QuiverCommandLine.of(new BridgeCommand()).getCommandName()).isEqualTo("bridge");
        assertThat(List.of(BridgeCommand.class.getInterfaces())).contains(java.util.concurrent.Callable.class);
    }
}
