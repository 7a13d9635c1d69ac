package dev.quiver.sinks.clickhouse.internal;

import com.clickhouse.client.api.ClickHouseException;
import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.DataTransferException;
import com.clickhouse.client.api.ServerException;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.internal.Failures;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Classifies ClickHouse failures into retriable and permanent {@link SinkException}s.
 * <ul>
 *   <li>Retriable: no connection, timeouts, I/O errors, and server errors that say "later" (overload, too many
 *       parts, memory, read-only replica), and any other server error answered with HTTP 5xx or no HTTP status
 *       that is not in the permanent list (18.16 answers nearly every error with HTTP 500).</li>
 *   <li>Permanent: authentication and access, SQL syntax and unknown names, type and parse errors, HTTP 4xx,
 *       a misconfigured client, and exceptions from outside the client (bugs): redelivering the same batch
 *       cannot succeed.</li>
 * </ul>
 */
public final class ClickHouseErrors {
    /** Server error codes that no redelivery fixes (ClickHouse {@code src/Common/ErrorCodes.cpp}). */
    static final Set<Integer> PERMANENT_CODES = Set.of(
            6, 26, 27, 32, 33, 38, 41, 53, 69, 70, 72, 117, 131,   // parse, type and data errors
            16, 36, 43, 44, 46, 47, 48, 50, 60, 62, 73, 81, 115,   // syntax, unknown names, bad arguments
            164, 192, 193, 194, 195, 291, 497, 516);               // read-only user, authentication, access
    private static final Set<Integer> AUTHENTICATION_CODES = Set.of(192, 193, 194, 195, 516);
    private static final Set<Integer> ACCESS_CODES = Set.of(164, 291, 497);
    /** Server error codes that mean "try again later". */
    static final Set<Integer> RETRIABLE_CODES = Set.of(
            159, 202, 203, 209, 210, 241, 242, 252, 425, 999);

    private ClickHouseErrors() {
    }

    /** The failure of {@code action} (e.g. "insert into quiver.events") as a {@link SinkException}. */
    public static SinkException classify(String sink, String action, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return SinkException.retriable(sink, action + " was interrupted", cause);
        }
        if (cause instanceof ServerException server) {
            int code = server.getCode();
            int http = server.getTransportProtocolCode();
            boolean retriable = !PERMANENT_CODES.contains(code)
                    && (RETRIABLE_CODES.contains(code) || http >= 500 || http <= 0);
            String message = action + " failed: ClickHouse error " + code + " (HTTP " + http + "): "
                    + Failures.firstLine(server.getMessage()) + (retriable ? "" : permanentHint(code, http));
            return new SinkException(sink, message, retriable, cause);
        }
        if (cause instanceof ClientMisconfigurationException) {
            return SinkException.permanent(sink, action + " failed: the ClickHouse client is misconfigured: "
                    + Failures.firstLine(cause.getMessage()) + "; check the QUIVER_CLICKHOUSE_* settings", cause);
        }
        if (cause instanceof TimeoutException) {
            return SinkException.retriable(sink, action + " timed out", cause);
        }
        if (cause instanceof ConnectionInitiationException || cause instanceof DataTransferException
                || hasCause(cause, IOException.class)) {
            return SinkException.retriable(sink, action + " failed: ClickHouse is unreachable or the connection"
                    + " broke: " + Failures.describe(cause), cause);
        }
        if (cause instanceof ClickHouseException) {
            return SinkException.retriable(sink, action + " failed in the ClickHouse client: " + Failures.describe(cause), cause);
        }
        return SinkException.permanent(sink, action + " failed unexpectedly (a bug, not the server): "
                + Failures.describe(cause), cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String permanentHint(int code, int http) {
        if (http == 401 || AUTHENTICATION_CODES.contains(code)) {
            return "; check QUIVER_CLICKHOUSE_USER and QUIVER_CLICKHOUSE_PASSWORD";
        }
        if (http == 403 || ACCESS_CODES.contains(code)) {
            return "; grant the user CREATE and INSERT on the events database";
        }
        return "; retrying cannot fix this";
    }
}
