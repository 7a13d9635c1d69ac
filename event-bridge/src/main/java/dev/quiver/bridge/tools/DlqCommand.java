package dev.quiver.bridge.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quiver dlq}: the dead letters the event-bridge could never store, listed and replayed. */
@Command(name = "dlq", mixinStandardHelpOptions = true, subcommands = {DlqListCommand.class, DlqReplayCommand.class},
        description = "The dead letters: events the event-bridge could never store in a sink.")
public final class DlqCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw WhichCommand.missing(spec);
    }
}
