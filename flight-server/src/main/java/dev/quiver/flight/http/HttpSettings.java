package dev.quiver.flight.http;

import dev.quiver.flight.compile.QueryLimits;
import java.util.Objects;

/**
 * How the HTTP endpoint listens.
 *
 * @param host          address to bind (the server's {@code --host})
 * @param port          port to bind, 0 for any free one (the server's {@code --http-port})
 * @param maxBodyBytes  largest request body accepted; larger ones get 413
 * @param threads       requests answered at once (each streaming response holds one thread)
 * @param queueCapacity requests waiting for a thread; past that new connections are closed at once
 */
public record HttpSettings(String host, int port, long maxBodyBytes, int threads, int queueCapacity) {
    /** Default number of worker threads. */
    public static final int DEFAULT_THREADS = 16;
    /** Default number of requests that may wait for a worker. */
    public static final int DEFAULT_QUEUE = 64;
    private static final long VARIABLES_ALLOWANCE = 1L << 20;

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--http-port must be 0..65535, got " + port);
        }
        if (maxBodyBytes < 1 || threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("maxBodyBytes, threads and queueCapacity must be positive, got "
                    + maxBodyBytes + ", " + threads + ", " + queueCapacity);
        }
    }

    /**
     * Settings for a server with these query limits: the body may hold the longest accepted query even if every
     * character is JSON-escaped ({@code \\uXXXX}, 6 bytes), plus 1 MiB of variables.
     */
    public static HttpSettings of(String host, int port, QueryLimits limits) {
        return new HttpSettings(host, port, 6L * limits.maxQueryChars() + VARIABLES_ALLOWANCE, DEFAULT_THREADS,
                DEFAULT_QUEUE);
    }
}
