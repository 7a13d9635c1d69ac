package dev.quiver.bridge.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The event tools under a {@code quiver} root, as the cli module's {@code QuiverCommand} mounts them (that module
 * depends on this one, so this module's tests use this stand-in root). Exit codes: 0 done, 1 failed, 2 bad usage.
 */
@Command(name = "quiver", mixinStandardHelpOptions = true, subcommands = {EventsCommand.class, DlqCommand.class},
        description = "Event tools that talk to NATS JetStream directly. 'quiver <command> <subcommand> --help'"
                + " shows a command's options.",
        footer = "Exit status: 0 done, 1 NATS or JetStream failed (the message says what to do), 2 bad command line.")
final class QuiverEventsTool implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw WhichCommand.missing(spec);
    }
}
