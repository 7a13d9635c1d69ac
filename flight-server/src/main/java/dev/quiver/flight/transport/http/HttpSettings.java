package dev.quiver.flight.transport.http;

import dev.quiver.flight.request.QueryLimits;
import java.nio.file.Path;
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
 * @param maxHeaderBytes largest request line plus headers accepted ({@code --max-header-bytes}); a larger request
 *                      is refused before any handler runs. Fixed for the JVM by the first server started in it (see
 *                      {@link QuiverHttpServer#maxHeaderBytes()})
 * @param allowedHosts  the {@code Host} values answered ({@code --allowed-hosts}); the bind address is added
 * @param tlsCertificate PEM certificate chain to serve HTTPS with ({@code --tls-cert}); null = plain HTTP
 * @param tlsPrivateKey its PKCS#8 PEM private key ({@code --tls-key}); null exactly when {@code tlsCertificate} is
 */
public record HttpSettings(String host, int port, long maxBodyBytes, int threads, int queueCapacity, Duration readTimeout,
                           Duration writeTimeout, int maxHeaderBytes, AllowedHosts allowedHosts, Path tlsCertificate,
                           Path tlsPrivateKey) {
    /** Default {@link #readTimeout}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link #writeTimeout}. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@link #maxHeaderBytes}: 64 KiB. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 64 << 10;
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
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("--max-header-bytes must be at least 1024, got " + maxHeaderBytes);
        }
        allowedHosts = allowedHosts == null ? AllowedHosts.DEFAULT : allowedHosts;
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("HTTPS needs both --tls-cert and --tls-key, got " + tlsCertificate
                    + " and " + tlsPrivateKey);
        }
    }

    /** As the full form, with the default header budget and allowed hosts, and without TLS. */
    public HttpSettings(String host, int port, long maxBodyBytes, int threads, int queueCapacity, Duration readTimeout,
                        Duration writeTimeout) {
        this(host, port, maxBodyBytes, threads, queueCapacity, readTimeout, writeTimeout, DEFAULT_MAX_HEADER_BYTES,
                AllowedHosts.DEFAULT, null, null);
    }

    /** As the full form, with the default read and write timeouts, header budget and allowed hosts, without TLS. */
    public HttpSettings(String host, int port, long maxBodyBytes, int threads, int queueCapacity) {
        this(host, port, maxBodyBytes, threads, queueCapacity, DEFAULT_READ_TIMEOUT, DEFAULT_WRITE_TIMEOUT);
    }

    /** These settings with other read and write timeouts. */
    public HttpSettings withTimeouts(Duration read, Duration write) {
        return new HttpSettings(host, port, maxBodyBytes, threads, queueCapacity, read, write, maxHeaderBytes,
                allowedHosts, tlsCertificate, tlsPrivateKey);
    }

    /** These settings with another header budget. */
    public HttpSettings withMaxHeaderBytes(int bytes) {
        return new HttpSettings(host, port, maxBodyBytes, threads, queueCapacity, readTimeout, writeTimeout, bytes,
                allowedHosts, tlsCertificate, tlsPrivateKey);
    }

    /** These settings with other allowed {@code Host} names. */
    public HttpSettings withAllowedHosts(AllowedHosts hosts) {
        return new HttpSettings(host, port, maxBodyBytes, threads, queueCapacity, readTimeout, writeTimeout,
                maxHeaderBytes, hosts, tlsCertificate, tlsPrivateKey);
    }

    /** These settings serving HTTPS with this PEM certificate chain and PKCS#8 key (both null: plain HTTP). */
    public HttpSettings withTls(Path certificate, Path privateKey) {
        return new HttpSettings(host, port, maxBodyBytes, threads, queueCapacity, readTimeout, writeTimeout,
                maxHeaderBytes, allowedHosts, certificate, privateKey);
    }

    /** Whether the port speaks HTTPS. */
    public boolean tls() {
        return tlsCertificate != null;
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
