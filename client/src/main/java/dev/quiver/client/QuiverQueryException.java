package dev.quiver.client;

import java.net.URI;
import java.util.Objects;

/**
 * A Quiver call failed. {@link #getMessage()} is the server's own message (what a person can act on);
 * {@link #code()} says which kind of failure it was and {@link #server()} which server answered.
 */
public class QuiverQueryException extends RuntimeException {
    private final ErrorCode code;
    private final URI server;

    public QuiverQueryException(ErrorCode code, String message, URI server, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.server = server;
    }

    public ErrorCode code() {
        return code;
    }

    /** The server that answered (or could not be reached); may be {@code null} for failures before any call. */
    public URI server() {
        return server;
    }

    /** Same as {@code code().isRetryable()}. */
    public boolean isRetryable() {
        return code.isRetryable();
    }

    @Override
    public String toString() {
        return getClass().getName() + ": " + code + ": " + getMessage();
    }
}
