package dev.quiver.flight;

import dev.quiver.flight.history.HistoryConfig;
import dev.quiver.flight.outbox.EventsConfig;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.subscription.SubscriptionConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * How the server runs. {@link ServerCommand} declares each setting once (flag, environment variable, default) and
 * builds this record; the flags named here are those settings:
 *
 * @param host       {@code --host} / {@code QUIVER_HOST}: address to bind (default 127.0.0.1)
 * @param port       {@code --flight-port} (or {@code --port}) / {@code QUIVER_FLIGHT_PORT}: Flight gRPC port (default 50051)
 * @param httpPort   {@code --http-port} / {@code QUIVER_HTTP_PORT}: GraphQL over HTTP/JSON, {@code /health} and
 *                   {@code /metrics} (default 8080; 0 picks a free port, logged and in {@code QuiverServer.httpPort()})
 * @param sdl        {@code --sdl} / {@code QUIVER_SDL}: the SDL file mapping types to tables (default: the demo shop)
 * @param jdbcUrl    {@code --jdbc-url} / {@code QUIVER_JDBC_URL}: PostgreSQL to serve; absent = the embedded demo database
 * @param dbUser     {@code --db-user} / {@code QUIVER_DB_USER} (default quiver)
 * @param dbPassword {@code --db-password} / {@code QUIVER_DB_PASSWORD} (default quiver)
 * @param demoRows   {@code --demo-rows} / {@code QUIVER_DEMO_ROWS}: orders generated into the embedded database, or into
 *                   PostgreSQL with {@code --load-demo} (default 100,000)
 * @param batchRows  {@code --batch-rows} / {@code QUIVER_BATCH_ROWS}: rows per Arrow record batch (default 65,536)
 * @param limits     {@code --max-rows}, {@code --max-depth}, {@code --max-query-chars}, {@code --max-output-columns},
 *                   {@code --max-in-list}, {@code --max-where-depth}, {@code --document-cache-chars}
 *                   (see {@link QueryLimits})
 * @param events     {@code --relay}, {@code --nats-url}, {@code --events-stream} and the relay settings (see
 *                   {@link EventsConfig})
 * @param security   {@code --users}, {@code --users-file}, {@code --tls-cert}, {@code --tls-key},
 *                   {@code --allowed-hosts} (see {@link SecurityConfig})
 * @param calls      {@code --max-streams}, {@code --query-timeout} (see {@link CallLimits})
 * @param subscriptions {@code --subscriptions}, {@code --nats-url}, {@code --subscription-buffer}, ... (see
 *                   {@link SubscriptionConfig})
 * @param loadDemo   {@code --load-demo} / {@code QUIVER_LOAD_DEMO=true}: create the demo tables in the {@code --jdbc-url}
 *                   database where absent and, if they are empty, fill them with {@code demoRows} orders (the same
 *                   rows the embedded database gets); default false
 * @param history    {@code --history}, {@code --clickhouse-url}, {@code --clickhouse-database}, {@code --clickhouse-table}: where the
 *                   {@code events(entityType:, from:, to:)} query reads past events (see {@link HistoryConfig})
 * @param budgets    {@code --max-message-bytes}, {@code --max-header-bytes}, {@code --http-read-timeout},
 *                   {@code --http-write-timeout}, {@code --max-request-memory} (see {@link ClientBudgets})
 * @param copyReads  {@code --copy-reads} / {@code QUIVER_COPY_READS}: read a flat query (no relations) from PostgreSQL
 *                   by binary COPY, decoded straight into Arrow, and other rows from the bytes pgjdbc received
 *                   (default true); false reads every query through a JDBC cursor and its typed getters
 * @param maxEndpoints {@code --max-endpoints} / {@code QUIVER_MAX_ENDPOINTS}: most endpoints GetFlightInfo splits one
 *                   query over, by key range, when its command asks for several (default 1: never split)
 * @param endpointLocations {@code --endpoint-locations} / {@code QUIVER_ENDPOINT_LOCATIONS}: Flight servers (of this
 *                   database) to hand a split query's endpoints out on, in turn; empty (the default): this server
 */
public record ServerConfig(String host, int port, int httpPort, Path sdl, String jdbcUrl, String dbUser, String dbPassword, long demoRows,
                           int batchRows, QueryLimits limits, EventsConfig events, SecurityConfig security, CallLimits calls,
                           SubscriptionConfig subscriptions, boolean loadDemo, HistoryConfig history, ClientBudgets budgets,
                           boolean copyReads, int maxEndpoints, List<URI> endpointLocations) {
    /** Default {@code --http-port}. */
    public static final int DEFAULT_HTTP_PORT = 8080;

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--flight-port must be 0..65535, got " + port);
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("--http-port must be 0..65535, got " + httpPort);
        }
        if (httpPort != 0 && httpPort == port) {
            throw new IllegalArgumentException("--http-port and --flight-port are both " + port + "; give each its own port");
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("--batch-rows must be at least 1, got " + batchRows);
        }
        if (demoRows < 0) {
            throw new IllegalArgumentException("--demo-rows must be 0 or more, got " + demoRows);
        }
        events = events == null ? EventsConfig.relayOff() : events;
        security = security == null ? SecurityConfig.NONE : security;
        calls = calls == null ? CallLimits.DEFAULTS : calls;
        subscriptions = subscriptions == null ? SubscriptionConfig.disabled() : subscriptions;
        history = history == null ? HistoryConfig.disabled() : history;
        budgets = budgets == null ? ClientBudgets.DEFAULTS : budgets;
        if (maxEndpoints < 1) {
            throw new IllegalArgumentException("--max-endpoints must be at least 1, got " + maxEndpoints);
        }
        endpointLocations = endpointLocations == null ? List.of() : List.copyOf(endpointLocations);
        endpointLocations.forEach(ServerConfig::checkLocation);
        if (loadDemo && jdbcUrl == null) {
            throw new IllegalArgumentException("--load-demo loads into the --jdbc-url database; without --jdbc-url the"
                    + " embedded database always has the demo data");
        }
    }

    private static void checkLocation(URI location) {
        String scheme = location.getScheme();
        if (!("grpc".equals(scheme) || "grpc+tcp".equals(scheme) || "grpc+tls".equals(scheme))
                || location.getHost() == null || location.getPort() < 0) {
            throw new IllegalArgumentException("--endpoint-locations takes grpc://, grpc+tcp:// or grpc+tls:// host:port"
                    + " URIs, e.g. grpc://10.0.0.2:50051, but was given '" + location + "'");
        }
    }

    /**
     * A builder whose defaults suit embedding and tests: loopback, both ports picked by the system
     * ({@code QuiverServer.port()} and {@code httpPort()} say which), the embedded demo database, no event publishing
     * (events stay in the outbox), no authentication or TLS, no subscriptions, no history, the default limits and
     * budgets. {@link ServerCommand} builds the configuration of the real program from its options instead.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder toBuilder() {
        return new Builder().host(host).port(port).httpPort(httpPort).sdl(sdl).jdbcUrl(jdbcUrl).dbUser(dbUser)
                .dbPassword(dbPassword).demoRows(demoRows).batchRows(batchRows).limits(limits).events(events)
                .security(security).calls(calls).subscriptions(subscriptions).loadDemo(loadDemo).history(history)
                .budgets(budgets).copyReads(copyReads).maxEndpoints(maxEndpoints)
                .endpointLocations(endpointLocations);
    }

    /** Builds a {@link ServerConfig}; {@link #build()} validates it (the record's constructor). */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private int httpPort;
        private Path sdl;
        private String jdbcUrl;
        private String dbUser = "quiver";
        private String dbPassword = "quiver";
        private long demoRows = 100_000;
        private int batchRows = 65_536;
        private boolean copyReads = true;
        private int maxEndpoints = 1;
        private List<URI> endpointLocations = List.of();
        private QueryLimits limits = QueryLimits.DEFAULTS;
        private EventsConfig events = EventsConfig.relayOff();
        private SecurityConfig security = SecurityConfig.NONE;
        private CallLimits calls = CallLimits.DEFAULTS;
        private SubscriptionConfig subscriptions = SubscriptionConfig.disabled();
        private boolean loadDemo;
        private HistoryConfig history = HistoryConfig.disabled();
        private ClientBudgets budgets = ClientBudgets.DEFAULTS;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The Flight port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The HTTP port; 0 (the default) picks a free one. */
        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        public Builder sdl(Path sdl) {
            this.sdl = sdl;
            return this;
        }

        /** The PostgreSQL to serve; null (the default) = the embedded demo database. */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder dbUser(String dbUser) {
            this.dbUser = dbUser;
            return this;
        }

        public Builder dbPassword(String dbPassword) {
            this.dbPassword = dbPassword;
            return this;
        }

        /** PostgreSQL at {@code jdbcUrl} with these credentials. */
        public Builder database(String jdbcUrl, String user, String password) {
            return jdbcUrl(jdbcUrl).dbUser(user).dbPassword(password);
        }

        public Builder demoRows(long demoRows) {
            this.demoRows = demoRows;
            return this;
        }

        public Builder batchRows(int batchRows) {
            this.batchRows = batchRows;
            return this;
        }

        public Builder limits(QueryLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder events(EventsConfig events) {
            this.events = events;
            return this;
        }

        public Builder security(SecurityConfig security) {
            this.security = security;
            return this;
        }

        public Builder calls(CallLimits calls) {
            this.calls = calls;
            return this;
        }

        public Builder subscriptions(SubscriptionConfig subscriptions) {
            this.subscriptions = subscriptions;
            return this;
        }

        public Builder loadDemo(boolean loadDemo) {
            this.loadDemo = loadDemo;
            return this;
        }

        public Builder history(HistoryConfig history) {
            this.history = history;
            return this;
        }

        public Builder budgets(ClientBudgets budgets) {
            this.budgets = budgets;
            return this;
        }

        public Builder copyReads(boolean copyReads) {
            this.copyReads = copyReads;
            return this;
        }

        /** Most endpoints one query is split over; 1 (the default) never splits. */
        public Builder maxEndpoints(int maxEndpoints) {
            this.maxEndpoints = maxEndpoints;
            return this;
        }

        /** Servers to hand a split query's endpoints out on, in turn; empty (the default): this one. */
        public Builder endpointLocations(List<URI> endpointLocations) {
            this.endpointLocations = endpointLocations;
            return this;
        }

        /** @throws IllegalArgumentException naming the flag of a value the server cannot run with */
        public ServerConfig build() {
            return new ServerConfig(host, port, httpPort, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits,
                    events, security, calls, subscriptions, loadDemo, history, budgets, copyReads, maxEndpoints,
                    endpointLocations);
        }
    }

    /** Never prints the database password; users are named, their passwords never. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", httpPort=" + httpPort + ", sdl=" + sdl + ", jdbcUrl=" + jdbcUrl + ", dbUser="
                + dbUser + ", dbPassword=***, demoRows=" + demoRows + ", batchRows=" + batchRows + ", limits=" + limits
                + ", events=" + events + ", security=" + security + ", calls=" + calls + ", subscriptions=" + subscriptions
                + ", loadDemo=" + loadDemo + ", history=" + history + ", budgets=" + budgets + ", copyReads=" + copyReads
                + ", maxEndpoints=" + maxEndpoints + ", endpointLocations=" + endpointLocations + "]";
    }
}
