package dev.quiver.flight.transport.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.quiver.flight.admission.Admission;
import dev.quiver.flight.admission.StreamSlots;
import dev.quiver.flight.auth.Authenticator;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.request.PlanRunner;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.subscription.SubscriptionService;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/JSON twin of the Flight server, on the JDK's HTTP server with a bounded pool of worker threads:
 * <ul>
 *   <li>{@code POST /graphql} ({@code Content-Type: application/json}) and {@code GET /graphql?query=...}: the
 *       same GraphQL as Flight, on the same request path: queries, {@code events} history and mutations (POST
 *       only) answered as {@code {"data":{"<field>":[...]}}}, streamed in chunks, under the query id in the
 *       {@code Quiver-Query-Id} header; subscriptions as Server-Sent Events ({@link EventStream})</li>
 *   <li>{@code POST /graphql/cancel}: Flight's {@code cancel} action ({@link CancelHandler})</li>
 *   <li>{@code GET /health}: the source's health as JSON (with authentication on, only whether it is up unless the
 *       caller sends credentials)</li>
 *   <li>{@code GET /metrics}: Prometheus text (with authentication on, for callers with credentials)</li>
 * </ul>
 * Every path answers only the {@code Host} names of {@link AllowedHosts} (421 otherwise, against DNS rebinding),
 * refuses requests whose headers exceed {@link HttpSettings#maxHeaderBytes()}, and speaks HTTPS when the settings
 * carry a certificate ({@code --tls-cert}, {@code --tls-key}, the files Flight's TLS uses).
 * Errors are {@code {"errors":[{"message":...,"extensions":{"code":...}}]}}, the code being the failure's
 * {@link dev.quiver.flight.request.Status} name, with the HTTP status {@link HttpResponses#problemOf} maps it to.
 * When every worker is busy and the queue is full, new connections are closed at once and
 * {@code quiver_http_rejected_total} counts them.
 */
public final class QuiverHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuiverHttpServer.class);
    private static final int STOP_GRACE_SECONDS = 1;
    /** Connections the kernel queues before the server accepts them (the JDK's default, 50, drops bursts). */
    private static final int ACCEPT_BACKLOG = 1024;
    /**
     * The JDK server closes a keep-alive connection when more than this many are idle (its default is 200); a
     * client that then reuses it gets no answer at all. Raised so that a thousand pooled clients are served.
     */
    private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";
    private static final String MAX_IDLE_CONNECTIONS_DEFAULT = "4096";
    /**
     * Seconds a connection may take from its first byte (or from being accepted) to the end of its request's body;
     * past them the JDK server's timer closes it, which ends a blocked read and frees the worker. Without it a client
     * sending its headers a byte at a time held a worker for ever, before authentication.
     */
    private static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
    /**
     * Most bytes of a request line and headers the JDK server reads (JDK 17.0.11 and later; its default is 380 KiB);
     * past them it closes the connection before any handler runs.
     */
    private static final String MAX_REQ_HEADER_SIZE = "sun.net.httpserver.maxReqHeaderSize";
    private static final int JDK_MAX_REQ_HEADER_SIZE = 389_120;

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final EventStreams eventStreams;
    private final WriteDeadline writeDeadline;

    private QuiverHttpServer(HttpServer server, ThreadPoolExecutor workers, EventStreams eventStreams,
                             WriteDeadline writeDeadline) {
        this.server = server;
        this.workers = workers;
        this.eventStreams = eventStreams;
        this.writeDeadline = writeDeadline;
    }

    /**
     * Binds and starts serving, on the same request path as Flight ({@code planner}, {@code runner},
     * {@code admission}: stream slots, query ids, the timeout and cancel are shared; {@code subscriptions} the same
     * live events, an open HTTP subscription holding one of the {@code slots}) and with the server's users (401
     * without valid Basic or Bearer credentials). An address in use is an {@link IOException} naming the flag to
     * change.
     */
    public static QuiverHttpServer start(HttpSettings settings, RequestPlanner planner, PlanRunner runner,
                                         Admission admission, StreamSlots slots, SubscriptionService subscriptions,
                                         ServerHealth health, QuiverMetrics metrics, Authenticator authenticator)
            throws IOException {
        HttpServer server;
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) { // read once, when the JDK server's config loads
            System.setProperty(MAX_IDLE_CONNECTIONS, MAX_IDLE_CONNECTIONS_DEFAULT);
        }
        readTimeout(settings);
        headerBudget(settings);
        SSLContext tls = settings.tls() ? PemSslContext.load(settings.tlsCertificate(),
                settings.tlsPrivateKey()) : null;
        try {
            InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
            if (tls == null) {
                server = HttpServer.create(address, ACCEPT_BACKLOG);
            } else {
                HttpsServer https = HttpsServer.create(address, ACCEPT_BACKLOG);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (BindException e) {
            throw new IOException("cannot listen for HTTP on " + settings.host() + ":" + settings.port() + " (" + e.getMessage()
                    + "); choose another port with --http-port or QUIVER_HTTP_PORT (0 picks a free one)", e);
        }
        ThreadPoolExecutor workers = workers(settings, metrics);
        GraphQLRequestReader reader = new GraphQLRequestReader(settings.maxBodyBytes());
        WriteDeadline writeDeadline = new WriteDeadline(settings.writeTimeout());
        EventStreams eventStreams = new EventStreams(subscriptions, slots, EventStream.HEARTBEAT, writeDeadline);
        HostCheck hosts = new HostCheck(settings.allowedHosts().and(settings.host()));
        context(server, hosts, GraphQLHandler.PATH, new GraphQLHandler(reader, planner, runner, admission, eventStreams,
                metrics, authenticator, writeDeadline));
        context(server, hosts, CancelHandler.PATH, new CancelHandler(reader, admission, authenticator));
        context(server, hosts, HealthHandler.PATH, new HealthHandler(health, authenticator));
        context(server, hosts, MetricsHandler.PATH, new MetricsHandler(metrics, authenticator));
        context(server, hosts, "/", exchange -> {
            try {
                HttpResponses.sendProblem(exchange, HttpProblem.notFound(exchange.getRequestURI().getPath()),
                        HttpResponses.JSON_TYPE);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(workers);
        server.start();
        LOG.info("{} listening on {}:{} ({} workers, requests read within {} with headers of at most {} bytes, answers'"
                + " writes blocked at most {}; Host names answered: {})", tls == null ? "HTTP" : "HTTPS", settings.host(),
                server.getAddress().getPort(), settings.threads(), readTimeout(), maxHeaderBytes(), settings.writeTimeout(),
                settings.allowedHosts().and(settings.host()));
        return new QuiverHttpServer(server, workers, eventStreams, writeDeadline);
    }

    private static void context(HttpServer server, HostCheck hosts, String path, HttpHandler handler) {
        HttpContext context = server.createContext(path, handler);
        context.getFilters().add(hosts);
    }

    /**
     * Sets the JDK server's header budget to the settings' unless this JVM has one already (read once, as the
     * request deadline below).
     */
    private static void headerBudget(HttpSettings settings) {
        String wanted = Integer.toString(settings.maxHeaderBytes());
        String current = System.getProperty(MAX_REQ_HEADER_SIZE);
        if (current == null) {
            System.setProperty(MAX_REQ_HEADER_SIZE, wanted);
        } else if (!current.equals(wanted)) {
            LOG.warn("HTTP request headers may hold {} bytes ({} of this JVM), not the {} asked for: the JDK's HTTP"
                    + " server reads that budget once per JVM", current, MAX_REQ_HEADER_SIZE, wanted);
        }
    }

    /**
     * Sets the JDK server's request deadline to the settings' read timeout, unless this JVM has one already: the JDK
     * reads it once, when its first server starts, so a later server with another timeout is told so in the log.
     */
    private static void readTimeout(HttpSettings settings) {
        String wanted = Long.toString(settings.readTimeout().toSeconds());
        String current = System.getProperty(MAX_REQ_TIME);
        if (current == null) {
            System.setProperty(MAX_REQ_TIME, wanted);
        } else if (!current.equals(wanted)) {
            LOG.warn("HTTP requests are read within {} s ({} of this JVM), not the {} s asked for: the JDK's HTTP"
                    + " server reads that deadline once per JVM", current, MAX_REQ_TIME, wanted);
        }
    }

    /**
     * How long a client may take to send one request here: {@code --http-read-timeout}, or what this JVM's first
     * HTTP server (or {@code -Dsun.net.httpserver.maxReqTime}) fixed; past it the connection is closed.
     */
    public static java.time.Duration readTimeout() {
        String seconds = System.getProperty(MAX_REQ_TIME);
        return seconds == null ? HttpSettings.DEFAULT_READ_TIMEOUT : java.time.Duration.ofSeconds(Long.parseLong(seconds.trim()));
    }

    /**
     * The most bytes a request's line and headers may take here: {@code --max-header-bytes}, or what this JVM's first
     * HTTP server (or {@code -Dsun.net.httpserver.maxReqHeaderSize}) fixed.
     */
    public static int maxHeaderBytes() {
        return Integer.getInteger(MAX_REQ_HEADER_SIZE, JDK_MAX_REQ_HEADER_SIZE);
    }

    private static ThreadPoolExecutor workers(HttpSettings settings, QuiverMetrics metrics) {
        Counter rejected = Counter.builder("quiver.http.rejected")
                .description("HTTP connections closed unanswered because every worker was busy and the queue full")
                .register(metrics.registry());
        AtomicInteger number = new AtomicInteger();
        return new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()),
                task -> {
                    Thread thread = new Thread(task, "quiver-http-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                (task, pool) -> {
                    rejected.increment();
                    LOG.warn("HTTP request refused: all {} workers busy and {} requests queued", pool.getMaximumPoolSize(),
                            pool.getQueue().size());
                    throw new RejectedExecutionException("every HTTP worker is busy"); // the JDK server closes the connection
                });
    }

    /** The bound port (the one picked when the settings said 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Ends every open subscription stream with UNAVAILABLE, stops accepting, gives running exchanges a second to
     * finish (those streams write their last event meanwhile), then closes their connections.
     */
    @Override
    public void close() throws InterruptedException {
        eventStreams.closeAll();
        server.stop(STOP_GRACE_SECONDS);
        writeDeadline.close();
        workers.shutdownNow();
        if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.warn("HTTP workers still running 5 s after stop");
        }
    }
}
