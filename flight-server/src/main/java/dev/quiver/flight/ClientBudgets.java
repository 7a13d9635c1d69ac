package dev.quiver.flight;

import java.time.Duration;

/**
 * What one client may cost the server before it is refused: the size of what it sends, how long it may take to
 * send a request or to read an answer, and how much Arrow memory one request may hold. Each has a safe default, so
 * a server reachable by others cannot be made to buffer gigabytes or park its workers.
 *
 * @param maxMessageBytes  {@code --max-message-bytes N} [QUIVER_MAX_MESSAGE_BYTES]: largest gRPC message (ticket,
 *                         command, action body) the Flight server reads; larger ones end the call with
 *                         RESOURCE_EXHAUSTED before they are buffered (default 16 MiB)
 * @param maxHeaderBytes   {@code --max-header-bytes N} [QUIVER_MAX_HEADER_BYTES]: largest HTTP/2 header list of a Flight
 *                         call, checked by the framing layer before authentication, and largest request line plus
 *                         headers of an HTTP request, whose connection is closed unanswered past it (default 64 KiB)
 * @param httpReadTimeout  {@code --http-read-timeout D} [QUIVER_HTTP_READ_TIMEOUT]: longest an HTTP client may take to
 *                         send one request, headers and body, from connecting (or reusing an idle connection); past it
 *                         the connection is closed (default 30 s; whole seconds, the JDK server's granularity)
 * @param httpWriteTimeout {@code --http-write-timeout D} [QUIVER_HTTP_WRITE_TIMEOUT]: longest one write of an HTTP answer
 *                         may stay blocked because the client does not read; past it the connection is closed and the
 *                         query ends, freeing its stream slot (default 60 s)
 * @param maxRequestMemory {@code --max-request-memory N} [QUIVER_MAX_REQUEST_MEMORY]: most Arrow (direct) memory one
 *                         query may hold at once; past it that request alone fails with RESOURCE_EXHAUSTED
 *                         (default 256 MiB)
 * @param maxRelationRows  {@code --max-relation-rows N} [QUIVER_MAX_RELATION_ROWS]: most rows one batch of an answer
 *                         may hold across its root and all relation levels (the product of their fan-outs); a request
 *                         past it fails with RESOURCE_EXHAUSTED before the rows are copied. {@code --max-rows} bounds
 *                         it too (default 1,000,000)
 * @param maxServerMemory  {@code --max-server-memory N} [QUIVER_MAX_SERVER_MEMORY]: most Arrow (direct) memory all
 *                         queries, mutations, history and subscriptions may hold together; a query that would take the
 *                         server past it fails alone with UNAVAILABLE ("retry in a moment") instead of the JVM running
 *                         out of direct memory. 0, the default, means half the JVM's direct memory limit
 *                         ({@code -XX:MaxDirectMemorySize}, which defaults to {@code -Xmx}); the other half is left to
 *                         gRPC's and the HTTP server's own buffers. {@code --max-streams} × {@code --max-request-memory}
 *                         may be larger: this is what bounds the sum
 */
public record ClientBudgets(int maxMessageBytes, int maxHeaderBytes, Duration httpReadTimeout, Duration httpWriteTimeout,
                            long maxRequestMemory, long maxRelationRows, long maxServerMemory) {
    public static final ClientBudgets DEFAULTS = new ClientBudgets(16 << 20, 64 << 10, Duration.ofSeconds(30),
            Duration.ofSeconds(60), 256L << 20, 1_000_000, 0);

    public ClientBudgets {
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("--max-message-bytes must be at least 1024, got " + maxMessageBytes);
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("--max-header-bytes must be at least 1024, got " + maxHeaderBytes);
        }
        if (httpReadTimeout == null || httpReadTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("--http-read-timeout must be at least 1 second, got " + httpReadTimeout);
        }
        if (httpWriteTimeout == null || httpWriteTimeout.isNegative() || httpWriteTimeout.isZero()) {
            throw new IllegalArgumentException("--http-write-timeout must be positive, got " + httpWriteTimeout);
        }
        if (maxRequestMemory < 1 << 20) {
            throw new IllegalArgumentException("--max-request-memory must be at least 1048576 (1 MiB), got "
                    + maxRequestMemory);
        }
        if (maxRelationRows < 1) {
            throw new IllegalArgumentException("--max-relation-rows must be at least 1, got " + maxRelationRows);
        }
        if (maxServerMemory != 0 && maxServerMemory < 1 << 20) {
            throw new IllegalArgumentException("--max-server-memory must be 0 (half the JVM's direct memory) or at least"
                    + " 1048576 (1 MiB), got " + maxServerMemory);
        }
    }

    /** As the full form, with the default {@code --max-server-memory} (half the JVM's direct memory). */
    public ClientBudgets(int maxMessageBytes, int maxHeaderBytes, Duration httpReadTimeout, Duration httpWriteTimeout,
                         long maxRequestMemory, long maxRelationRows) {
        this(maxMessageBytes, maxHeaderBytes, httpReadTimeout, httpWriteTimeout, maxRequestMemory, maxRelationRows, 0);
    }

    /** The server-wide Arrow memory limit in bytes: {@code maxServerMemory}, or half the JVM's direct memory for 0. */
    public long serverMemory() {
        return maxServerMemory > 0 ? maxServerMemory : Math.max(1 << 20, maxDirectMemory() / 2);
    }

    /** {@code -XX:MaxDirectMemorySize}, or the heap's maximum when it is not set (the JVM's own default). */
    static long maxDirectMemory() {
        com.sun.management.HotSpotDiagnosticMXBean hotspot = java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        long configured = hotspot == null ? 0 : Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
        return configured > 0 ? configured : Runtime.getRuntime().maxMemory();
    }

    /** This budget with another per-request memory limit. */
    public ClientBudgets withMaxRequestMemory(long bytes) {
        return new ClientBudgets(maxMessageBytes, maxHeaderBytes, httpReadTimeout, httpWriteTimeout, bytes, maxRelationRows,
                maxServerMemory);
    }

    /** This budget with another per-batch relation row limit. */
    public ClientBudgets withMaxRelationRows(long rows) {
        return new ClientBudgets(maxMessageBytes, maxHeaderBytes, httpReadTimeout, httpWriteTimeout, maxRequestMemory, rows,
                maxServerMemory);
    }

    /** This budget with other HTTP deadlines. */
    public ClientBudgets withHttpTimeouts(Duration read, Duration write) {
        return new ClientBudgets(maxMessageBytes, maxHeaderBytes, read, write, maxRequestMemory, maxRelationRows,
                maxServerMemory);
    }

    /** This budget with another server-wide Arrow memory limit (0: half the JVM's direct memory). */
    public ClientBudgets withMaxServerMemory(long bytes) {
        return new ClientBudgets(maxMessageBytes, maxHeaderBytes, httpReadTimeout, httpWriteTimeout, maxRequestMemory,
                maxRelationRows, bytes);
    }
}
