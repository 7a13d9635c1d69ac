package dev.quiver.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class QuiverCommandLineTest {
    @Command(name = "demo", mixinStandardHelpOptions = true, subcommands = Demo.Child.class)
    static class Demo implements Callable<Integer> {
        @Option(names = "--wait", defaultValue = "${env:QUIVER_TEST_UNSET_WAIT:-5s}", paramLabel = "DURATION",
                description = "How long to wait.")
        Duration wait;

        @Option(names = "--rows", defaultValue = "${env:QUIVER_TEST_UNSET_ROWS:-10}", description = "Rows.")
        int rows;

        @Override
        public Integer call() {
            if (rows < 1) {
                throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
            }
            return 0;
        }

        @Command(name = "child", mixinStandardHelpOptions = true)
        static class Child implements Callable<Integer> {
            @Option(names = "--linger", defaultValue = "${env:QUIVER_TEST_UNSET_LINGER:-250ms}",
                    description = "Linger.")
            Duration linger;

            @Override
            public Integer call() {
                return 0;
            }
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine commandLine = QuiverCommandLine.of(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void durationsInTheOneSyntaxInEverySubcommand() {
        Demo demo = new Demo();
        CommandLine commandLine = QuiverCommandLine.of(demo);
        commandLine.parseArgs("--wait", "PT1M");
        assertThat(demo.wait).isEqualTo(Duration.ofMinutes(1));

        Demo.Child child = commandLine.getSubcommands().get("child").getCommand();
        commandLine.parseArgs("child", "--linger", "0.5");
        assertThat(child.linger).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void defaultsComeFromTheDeclarationWhenTheVariableIsUnset() {
        Demo demo = new Demo();
        QuiverCommandLine.of(demo).parseArgs();
        assertThat(demo.wait).isEqualTo(Duration.ofSeconds(5));
        assertThat(demo.rows).isEqualTo(10);
    }

    @Test
    void helpShowsEachDefaultAndEnvironmentVariable() {
        assertThat(run(new Demo(), "--help")).isZero();
        assertThat(out.toString())
                .contains("--wait=DURATION")
                .contains("Default: 5s")
                .contains("Env: QUIVER_TEST_UNSET_WAIT")
                .contains("Env: QUIVER_TEST_UNSET_ROWS");
    }

    @Test
    void anUnknownOptionIsRefusedByNameWithASuggestion() {
        assertThat(run(new Demo(), "--row", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option").contains("'--row'").contains("--rows")
                .contains("Run 'demo --help'");
    }

    @Test
    void anArgumentStartingWithAtIsAValueNotAFileToExpand() {
        // expanded, the file's text would be the value; as written, '@/etc/hostname' is refused as no number
        assertThat(run(new Demo(), "--rows", "@/etc/hostname")).isEqualTo(2);
        assertThat(err.toString()).contains("'@/etc/hostname'");
    }

    @Test
    void aRepeatedOptionIsRefused() {
        assertThat(run(new Demo(), "--rows", "3", "--rows", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("--rows").contains("should be specified only once");
    }

    @Test
    void aBadDurationNamesTheOptionAndTheSyntax() {
        assertThat(run(new Demo(), "child", "--linger", "5x")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--linger': '5x' is not a duration such as 250ms")
                .doesNotContain("Exception");
    }

    @Test
    void aSettingRefusedByTheCommandIsOneLineAndExitTwo() {
        assertThat(run(new Demo(), "--rows", "0")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("demo: --rows must be at least 1, got 0" + System.lineSeparator());
    }
}
