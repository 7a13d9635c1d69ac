package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.bridge.BridgeCommand;
import dev.quiver.flight.ServerCommand;
import dev.quiver.settings.QuiverCommandLine;
import dev.quiver.settings.Setting;
import dev.quiver.settings.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every option of the whole {@code quiver} command tree follows the settings conventions: a {@code QUIVER_*}
 * environment variable and a description each; one variable for one flag name; a flag name shared by programs
 * reads one variable (unless a program gives it its own {@code QUIVER_<PROGRAM>_} one), with one type and default;
 * durations as {@code Duration} options, not {@code -ms}/{@code -seconds}/{@code -minutes} numbers.
 */
class SettingsDeclarationsTest {
    private static final CommandLine QUIVER = QuiverCommandLine.of(new QuiverCommand());
    /**
     * What one run does, not how a program runs: these are arguments of that run and read no environment variable
     * (a QUIVER_OUTPUT or QUIVER_DLQ_PURGE left in a shell would change a later run silently).
     */
    private static final Set<String> PER_RUN_ARGUMENTS = Set.of("quiver query --vars", "quiver query --operation",
            "quiver query --output", "quiver mutate --vars", "quiver mutate --operation", "quiver mutate --output",
            "quiver dlq replay --all", "quiver dlq replay --seq", "quiver dlq replay --dry-run",
            "quiver dlq replay --purge", "quiver server --hash-password", "quiver events consume --subject",
            "quiver events consume --ack");
    /**
     * Every program's settings: the {@code quiver} tree, and the two services, which run from their own jars with
     * their own logging and JVM options, mounted here so that the same rules hold across all of them.
     */
    private static final List<Setting> ALL = Settings.declaredIn(QuiverCommandLine.of(new QuiverCommand())
            .addSubcommand(new BridgeCommand()).addSubcommand(new ServerCommand()));
    private static final SettingsRules RULES = new SettingsRules(ALL.stream()
            .filter(setting -> !PER_RUN_ARGUMENTS.contains(setting.commandPath() + " " + setting.longName())).toList());

    @Test
    void theTreeDeclaresTheClientSettings() {
        List<Setting> settings = Settings.declaredIn(QUIVER);
        assertThat(settings).extracting(Setting::commandPath).contains("quiver query", "quiver mutate",
                "quiver health", "quiver sdl");
        assertThat(settings).filteredOn(s -> s.commandPath().equals("quiver health")).extracting(Setting::longName)
                .containsExactlyInAnyOrder("--server", "--user", "--password", "--token", "--trusted-cert", "--timeout",
                        "--debug");
    }

    @Test
    void theServiceProgramsAreChecked() {
        assertThat(ALL).extracting(Setting::commandPath).contains("quiver bridge", "quiver server",
                "quiver events generate", "quiver events consume", "quiver dlq replay");
    }

    @Test
    void perRunArgumentsReadNoVariable() {
        assertThat(ALL).filteredOn(setting -> PER_RUN_ARGUMENTS.contains(setting.commandPath() + " "
                + setting.longName())).hasSize(PER_RUN_ARGUMENTS.size()).extracting(Setting::envVariable)
                .containsOnly("");
    }

    @Test
    void everyOptionReadsAQuiverEnvironmentVariable() {
        assertThat(RULES.withoutQuiverEnvVariable()).as("options without a QUIVER_* variable").isEmpty();
    }

    @Test
    void everyOptionHasADescription() {
        assertThat(RULES.withoutDescription()).as("options without a description").isEmpty();
    }

    @Test
    void oneEnvironmentVariableIsOneFlagName() {
        assertThat(RULES.envVariablesWithSeveralFlags()).as("variables read by differently named flags").isEmpty();
    }

    @Test
    void aFlagNameSharedByCommandsReadsOneVariable() {
        assertThat(RULES.flagsWithSeveralSharedEnvVariables()).as("flag names reading several variables").isEmpty();
    }

    @Test
    void oneVariableHasOneTypeAndDefault() {
        assertThat(RULES.envVariablesWithDifferentTypeOrDefault()).as("variables with several types or defaults")
                .isEmpty();
    }

    @Test
    void noFlagNameEndsInAUnit() {
        assertThat(RULES.flagsWithAUnitInTheName()).as("flags with a unit in the name").isEmpty();
    }

    @Test
    void quiverHelpListsEverySubcommand() {
        String help = QUIVER.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(QUIVER.getSubcommands().keySet()).isNotEmpty()
                .allSatisfy(name -> assertThat(help).as("quiver --help").contains("\n  " + name + " "));
    }

    // The checks catch what they are for: a test-only tree that breaks each rule once.

    @Test
    void theChecksNameTheOptionsThatBreakTheRules() {
        SettingsRules bad = new SettingsRules(Settings.declaredIn(QuiverCommandLine.of(new BadRoot())));
        assertThat(bad.withoutQuiverEnvVariable()).containsExactlyInAnyOrder(
                "'bad one --no-env' reads no environment variable",
                "'bad one --foreign-env' reads 'HOME_DIR', not a QUIVER_* one");
        assertThat(bad.withoutDescription()).containsExactly("'bad one --undocumented' has no description");
        assertThat(bad.envVariablesWithSeveralFlags()).singleElement().asString()
                .startsWith("QUIVER_SHARED is read by different flags:")
                .contains("'bad one --shared'", "'bad one --shared-too'");
        assertThat(bad.flagsWithSeveralSharedEnvVariables()).singleElement().asString()
                .startsWith("--port reads different variables")
                .contains("'bad one --port' -> QUIVER_PORT", "'bad two --port' -> QUIVER_LISTEN_PORT")
                .doesNotContain("QUIVER_THREE_PORT");
        assertThat(bad.envVariablesWithDifferentTypeOrDefault()).singleElement().asString()
                .startsWith("QUIVER_WAIT has different types or defaults:")
                .contains("'bad one --wait' Duration default '5s'", "'bad two --wait' Duration default '10s'");
        assertThat(bad.flagsWithAUnitInTheName()).containsExactly(
                "'bad one --poll-ms' has a unit in its name; make it a Duration option without the suffix");
    }

    @Command(name = "bad", subcommands = {BadOne.class, BadTwo.class, ScopedThree.class})
    static final class BadRoot {
    }

    @Command(name = "one")
    static final class BadOne implements Callable<Integer> {
        @Option(names = "--no-env", description = "no variable")
        String noEnv;
        @Option(names = "--foreign-env", defaultValue = "${env:HOME_DIR}", description = "not a QUIVER_ one")
        String foreignEnv;
        @Option(names = "--undocumented", defaultValue = "${env:QUIVER_UNDOCUMENTED}")
        String undocumented;
        @Option(names = "--shared", defaultValue = "${env:QUIVER_SHARED}", description = "one name")
        String shared;
        @Option(names = "--shared-too", defaultValue = "${env:QUIVER_SHARED}", description = "another name")
        String sharedToo;
        @Option(names = "--port", defaultValue = "${env:QUIVER_PORT:-1}", description = "port")
        int port;
        @Option(names = "--wait", defaultValue = "${env:QUIVER_WAIT:-5s}", description = "wait")
        Duration waitFor;
        @Option(names = "--poll-ms", defaultValue = "${env:QUIVER_POLL_MS:-100}", description = "poll")
        int pollMs;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "two")
    static final class BadTwo implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "${env:QUIVER_LISTEN_PORT:-2}", description = "port, other variable")
        int port;
        @Option(names = "--wait", defaultValue = "${env:QUIVER_WAIT:-10s}", description = "wait, other default")
        Duration waitFor;

        @Override
        public Integer call() {
            return 0;
        }
    }

    /** Breaks nothing: its own {@code --port} reads a variable of its own program. */
    @Command(name = "three")
    static final class ScopedThree implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "${env:QUIVER_THREE_PORT:-3}", description = "this program's port")
        int port;

        @Override
        public Integer call() {
            return 0;
        }
    }
}
