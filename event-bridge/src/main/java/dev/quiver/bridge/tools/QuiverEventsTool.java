package dev.quiver.bridge.tools;

import dev.quiver.settings.QuiverCommandLine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The event side of the {@code quiver} command line tool: {@code client/bin/quiver events …} and
 * {@code quiver dlq …} run this with their whole command line. Exit codes: 0 done, 1 failed, 2 bad usage.
 */
@Command(name = "quiver", mixinStandardHelpOptions = true, subcommands = {EventsCommand.class, DlqCommand.class},
        description = "Event tools that talk to NATS JetStream directly. 'quiver <command> <subcommand> --help'"
                + " shows a command's options.",
        footer = "Exit status: 0 done, 1 NATS or JetStream failed (the message says what to do), 2 bad command line.")
public final class QuiverEventsTool implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw WhichCommand.missing(spec);
    }

    public static void main(String[] args) {
        System.exit(QuiverCommandLine.of(new QuiverEventsTool()).execute(args));
    }
}
