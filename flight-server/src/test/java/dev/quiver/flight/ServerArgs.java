package dev.quiver.flight;

import dev.quiver.settings.QuiverCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * The server's command line in tests: {@link #parse} gives the {@link ServerConfig} {@code java -jar … args} would run
 * with (flags, else the real environment, else the declared defaults), {@link #execute} what it prints and its exit
 * code for arguments that end without starting a server ({@code --help}, a refused flag or value).
 */
public final class ServerArgs {
    private ServerArgs() {
    }

    /**
     * The config these arguments give. A refused flag or unconvertible value throws picocli's
     * {@link CommandLine.ParameterException}; a value a config record refuses, its {@link IllegalArgumentException}.
     */
    public static ServerConfig parse(String... args) {
        ServerCommand command = new ServerCommand();
        QuiverCommandLine.of(command).parseArgs(args);
        return command.config();
    }

    /** Runs the command as {@code main} would, without exiting the JVM. */
    public static Run execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = QuiverCommandLine.of(new ServerCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** What {@link #execute} printed and returned. */
    public record Run(int exitCode, String out, String err) {
    }
}
