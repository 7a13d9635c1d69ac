package dev.quiver.client.cli;

import dev.quiver.client.ErrorCode;
import dev.quiver.client.HealthStatus;
import dev.quiver.client.QuiverClient;
import dev.quiver.client.QuiverClientConfig;
import dev.quiver.client.QuiverQueryException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code quiver} command line tool: {@code quiver query}, {@code quiver mutate}, {@code quiver health},
 * {@code quiver sdl}.
 * Exit status {@value #EXIT_OK} on success, {@value #EXIT_FAILED} when the server failed or refused (its message
 * is printed with what to do), {@value #EXIT_USAGE} for a wrong command line (the message names the argument).
 */
public final class QuiverCli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    // kept so the JUL configuration below is not garbage collected
    private static final Logger[] QUIET_LOGGERS = {Logger.getLogger("io.grpc"), Logger.getLogger("io.netty")};

    private final InputStream stdin;
    private final OutputStream stdout;
    private final PrintStream stderr;
    private final Map<String, String> env;
    private final Terminal terminal;
    private final LongSupplier nanoClock;

    QuiverCli(InputStream stdin, OutputStream stdout, PrintStream stderr, Map<String, String> env, Terminal terminal,
            LongSupplier nanoClock) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.env = env;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    public static void main(String[] args) {
        // the tool talks to people: no logging-framework chatter on stderr
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        for (Logger logger : QUIET_LOGGERS) {
            logger.setLevel(Level.SEVERE);
        }
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = new QuiverCli(System.in, stdout, stderr, System.getenv(), Terminal.system(), System::nanoTime)
                .run(args);
        try {
            stdout.flush();
        } catch (IOException e) {
            // the reader went away (e.g. `| head`); nothing left to tell it
        }
        System.exit(status);
    }

    /** Runs one command line and returns the exit status. */
    public int run(String[] args) {
        CliArgs parsed;
        try {
            parsed = CliArgs.parse(args);
        } catch (UsageException e) {
            return usageError(e);
        }
        String command = parsed.command();
        if (parsed.has(CliOption.HELP)) {
            return printHelp(HelpText.forCommand(command == null ? "" : command));
        }
        try {
            if (command == null) {
                throw new UsageException(null, "missing command; try: quiver query '{ users(limit: 5) { id name } }'");
            }
            return switch (command) {
                case "help" -> help(parsed);
                case "query", "mutate" -> new QueryCommand(command, stdin, stdout, stderr, terminal, nanoClock)
                        .run(parsed, ConnectionOptions.config(parsed, env));
                case "health" -> health(parsed);
                default -> sdl(parsed);
            };
        } catch (UsageException e) {
            return usageError(e);
        } catch (QuiverQueryException e) {
            return serverError(command, e);
        } catch (IOException e) {
            if (isBrokenPipe(e)) {
                return EXIT_OK;
            }
            stderr.println("quiver " + command + ": cannot write the output: " + e.getMessage()
                    + ("mutate".equals(command) ? " (the mutation itself was applied: do not run it again)" : ""));
            return EXIT_FAILED;
        } catch (Exception e) {
            stderr.println("quiver " + command + ": unexpected failure: " + e);
            if (env.containsKey("QUIVER_DEBUG")) {
                e.printStackTrace(stderr);
            } else {
                stderr.println("  (set QUIVER_DEBUG=1 for the stack trace)");
            }
            return EXIT_FAILED;
        }
    }

    private int help(CliArgs args) throws UsageException {
        if (args.positionals().size() > 1) {
            throw new UsageException(null, "unexpected argument '" + args.positionals().get(1) + "'");
        }
        if (args.positionals().isEmpty()) {
            return printHelp(HelpText.global());
        }
        String topic = args.positionals().get(0);
        if (!CliArgs.COMMANDS.contains(topic)) {
            throw new UsageException(null, "no help for '" + topic + "'; the commands are query, health and sdl");
        }
        return printHelp(HelpText.forCommand(topic));
    }

    private int health(CliArgs args) throws UsageException, IOException {
        rejectPositionals(args);
        QuiverClientConfig config = ConnectionOptions.config(args, env);
        try (QuiverClient client = QuiverClient.connect(config)) {
            HealthStatus health = client.health();
            print(health.json().strip() + "\n");
            if (!health.isOk()) {
                stderr.println("quiver health: " + config.uri() + " answered status '" + health.status()
                        + "', not 'ok'");
                return EXIT_FAILED;
            }
            return EXIT_OK;
        }
    }

    private int sdl(CliArgs args) throws UsageException, IOException {
        rejectPositionals(args);
        try (QuiverClient client = QuiverClient.connect(ConnectionOptions.config(args, env))) {
            String sdl = client.sdl();
            print(sdl.endsWith("\n") ? sdl : sdl + "\n");
            return EXIT_OK;
        }
    }

    private static void rejectPositionals(CliArgs args) throws UsageException {
        if (!args.positionals().isEmpty()) {
            throw new UsageException(args.command(), "unexpected argument '" + args.positionals().get(0)
                    + "'; 'quiver " + args.command() + "' takes only options");
        }
    }

    private int printHelp(String text) {
        try {
            print(text);
        } catch (IOException e) {
            return EXIT_FAILED;
        }
        return EXIT_OK;
    }

    private void print(String text) throws IOException {
        stdout.write(text.getBytes(StandardCharsets.UTF_8));
        stdout.flush();
    }

    private int usageError(UsageException e) {
        String prefix = e.command() == null ? "quiver" : "quiver " + e.command();
        stderr.println(prefix + ": " + e.getMessage());
        stderr.println("Run '" + prefix + " --help' for usage.");
        return EXIT_USAGE;
    }

    private int serverError(String command, QuiverQueryException e) {
        String message = e.getMessage();
        boolean unreachable = e.code() == ErrorCode.UNAVAILABLE && message.startsWith("server not reachable");
        boolean tls = e.code() == ErrorCode.UNAVAILABLE && message.startsWith("TLS handshake");
        if (unreachable || tls) {
            stderr.println("quiver " + command + ": " + message);
        } else {
            stderr.println("quiver " + command + ": " + e.code() + " from " + e.server() + ": " + message);
        }
        String hint = tls ? "give the server's CA certificate with --trusted-cert FILE, or check that it speaks TLS"
                : wrongVerb(e) ? (command.equals("query") ? "a mutation is a write: run it with 'quiver mutate'"
                        : "a query is a read: run it with 'quiver query'") + ", which takes the same options"
                : hint(e.code(), unreachable);
        if (hint != null) {
            stderr.println("  hint: " + hint);
        }
        return EXIT_FAILED;
    }

    /**
     * Whether the server refused the request for the Flight verb it came with: a mutation sent for reading
     * ("send it with DoExchange") or a query sent as a write ("DoExchange runs mutations").
     */
    private static boolean wrongVerb(QuiverQueryException e) {
        return e.code() == ErrorCode.INVALID_QUERY && e.getMessage().contains("DoExchange");
    }

    private static String hint(ErrorCode code, boolean unreachable) {
        return switch (code) {
            case INVALID_QUERY -> "fix the query; 'quiver sdl' prints the schema the server accepts";
            case UNAUTHENTICATED -> "give credentials: --user NAME --password SECRET, or --token TOKEN"
                    + " (or QUIVER_USER/QUIVER_PASSWORD, QUIVER_TOKEN)";
            case UNAUTHORIZED -> "these credentials may not do this; ask for access or use other credentials";
            case RESOURCE_EXHAUSTED -> "narrow the query (limit:, where:, fewer fields) or try again later";
            case UNAVAILABLE -> unreachable
                    ? "start it with `make run` (in the Quiver repository), or point --server or QUIVER_URL"
                            + " at a running server"
                    : "the server or a source behind it is down; try again shortly"
                            + " (a server that speaks TLS needs a grpc+tls:// URI)";
            case TIMED_OUT -> "raise --timeout or narrow the query";
            case INTERNAL -> "the server failed; its log has the details";
            default -> null;
        };
    }

    private static boolean isBrokenPipe(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("Broken pipe");
    }
}
