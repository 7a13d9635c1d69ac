package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.settings.QuiverCommandLine;
import dev.quiver.settings.Setting;
import dev.quiver.settings.Settings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The server's command line as a whole (issue 14): every setting is one option of {@link ServerCommand}, unknown and
 * repeated flags are refused by name, one {@code --nats-url} feeds the relay and subscriptions, every duration takes
 * the one syntax, and {@code --help} names each option's environment variable.
 */
class ServerCommandTest {
    @Test
    void anUnknownFlagIsRefusedByNameWithExitCode2() {
        ServerArgs.Run run = ServerArgs.execute("--nats", "nats://h:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("server: Unknown option").contains("'--nats'").contains("--nats-url")
                .contains("--help");
    }

    @Test
    void anAbbreviatedFlagIsRefused() {
        assertThatThrownBy(() -> ServerArgs.parse("--max-stream", "3")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--max-stream");
    }

    @Test
    void aRepeatedFlagIsRefusedRatherThanTheLastOneWinning() {
        ServerArgs.Run run = ServerArgs.execute("--max-streams", "1", "--max-streams", "2");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--max-streams").contains("only once");
        assertThatThrownBy(() -> ServerArgs.parse("--port", "9000", "--flight-port", "9001"))
                .as("the two names of one option").isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void oneNatsUrlFeedsTheRelayAndSubscriptions() {
        ServerConfig config = ServerArgs.parse("--nats-url", "nats://h:1", "--subscriptions");
        assertThat(config.events().natsUrl()).isEqualTo("nats://h:1");
        assertThat(config.subscriptions().natsUrl()).isEqualTo("nats://h:1");
        assertThat(config.subscriptions().enabled()).isTrue();
    }

    @Test
    void byDefaultTheRelayRunsAgainstLocalNatsAndSubscriptionsAndHistoryAreOff() {
        ServerConfig config = ServerArgs.parse();
        assertThat(config.events().natsUrl()).isEqualTo("nats://127.0.0.1:4222");
        assertThat(config.subscriptions().enabled()).isFalse();
        assertThat(config.history().enabled()).isFalse();
    }

    @Test
    void switchesTurnTheRelayOffAndSubscriptionsAndHistoryOn() {
        ServerConfig config = ServerArgs.parse("--no-relay", "--subscriptions", "--history");
        assertThat(config.events().relayEnabled()).isFalse();
        assertThat(config.subscriptions().natsUrl()).isEqualTo("nats://127.0.0.1:4222");
        assertThat(config.history().url()).hasToString("http://127.0.0.1:8123");
        assertThat(ServerArgs.parse("--relay").events().relayEnabled()).isTrue();
        assertThat(ServerArgs.parse("--no-subscriptions").subscriptions().enabled()).isFalse();
    }

    @Test
    void offIsNoLongerANatsUrlAndTheRefusalSaysWhatToUseInstead() {
        assertThatThrownBy(() -> ServerArgs.parse("--nats-url", "off")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--nats-url must start with nats:// or tls://").hasMessageContaining("--no-relay");
        assertThatThrownBy(() -> ServerArgs.parse("--nats-url", "off", "--no-relay"))
                .as("checked whether or not the relay and subscriptions use it").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--nats-url");
    }

    @Test
    void everyDurationTakesUnitsIsoAndSeconds() {
        ServerConfig config = ServerArgs.parse("--relay-poll", "250ms", "--query-timeout", "PT1S",
                "--subscription-linger", "0.5", "--outbox-retention", "10m", "--token-lifetime", "1d",
                "--http-read-timeout", "3s", "--http-write-timeout", "1.5s");
        assertThat(config.events().relayPoll()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.calls().queryTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.subscriptions().linger()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.events().outboxRetention()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.security().auth().tokenLifetime()).isEqualTo(Duration.ofDays(1));
        assertThat(config.budgets().httpReadTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.budgets().httpWriteTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void theOldFlagsWithAUnitInTheirNameAreGone() {
        for (String old : List.of("--relay-poll-ms", "--subscription-linger-ms", "--outbox-retention-minutes")) {
            ServerArgs.Run run = ServerArgs.execute(old, "5");
            assertThat(run.exitCode()).as(old).isEqualTo(2);
            assertThat(run.err()).as(old).contains("Unknown option").contains("'" + old + "'");
        }
    }

    @Test
    void helpListsEveryOptionWithItsEnvironmentVariable() {
        ServerArgs.Run run = ServerArgs.execute("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--flight-port", "Env: QUIVER_FLIGHT_PORT", "--nats-url", "Env: QUIVER_NATS_URL",
                "Env: QUIVER_EVENTS_STREAM", "Env: QUIVER_RELAY_POLL", "--[no-]subscriptions", "Env: QUIVER_CLICKHOUSE_URL");
        for (Setting setting : settings()) {
            String shown = setting.type().equals("boolean") ? "--[no-]" + setting.longName().substring(2)
                    : setting.longName(); // a negatable switch is shown as --[no-]name
            assertThat(run.out()).as(setting.longName()).containsAnyOf(setting.longName(), shown);
        }
        assertThat(settings()).filteredOn(setting -> setting.longName().equals("--nats-url")).as("declared once")
                .hasSize(1);
    }

    @Test
    void everySettingHasItsEnvironmentVariableNamedAfterItsLongestFlag() {
        for (Setting setting : settings()) {
            if (setting.longName().equals("--hash-password")) {
                assertThat(setting.envVariable()).as("an action, not a setting").isEmpty();
                continue;
            }
            String expected = "QUIVER_" + setting.longName().substring(2).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            assertThat(setting.envVariable()).as(setting.longName()).isEqualTo(expected);
            assertThat(setting.longName()).doesNotEndWith("-ms").doesNotEndWith("-seconds").doesNotEndWith("-minutes");
        }
    }

    @Test
    void theServersSharedSettingsHaveTheBridgesDefaults() {
        assertThat(settings()).extracting(Setting::longName, Setting::defaultValue).contains(
                org.assertj.core.groups.Tuple.tuple("--nats-url", "nats://127.0.0.1:4222"),
                org.assertj.core.groups.Tuple.tuple("--events-stream", "QUIVER_EVENTS"),
                org.assertj.core.groups.Tuple.tuple("--events-subject-prefix", "quiver.events"),
                org.assertj.core.groups.Tuple.tuple("--clickhouse-url", "http://127.0.0.1:8123"),
                org.assertj.core.groups.Tuple.tuple("--clickhouse-user", "default"),
                org.assertj.core.groups.Tuple.tuple("--clickhouse-database", "quiver"),
                org.assertj.core.groups.Tuple.tuple("--clickhouse-table", "events"));
    }

    @Test
    void aValueARecordRefusesExitsWith2AndOneLineNamingTheFlag() {
        ServerArgs.Run run = ServerArgs.execute("--max-streams", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("server: --max-streams must be at least 1, got 0");
    }

    @Test
    void theFlightPortHasTwoNamesAndTheSameVariable() {
        assertThat(ServerArgs.parse("--port", "9000").port()).isEqualTo(9000);
        assertThat(ServerArgs.parse("--flight-port", "9001").port()).isEqualTo(9001);
    }

    private static List<Setting> settings() {
        return Settings.declaredIn(QuiverCommandLine.of(new ServerCommand()));
    }
}
