package dev.quiver.bridge.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quiver events}: tools that publish observer events to NATS JetStream. */
@Command(name = "events", mixinStandardHelpOptions = true, subcommands = {GenerateCommand.class, ConsumeCommand.class},
        description = "Tools that publish observer events to NATS JetStream, or consume them, directly.")
public final class EventsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw WhichCommand.missing(spec);
    }
}
