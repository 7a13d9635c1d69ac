package dev.quiver.cli;

import dev.quiver.bridge.tools.DlqCommand;
import dev.quiver.bridge.tools.EventsCommand;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quiver}: the one command line tool. Each program is a subcommand declared in {@code subcommands}; the
 * client commands ({@code query}, {@code mutate}, {@code health}, {@code sdl}) share the connection options of
 * {@link ConnectionOptions}; the event tools ({@code events generate}, {@code dlq list|replay}) come from the
 * event-bridge module and talk to NATS JetStream directly. Run it with {@code QuiverCommandLine.of(new QuiverCommand()).execute(args)}.
 */
@Command(name = "quiver", mixinStandardHelpOptions = true, versionProvider = QuiverVersion.class, usageHelpWidth = 120,
        description = "Ask a Quiver server in GraphQL, get Apache Arrow back (over Arrow Flight).",
        subcommands = {QueryCommand.class, MutateCommand.class, HealthCommand.class, SdlCommand.class,
                EventsCommand.class, DlqCommand.class, HelpCommand.class, AutoComplete.GenerateCompletion.class},
        footerHeading = "%nExamples:%n",
        footer = {
                "  quiver health",
                "  quiver sdl | less",
                "  quiver query '{ users(limit: 5) { id name } }'",
                "  quiver query '{ users { id name } }' --format csv --output users.csv",
                "  quiver mutate 'mutation { updateOrderStatus(id: \"1\", status: \"shipped\") { id status } }'",
                "  quiver health --server grpc+tls://quiver.example.com:443 --token \"$TOKEN\"",
                "  quiver events generate --count 100000 --rate 10000   # synthetic events into NATS JetStream",
                "  quiver dlq list                                        # the event-bridge's dead letters",
                "  source <(quiver generate-completion)      # TAB completion in this bash or zsh",
                "",
                "Exit status: 0 done, 1 the server (or NATS) failed or refused (its message is printed), 2 bad command line.",
                "No server yet? `make run` in the Quiver repository starts one at grpc://localhost:50051.",
                "'quiver COMMAND --help' shows a command's options, each with its default and environment variable."})
public final class QuiverCommand implements Callable<Integer> {
    private final CliIo io;

    @Spec
    CommandSpec spec;

    public QuiverCommand() {
        this(CliIo.system());
    }

    /** With the streams, terminal and clock the client commands use (tests give their own). */
    QuiverCommand(CliIo io) {
        this.io = io;
    }

    CliIo io() {
        return io;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing command; try: quiver query '{ users(limit: 5) { id name } }'");
    }
}
