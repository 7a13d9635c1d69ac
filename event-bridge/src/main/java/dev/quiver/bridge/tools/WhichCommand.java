package dev.quiver.bridge.tools;

import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What a command group (e.g. {@code quiver dlq}) says when it is run without one of its commands: exit 2. */
final class WhichCommand {
    private WhichCommand() {
    }

    static ParameterException missing(CommandSpec group) {
        return new ParameterException(group.commandLine(), "which command? " + group.subcommands().values().stream()
                .map(sub -> "'" + sub.getCommandSpec().qualifiedName() + "'").distinct()
                .collect(Collectors.joining(" or ")));
    }
}
