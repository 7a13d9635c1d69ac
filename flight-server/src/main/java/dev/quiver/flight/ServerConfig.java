package dev.quiver.flight;

import dev.quiver.flight.history.HistoryConfig;
import dev.quiver.flight.outbox.EventsConfig;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.subscription.SubscriptionConfig;
import java.nio.file.Path;

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
 */
public record ServerConfig(String host, int port, int httpPort, Path sdl, String jdbcUrl, String dbUser, String dbPassword, long demoRows,
                           int batchRows, QueryLimits limits, EventsConfig events, SecurityConfig security, CallLimits calls,
                           SubscriptionConfig subscriptions, boolean loadDemo, HistoryConfig history, ClientBudgets budgets) {
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
        if (loadDemo && jdbcUrl == null) {
            throw new IllegalArgumentException("--load-demo loads into the --jdbc-url database; without --jdbc-url the"
                    + " embedded database always has the demo data");
        }
    }

    /** As the full form, with the default {@link ClientBudgets}. */
    public ServerConfig(String host, int port, int httpPort, Path sdl, String jdbcUrl, String dbUser, String dbPassword,
                        long demoRows, int batchRows, QueryLimits limits, EventsConfig events, SecurityConfig security,
                        CallLimits calls, SubscriptionConfig subscriptions, boolean loadDemo, HistoryConfig history) {
        this(host, port, httpPort, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, events, security, calls,
                subscriptions, loadDemo, history, ClientBudgets.DEFAULTS);
    }

    /** As the full form, without event history. */
    public ServerConfig(String host, int port, int httpPort, Path sdl, String jdbcUrl, String dbUser, String dbPassword,
                        long demoRows, int batchRows, QueryLimits limits, EventsConfig events, SecurityConfig security,
                        CallLimits calls, SubscriptionConfig subscriptions, boolean loadDemo) {
        this(host, port, httpPort, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, events, security, calls,
                subscriptions, loadDemo, HistoryConfig.disabled());
    }

    /**
     * HTTP on a free port ({@code QuiverServer.httpPort()} says which), no event publishing (events stay in the
     * outbox), no authentication or TLS, no subscriptions, the default call limits: for embedding and tests.
     */
    public ServerConfig(String host, int port, Path sdl, String jdbcUrl, String dbUser, String dbPassword, long demoRows,
                        int batchRows, QueryLimits limits) {
        this(host, port, 0, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits);
    }

    /** As the 9-argument form, with HTTP on {@code httpPort}. */
    public ServerConfig(String host, int port, int httpPort, Path sdl, String jdbcUrl, String dbUser, String dbPassword,
                        long demoRows, int batchRows, QueryLimits limits) {
        this(host, port, httpPort, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, EventsConfig.relayOff(),
                SecurityConfig.NONE, CallLimits.DEFAULTS, SubscriptionConfig.disabled(), false);
    }

    /** As the 9-argument form, loading the demo data into the {@code jdbcUrl} database when {@code loadDemo}. */
    public ServerConfig(String host, int port, Path sdl, String jdbcUrl, String dbUser, String dbPassword, long demoRows,
                        int batchRows, QueryLimits limits, boolean loadDemo) {
        this(host, port, 0, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, EventsConfig.relayOff(),
                SecurityConfig.NONE, CallLimits.DEFAULTS, SubscriptionConfig.disabled(), loadDemo);
    }

    /** This config with other event publishing settings. */
    public ServerConfig withEvents(EventsConfig events) {
        return new ServerConfig(host, port, httpPort, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, events, security, calls,
                subscriptions, loadDemo, history, budgets);
    }

    /** This config with other subscription settings. */
    public ServerConfig withSubscriptions(SubscriptionConfig subscriptions) {
        return new ServerConfig(host, port, httpPort, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, events, security, calls,
                subscriptions, loadDemo, history, budgets);
    }

    /** This config with other security settings. */
    public ServerConfig withSecurity(SecurityConfig security) {
        return new ServerConfig(host, port, httpPort, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, events, security, calls,
                subscriptions, loadDemo, history, budgets);
    }

    /** This config with other event history settings. */
    public ServerConfig withHistory(HistoryConfig history) {
        return new ServerConfig(host, port, httpPort, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, events, security, calls,
                subscriptions, loadDemo, history, budgets);
    }

    /** This config with other call limits. */
    public ServerConfig withCalls(CallLimits calls) {
        return new ServerConfig(host, port, httpPort, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, events, security, calls,
                subscriptions, loadDemo, history, budgets);
    }

    /** This config with other client budgets. */
    public ServerConfig withBudgets(ClientBudgets budgets) {
        return new ServerConfig(host, port, httpPort, sdl, jdbcUrl, dbUser, dbPassword, demoRows, batchRows, limits, events, security, calls,
                subscriptions, loadDemo, history, budgets);
    }

    /** Never prints the database password; users are named, their passwords never. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", httpPort=" + httpPort + ", sdl=" + sdl + ", jdbcUrl=" + jdbcUrl + ", dbUser="
                + dbUser + ", dbPassword=***, demoRows=" + demoRows + ", batchRows=" + batchRows + ", limits=" + limits
                + ", events=" + events + ", security=" + security + ", calls=" + calls + ", subscriptions=" + subscriptions
                + ", loadDemo=" + loadDemo + ", history=" + history + ", budgets=" + budgets + "]";
    }
}
