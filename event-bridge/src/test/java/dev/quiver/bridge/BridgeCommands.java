package dev.quiver.bridge;

import dev.quiver.settings.QuiverCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@link BridgeCommand} the way {@link EventBridgeMain} does, for tests. */
final class BridgeCommands {
    private BridgeCommands() {
    }

    /**
     * The configuration {@code args} describe (unset options at their defaults).
     *
     * @throws CommandLine.ParameterException for a usage error (unknown or repeated option, bad value)
     * @throws IllegalArgumentException       for a value a configuration record refuses
     */
    static BridgeConfig config(String... args) {
        BridgeCommand command = new BridgeCommand();
        QuiverCommandLine.of(command).parseArgs(args);
        return command.config();
    }

    /** Exit code and output of {@code bridge args}; only for arguments that do not start a bridge. */
    static Execution execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = QuiverCommandLine.of(new BridgeCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Execution(exitCode, out.toString(), err.toString());
    }

    record Execution(int exitCode, String out, String err) {
    }
}
