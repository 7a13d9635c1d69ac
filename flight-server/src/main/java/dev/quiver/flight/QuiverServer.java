package dev.quiver.flight;

import dev.quiver.flight.admission.Admission;
import dev.quiver.flight.admission.RunningQueries;
import dev.quiver.flight.admission.StreamSlots;
import dev.quiver.flight.auth.Authenticator;
import dev.quiver.flight.auth.BearerTokens;
import dev.quiver.flight.auth.LoginThrottle;
import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.history.EventHistory;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.mutation.Mutations;
import dev.quiver.flight.outbox.internal.JetStreamEventPublisher;
import dev.quiver.flight.query.QueryExecutor;
import dev.quiver.flight.query.SqlDialect;
import dev.quiver.flight.request.PlanRunner;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.source.Database;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.subscription.SubscriptionService;
import dev.quiver.flight.subscription.SubscriptionStats;
import dev.quiver.flight.subscription.internal.ExecutorDeliveryScheduler;
import dev.quiver.flight.subscription.internal.JetStreamEventFeed;
import dev.quiver.flight.transport.flight.FlightAuthentication;
import dev.quiver.flight.transport.flight.FlightCallExecutor;
import dev.quiver.flight.transport.flight.MeteredFlightProducer;
import dev.quiver.flight.transport.flight.FlightEndpoints;
import dev.quiver.flight.transport.flight.QuiverFlightProducer;
import dev.quiver.flight.transport.http.HttpSettings;
import dev.quiver.flight.transport.http.QuiverHttpServer;
import dev.quiver.flight.transport.http.ServerHealth;
import io.micrometer.core.instrument.FunctionCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Quiver server: catalog, database, allocator, metrics, the Flight server and its HTTP/JSON twin
 * (sharing one compiler and executor), closed in reverse order. The
 * transport-neutral {@link #authenticator()}, {@link #streamSlots()} and {@link #runningQueries()} are shared by
 * every transport, so limits and tokens hold across them.
 *
 * <p>This is the one composition root: the features (mutations, subscriptions) take their ports, and only here
 * are the implementations chosen (JetStream for publishing the outbox and for the subscription feed, a thread
 * pool for subscription deliveries).
 */
public final class QuiverServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuiverServer.class);
    /** Most events per Arrow batch of an {@code events} history query (their data can be large). */
    private static final int HISTORY_BATCH_ROWS = 10_000;
    /** How long close() waits for the Flight call handlers to return, and again after interrupting them. */
    private static final long HANDLER_GRACE_SECONDS = 5;
    /** How long the outbox relay waits for JetStream to acknowledge a published batch. */
    private static final Duration OUTBOX_ACK_TIMEOUT = Duration.ofSeconds(5);

    private final BufferAllocator allocator;
    private final Database database;
    private final FlightServer flight;
    private final Mutations mutations;
    private final Authenticator authenticator;
    private final StreamSlots streamSlots;
    private final RunningQueries runningQueries;
    private final boolean tls;
    private final SubscriptionService subscriptions;
    private QuiverHttpServer http;
    private final ExecutorService callExecutor;
    private final QuiverMetrics metrics;
    private final String exampleQuery;

    private QuiverServer(BufferAllocator allocator, Database database, FlightServer flight, Mutations mutations,
            Authenticator authenticator, StreamSlots streamSlots, RunningQueries runningQueries, boolean tls,
            SubscriptionService subscriptions, ExecutorService callExecutor, QuiverMetrics metrics,
            String exampleQuery) {
        this.allocator = allocator;
        this.database = database;
        this.flight = flight;
        this.mutations = mutations;
        this.authenticator = authenticator;
        this.streamSlots = streamSlots;
        this.runningQueries = runningQueries;
        this.tls = tls;
        this.subscriptions = subscriptions;
        this.callExecutor = callExecutor;
        this.metrics = metrics;
        this.exampleQuery = exampleQuery;
    }

    public static QuiverServer start(ServerConfig config) throws IOException, SQLException {
        Database database = config.jdbcUrl() == null ? embeddedDemo(config.demoRows())
                : JdbcDatabase.postgres(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        try {
            if (config.loadDemo()) {
                loadDemo(database, config.demoRows());
            }
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return start(config, database);
    }

    /**
     * Serves {@code database} with the configured SDL; the server closes the database when it closes (or when it
     * fails to start). The config's source settings (jdbc URL, demo loading) are not used.
     */
    public static QuiverServer start(ServerConfig config, Database database) throws IOException, SQLException {
        Catalog catalog;
        try {
            String sdl = config.sdl() == null ? DemoShop.sdl() : Files.readString(config.sdl());
            catalog = new CatalogLoader().load(sdl);
            try (Connection probe = database.connect()) {
                LOG.info("source {} answers ({})", database.kind(), probe.getMetaData().getDatabaseProductName());
            }
        } catch (IOException | SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        SecurityConfig security = config.security();
        Authenticator authenticator = security.authEnabled()
                ? new Authenticator(security.users(), new BearerTokens(BearerTokens.DEFAULT_IDLE_TIMEOUT,
                        security.auth().tokenLifetime(), Clock.systemUTC()),
                        new LoginThrottle(security.auth().loginFailuresPerUser(), security.auth().loginFailuresPerAddress(),
                                Clock.systemUTC()), Clock.systemUTC())
                : Authenticator.disabled();
        StreamSlots slots = new StreamSlots(config.calls().maxStreams());
        RunningQueries queries = RunningQueries.withTimeout(config.calls().queryTimeout());
        // every query's, mutation's, history read's and subscription's Arrow memory together: past it one request fails,
        // not the JVM (--max-streams x --max-request-memory may exceed the direct memory the JVM has)
        BufferAllocator allocator = new RootAllocator(config.budgets().serverMemory());
        QueryExecutor executor = new QueryExecutor(database, allocator.newChildAllocator("queries", 0, Long.MAX_VALUE),
                config.batchRows(), config.budgets().maxRequestMemory(),
                Math.min(config.limits().maxRows(), config.budgets().maxRelationRows()), config.copyReads());
        Mutations mutations = Mutations.start(database, allocator.newChildAllocator("mutations", 0, Long.MAX_VALUE),
                config.events(), () -> new JetStreamEventPublisher(config.events(), OUTBOX_ACK_TIMEOUT));
        SubscriptionService subscriptions = SubscriptionService.start(config.subscriptions(), allocator,
                () -> new JetStreamEventFeed(config.subscriptions()),
                () -> new ExecutorDeliveryScheduler(Math.max(2, Runtime.getRuntime().availableProcessors())));
        EventHistory history = new EventHistory(config.history(),
                allocator.newChildAllocator("history", 0, Long.MAX_VALUE), Math.min(config.batchRows(), HISTORY_BATCH_ROWS),
                config.budgets().maxRequestMemory());
        // the one request path both transports take: decode and plan once, run under one admission
        RequestPlanner planner = new RequestPlanner(catalog, config.limits(), SqlDialect.of(database));
        PlanRunner runner = new PlanRunner(executor, history, mutations, authenticator); // read-only users: no mutations
        Admission admission = new Admission(slots, queries);
        QuiverFlightProducer producer = new QuiverFlightProducer(catalog, planner, runner, admission, slots,
                subscriptions, new FlightEndpoints(config.maxEndpoints(), config.endpointLocations()));
        QuiverMetrics metrics = QuiverMetrics.create();
        mutations.relay().ifPresent(relay -> new dev.quiver.flight.outbox.OutboxRelayMetrics(relay).bindTo(metrics.registry()));
        FunctionCounter.builder("quiver.requests.decoded", planner, RequestPlanner::decoded)
                .description("GraphQL requests decoded from their bytes: one per Flight call or HTTP request carrying one")
                .register(metrics.registry());
        FunctionCounter.builder("quiver.graphql.documents.parsed", planner, RequestPlanner::parsed)
                .description("GraphQL texts parsed and validated: the document cache's misses")
                .register(metrics.registry());
        FlightServer flight;
        ExecutorService callExecutor = FlightCallExecutor.create(config.calls().maxStreams());
        try {
            flight = flightServer(config, allocator, new MeteredFlightProducer(producer, metrics), authenticator,
                    callExecutor).start();
        } catch (IOException | RuntimeException e) {
            callExecutor.shutdownNow();
            try {
                subscriptions.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            queries.close();
            mutations.close();
            allocator.close();
            database.close();
            throw e;
        }
        logAccess(config, authenticator, flight.getPort());
        QuiverServer server = new QuiverServer(allocator, database, flight, mutations, authenticator, slots, queries,
                security.tlsEnabled(), subscriptions, callExecutor, metrics, exampleQuery(catalog));
        try {
            server.http = QuiverHttpServer.start(HttpSettings.of(config.host(), config.httpPort(), config.limits(),
                            config.calls().maxStreams()).withTimeouts(config.budgets().httpReadTimeout(),
                            config.budgets().httpWriteTimeout())
                            .withMaxHeaderBytes(config.budgets().maxHeaderBytes())
                            .withAllowedHosts(security.allowedHosts())
                            .withTls(security.tlsCertificate(), security.tlsPrivateKey()),
                    planner, runner, admission, slots, subscriptions, new ServerHealth(database, catalog,
                            Clock.systemUTC()), metrics, authenticator);
        } catch (IOException | RuntimeException e) {
            try {
                server.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                e.addSuppressed(interrupted);
            }
            throw e;
        }
        return server;
    }

    private static String exampleQuery(Catalog catalog) {
        EntityType entity = catalog.entities().get(0);
        String fields = entity.columns().stream().limit(4).map(ColumnField::name).collect(Collectors.joining(" "));
        return "{ " + entity.rootField() + "(limit: 5) { " + fields + " } }";
    }

    /**
     * A Flight stream counts as ready (gRPC {@code isReady}) while less than this many of its bytes wait to be
     * written. Flight's default is 10 MiB per stream, which let 50 subscribers of 1 MiB events hold 500 MiB of direct
     * memory while every stream still looked ready; 256 KiB bounds that and streamed 1M rows as fast in
     * {@code make bench} (1.66 s against 1.81 s at 10 MiB, 3 runs each).
     */
    static final int STREAM_READY_BYTES = 256 << 10;

    private static FlightServer flightServer(ServerConfig config, BufferAllocator allocator,
            org.apache.arrow.flight.FlightProducer producer,
            Authenticator authenticator, ExecutorService callExecutor) throws IOException {
        SecurityConfig security = config.security();
        Location location = security.tlsEnabled() ? Location.forGrpcTls(config.host(), config.port())
                : Location.forGrpcInsecure(config.host(), config.port());
        FlightServer.Builder builder = FlightServer.builder(allocator, location, producer)
                .backpressureThreshold(STREAM_READY_BYTES)
                // Flight's defaults are 2 GiB each: a message or a header list that large would be buffered, the
                // headers before authentication; gRPC ends such a call with RESOURCE_EXHAUSTED instead
                .maxInboundMessageSize(config.budgets().maxMessageBytes())
                .setMaxHeaderListSize(config.budgets().maxHeaderBytes())
                .executor(callExecutor);
        if (authenticator.enabled()) {
            builder.headerAuthenticator(new FlightAuthentication(authenticator));
            // the client's address, for counting failed logins per address (Flight's middleware sees headers only)
            builder.transportHint("grpc.builderConsumer", FlightAuthentication.peerAddresses());
        }
        if (!security.tlsEnabled()) {
            return builder.build();
        }
        builder.useTls(security.tlsCertificate().toFile(), security.tlsPrivateKey().toFile());
        try {
            return builder.build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--tls-cert " + security.tlsCertificate() + " and --tls-key "
                    + security.tlsPrivateKey() + " are not a usable PEM certificate chain and PKCS#8 private key ("
                    + rootMessage(e) + ")", e);
        }
    }

    private static void logAccess(ServerConfig config, Authenticator authenticator, int port) {
        if (authenticator.enabled()) {
            int users = authenticator.users().names().size();
            LOG.info("authentication on: {} (Flight exchanges basic credentials for a bearer token, which ends after {}"
                    + " minutes unused or {} after it was issued; more than {} failed logins a minute for one user, or {}"
                    + " from one address, are refused for a while)", users == 1 ? "1 user" : users + " users",
                    BearerTokens.DEFAULT_IDLE_TIMEOUT.toMinutes(), config.security().auth().tokenLifetime(),
                    config.security().auth().loginFailuresPerUser(), config.security().auth().loginFailuresPerAddress());
        } else {
            LOG.info("authentication off: no --users or --users-file given, anyone who reaches {}:{} may query",
                    config.host(), port);
        }
        LOG.info("TLS {}", config.security().tlsEnabled() ? "on (" + config.security().tlsCertificate() + ")"
                : "off: traffic is plaintext (give --tls-cert and --tls-key to encrypt it)");
        LOG.info("limits: {} result streams at once, queries time out after {}, Arrow memory at most {} MiB per query"
                + " and {} MiB for all (--max-server-memory)", config.calls().maxStreams(), config.calls().queryTimeout(),
                config.budgets().maxRequestMemory() >> 20, config.budgets().serverMemory() >> 20);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static Database embeddedDemo(long orders) throws SQLException {
        JdbcDatabase database = JdbcDatabase.embedded("quiver-" + UUID.randomUUID());
        loadDemo(database, orders);
        return database;
    }

    /** {@code --load-demo}: creates the demo tables where absent and fills them, unless they already hold rows. */
    private static void loadDemo(Database database, long orders) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = database.connect()) {
            DemoShop.createTables(connection);
            long existing = DemoShop.existingRows(connection);
            if (existing > 0) {
                LOG.info("demo tables already hold {} rows; not loading them again (drop them to reload)", existing);
                return;
            }
            DemoShop.load(connection, new DemoShop.Size(orders), DemoShop.SEED,
                    done -> LOG.info("demo data: {} of {} orders", done, orders));
        }
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        LOG.info("demo data ready in {}: {} orders in {} ms ({} orders/s)", database.kind(), orders, millis,
                orders * 1000 / millis);
    }

    public int port() {
        return flight.getPort();
    }

    /** Mutations and their outbox relay (for metrics: {@code mutations().relay()}). */
    public Mutations mutations() {
        return mutations;
    }

    /** {@code grpc://host:port}, or {@code grpc+tls://host:port} with TLS; a wildcard host reads as localhost. */
    public String uri() {
        String host = flight.getLocation().getUri().getHost();
        if (host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "localhost";
        }
        return (tls ? "grpc+tls://" : "grpc://") + host + ":" + port();
    }

    /** The credential and token check every transport uses. */
    public Authenticator authenticator() {
        return authenticator;
    }

    /** The result-stream limit every transport shares. */
    public StreamSlots streamSlots() {
        return streamSlots;
    }

    /** The running queries, for the cancel action of any transport. */
    public RunningQueries runningQueries() {
        return runningQueries;
    }

    /** The HTTP port of {@code /graphql}, {@code /health} and {@code /metrics}. */
    public int httpPort() {
        return http.port();
    }

    /** A query this server answers (five rows of its first root field), for banners and examples. */
    public String exampleQuery() {
        return exampleQuery;
    }

    /** The server's meters, as {@code GET /metrics} shows them. */
    public QuiverMetrics metrics() {
        return metrics;
    }

    /** Live subscription counts and gauges. */
    public SubscriptionStats subscriptionStats() {
        return subscriptions.stats();
    }

    public void awaitTermination() throws InterruptedException {
        flight.awaitTermination();
    }

    /**
     * Waits for every Flight call handler to return before the memory they use is freed. The Flight server's
     * termination means every call has ended on the wire, not that its handler has returned: a DoGet closes its
     * batch root after {@code completed()} has sent the trailers, so closing the allocators right after
     * termination raced with it ("Memory was leaked"). A handler still running after the grace period is
     * interrupted.
     */
    private void awaitCallHandlers() throws InterruptedException {
        callExecutor.shutdown();
        if (!callExecutor.awaitTermination(HANDLER_GRACE_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("Flight call handlers still running {} s after shutdown; interrupting them", HANDLER_GRACE_SECONDS);
            callExecutor.shutdownNow();
            if (!callExecutor.awaitTermination(HANDLER_GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Flight call handlers still running after the interrupt");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (http != null) {
            http.close();
        }
        subscriptions.close(); // ends the endless streams first, or shutdown() would wait for them
        flight.shutdown();
        flight.awaitTermination(5, TimeUnit.SECONDS);
        flight.close();
        awaitCallHandlers();
        mutations.close();
        runningQueries.close();
        metrics.close();
        database.close();
        allocator.getChildAllocators().forEach(BufferAllocator::close);
        allocator.close();
    }
}
