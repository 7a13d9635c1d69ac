package dev.quiver.sinks.api;

/**
 * A batch could not be stored. Retriability is part of the type: a retriable failure (connection refused,
 * timeout, HTTP 429/5xx) may succeed when redelivered; a permanent one (bad credentials, schema mismatch)
 * will not, whatever the runtime does.
 */
public class SinkException extends Exception {
    private final String sink;
    private final boolean retriable;

    public SinkException(String sink, String message, boolean retriable, Throwable cause) {
        super(sink + ": " + message, cause);
        this.sink = sink;
        this.retriable = retriable;
    }

    public static SinkException retriable(String sink, String message, Throwable cause) {
        return new SinkException(sink, message, true, cause);
    }

    public static SinkException permanent(String sink, String message, Throwable cause) {
        return new SinkException(sink, message, false, cause);
    }

    /** The name of the sink that failed. */
    public String sink() {
        return sink;
    }

    /** Whether redelivering the same batch may succeed. */
    public boolean isRetriable() {
        return retriable;
    }
}
