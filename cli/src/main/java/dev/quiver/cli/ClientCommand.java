package dev.quiver.cli;

import dev.quiver.client.ErrorCode;
import dev.quiver.client.QuiverQueryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a Quiver server: the {@link ConnectionOptions}, {@code --debug}, and what a failure
 * prints. Exit status {@value #EXIT_OK} on success, {@value #EXIT_FAILED} when the server failed or refused (its
 * message is printed with what to do); a wrong command line ({@link IllegalArgumentException} or a picocli usage
 * error) exits 2 with a message naming the argument.
 */
abstract class ClientCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    @ParentCommand
    QuiverCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--debug", defaultValue = "${env:QUIVER_DEBUG:-false}",
            description = "Print the stack trace of an unexpected failure.")
    boolean debug;

    /** Runs the command once the options are parsed; {@link IllegalArgumentException} is a usage error. */
    abstract int run(CliIo io) throws IOException;

    @Override
    public final Integer call() {
        CliIo io = parent.io();
        String command = "quiver " + spec.name();
        try {
            return run(io);
        } catch (QuiverQueryException e) {
            return serverError(io, command, e);
        } catch (IOException e) {
            if (isBrokenPipe(e)) {
                return EXIT_OK;
            }
            io.err().println(command + ": cannot write the output: " + e.getMessage() + afterWriteFailure());
            return EXIT_FAILED;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            io.err().println(command + ": unexpected failure: " + e);
            if (debug) {
                e.printStackTrace(io.err());
            } else {
                io.err().println("  (add --debug, or set QUIVER_DEBUG=true, for the stack trace)");
            }
            return EXIT_FAILED;
        } finally {
            flush(io);
        }
    }

    /** What to add to a failed-write message; a mutation says it was applied. */
    String afterWriteFailure() {
        return "";
    }

    /** Writes text to standard output. */
    static void print(CliIo io, String text) throws IOException {
        io.out().write(text.getBytes(StandardCharsets.UTF_8));
        io.out().flush();
    }

    private static void flush(CliIo io) {
        try {
            io.out().flush();
        } catch (IOException e) {
            // the reader went away (e.g. `| head`); nothing left to tell it
        }
    }

    private int serverError(CliIo io, String command, QuiverQueryException e) {
        String message = e.getMessage();
        boolean unreachable = e.code() == ErrorCode.UNAVAILABLE && message.startsWith("server not reachable");
        boolean tls = e.code() == ErrorCode.UNAVAILABLE && message.startsWith("TLS handshake");
        if (unreachable || tls) {
            io.err().println(command + ": " + message);
        } else {
            io.err().println(command + ": " + e.code() + " from " + e.server() + ": " + message);
        }
        String hint = tls ? "give the server's CA certificate with --trusted-cert FILE, or check that it speaks TLS"
                : wrongVerb(e) ? (spec.name().equals("query") ? "a mutation is a write: run it with 'quiver mutate'"
                        : "a query is a read: run it with 'quiver query'") + ", which takes the same options"
                : hint(e.code(), unreachable);
        if (hint != null) {
            io.err().println("  hint: " + hint);
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
