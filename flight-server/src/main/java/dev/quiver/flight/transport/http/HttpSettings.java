package dev.quiver.flight.transport.http;

import dev.quiver.flight.request.QueryLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP endpoint listens.
 *
 * @param host          address to bind (the server's {@code --host})
 * @param port          port to bind, 0 for any free one (the server's {@code --http-port})
 * @param maxBodyBytes  largest request body accepted; larger ones get 413
 * @param threads       requests answered at once (each streaming response, an open subscription too, holds one
 *                      thread)
 * @param queueCapacity requests waiting for a thread; past that new connections are closed at once
 * @param readTimeout   longest a client may take to send one request, headers and body ({@code --http-read-timeout});
 *                      whole seconds, and fixed for the JVM by the first server started in it (see
 *                      {@link QuiverHttpServer#readTimeout()})
 * @param writeTimeout  longest one write of an answer may stay blocked by a client that does not read
 *                      ({@code --http-write-timeout})
 */
public record HttpSettings(String host, int port, long maxBodyBytes, int threads, int queueCapacity, Duration readTimeout,
                           Duration writeTimeout) {
    /** Default {@link #readTimeout}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link #writeTimeout}. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);
    /** Default number of worker threads. */
    public static final int DEFAULT_THREADS = 16;
    /** Default number of requests that may wait for a worker. */
    public static final int DEFAULT_QUEUE = 64;
    /**
     * Workers beyond the stream limit (see {@link #of(String, int, QueryLimits, int)}): they answer 429 at once when
     * every stream slot is taken, and serve {@code /health} and {@code /metrics}, so an overloaded server sheds
     * cleanly instead of leaving requests to pile up in the queue.
     */
    public static final int SPARE_THREADS = 16;
    /** Requests that may wait for a worker when the workers are sized from the stream limit. */
    public static final int SHEDDING_QUEUE = 1024;

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--http-port must be 0..65535, got " + port);
        }
        if (maxBodyBytes < 1 || threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("maxBodyBytes, threads and queueCapacity must be positive, got "
                    + maxBodyBytes + ", " + threads + ", " + queueCapacity);
        }
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        writeTimeout = writeTimeout == null ? DEFAULT_WRITE_TIMEOUT : writeTimeout;
        if (readTimeout.toSeconds() < 1 || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("the read timeout must be at least 1 s and the write timeout positive, got "
                    + readTimeout + ", " + writeTimeout);
        }
    }

    /** As the full form, with the default read and write timeouts. */
    public HttpSettings(String host, int port, long maxBodyBytes, int threads, int queueCapacity) {
        this(host, port, maxBodyBytes, threads, queueCapacity, DEFAULT_READ_TIMEOUT, DEFAULT_WRITE_TIMEOUT);
    }

    /** These settings with other read and write timeouts. */
    public HttpSettings withTimeouts(Duration read, Duration write) {
        return new HttpSettings(host, port, maxBodyBytes, threads, queueCapacity, read, write);
    }

    /**
     * Settings for a server with these query limits: the body may hold the longest accepted query even if every
     * character is JSON-escaped ({@code \\uXXXX}, 6 bytes), plus 1 MiB of variables.
     */
    public static HttpSettings of(String host, int port, QueryLimits limits) {
        return new HttpSettings(host, port, maxBody(limits), DEFAULT_THREADS, DEFAULT_QUEUE);
    }

    /**
     * As {@link #of(String, int, QueryLimits)}, with a worker for each of the server's {@code maxStreams} stream slots
     * plus {@link #SPARE_THREADS}: past the stream limit a request then gets 429 with {@code Retry-After} from a spare
     * worker within moments, rather than waiting in the queue or, with the queue full, having its connection closed
     * unanswered (which only a flood beyond {@link #SHEDDING_QUEUE} waiting requests still causes).
     */
    public static HttpSettings of(String host, int port, QueryLimits limits, int maxStreams) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be at least 1, got " + maxStreams);
        }
        return new HttpSettings(host, port, maxBody(limits), (int) Math.min(Integer.MAX_VALUE - SPARE_THREADS,
                maxStreams) + SPARE_THREADS, SHEDDING_QUEUE);
    }

    private static long maxBody(QueryLimits limits) {
        return dev.quiver.flight.request.RequestPlanner.maxRequestBytes(limits);
    }
}
