package dev.quiver.settings;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds the picocli {@link CommandLine} of every Quiver program with the same conventions.
 *
 * <ul>
 *   <li>{@link Duration} options take {@link DurationText}'s one syntax.</li>
 *   <li>{@code --help} shows each option's default and the environment variable it also reads.</li>
 *   <li>Unknown, abbreviated and repeated options are refused by name; usage errors exit 2 with a short message.</li>
 *   <li>An argument starting with {@code @} is taken as written (no picocli argument files).</li>
 *   <li>An {@link IllegalArgumentException} from a command (a setting's validation) is printed as one line, exit 2.</li>
 * </ul>
 */
public final class QuiverCommandLine {
    private QuiverCommandLine() {
    }

    /** {@code command} is a picocli {@code @Command} object; its subcommands get the same conventions. */
    public static CommandLine of(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.registerConverter(Duration.class, QuiverCommandLine::duration);
        commandLine.setAbbreviatedOptionsAllowed(false);
        commandLine.setAbbreviatedSubcommandsAllowed(false);
        commandLine.setOverwrittenOptionsAllowed(false);
        commandLine.setUnmatchedArgumentsAllowed(false);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // an argument starting with @ is a value (a password, "@report.graphql" the query command reads itself),
        // never a file picocli would expand into more arguments
        commandLine.setExpandAtFiles(false);
        commandLine.setHelpFactory(QuiverCommandLine::help);
        commandLine.setParameterExceptionHandler(QuiverCommandLine::usageError);
        commandLine.setExecutionExceptionHandler((error, failed, parsed) -> {
            if (error instanceof IllegalArgumentException) {
                failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + error.getMessage());
                return failed.getCommandSpec().exitCodeOnInvalidInput();
            }
            throw error;
        });
        showDefaults(commandLine);
        return commandLine;
    }

    private static Duration duration(String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    private static void showDefaults(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().showDefaultValues(true);
        new LinkedHashSet<>(commandLine.getSubcommands().values()).forEach(QuiverCommandLine::showDefaults);
    }

    private static int usageError(ParameterException error, String[] args) {
        CommandLine failed = error.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println(failed.getCommandSpec().qualifiedName() + ": " + error.getMessage());
        UnmatchedArgumentException.printSuggestions(error, err);
        err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static Help help(CommandSpec spec, Help.ColorScheme colors) {
        return new Help(spec, colors) {
            @Override
            public IOptionRenderer createDefaultOptionRenderer() {
                IOptionRenderer plain = super.createDefaultOptionRenderer();
                return (option, labels, scheme) -> withEnvVariable(plain.render(option, labels, scheme), option, scheme);
            }
        };
    }

    /** Adds an {@code Env: NAME} line below an option's description when it reads an environment variable. */
    private static Text[][] withEnvVariable(Text[][] rows, OptionSpec option, Help.ColorScheme scheme) {
        Optional<String> env = EnvVariables.of(option);
        if (env.isEmpty() || rows.length == 0) {
            return rows;
        }
        Text[][] withEnv = Arrays.copyOf(rows, rows.length + 1);
        int columns = rows[0].length;
        Text[] envRow = new Text[columns];
        Arrays.fill(envRow, scheme.ansi().text(""));
        envRow[columns - 1] = scheme.ansi().text("  Env: " + env.get());
        withEnv[rows.length] = envRow;
        return withEnv;
    }
}
