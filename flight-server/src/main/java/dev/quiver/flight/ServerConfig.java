package dev.quiver.flight;

import dev.quiver.flight.history.HistoryConfig;
import dev.quiver.flight.outbox.EventsConfig;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.subscription.SubscriptionConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * How the server runs. Each setting is a flag, or an environment variable, or its default:
 *
 * @param host       {@code --host} / {@code QUIVER_HOST}: address to bind (default 127.0.0.1)
 * @param port       {@code --port} / {@code QUIVER_FLIGHT_PORT}: Flight gRPC port (default 50051)
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
 * @param events     {@code --nats-url}, {@code --events-stream} and the relay settings (see {@link EventsConfig})
 * @param security   {@code --users}, {@code --users-file}, {@code --tls-cert}, {@code --tls-key},
 *                   {@code --allowed-hosts} (see {@link SecurityConfig})
 * @param calls      {@code --max-streams}, {@code --query-timeout} (see {@link CallLimits})
 * @param subscriptions {@code --nats-url}, {@code --subscription-buffer}, ... (see {@link SubscriptionConfig})
 * @param loadDemo   {@code --load-demo} / {@code QUIVER_LOAD_DEMO=true}: create the demo tables in the {@code --jdbc-url}
 *                   database where absent and, if they are empty, fill them with {@code demoRows} orders (the same
 *                   rows the embedded database gets); default false
 * @param history    {@code --clickhouse-url}, {@code --clickhouse-database}, {@code --clickhouse-table}: where the
 *                   {@code events(entityType:, from:, to:)} query reads past events (see {@link HistoryConfig})
 * @param budgets    {@code --max-message-bytes}, {@code --max-header-bytes}, {@code --http-read-timeout},
 *                   {@code --http-write-timeout}, {@code --max-request-memory} (see {@link ClientBudgets})
 */
public record ServerConfig(String host, int port, int httpPort, Path sdl, String jdbcUrl, String dbUser, String dbPassword, long demoRows,
                           int batchRows, QueryLimits limits, EventsConfig events, SecurityConfig security, CallLimits calls,
                           SubscriptionConfig subscriptions, boolean loadDemo, HistoryConfig history, ClientBudgets budgets) {
    /** Default {@code --http-port}. */
    public static final int DEFAULT_HTTP_PORT = 8080;

    static final String HELP = String.join("\n",
            "Usage: java -jar quiver-flight-server.jar [options]",
            "",
            "Serves GraphQL over Arrow Flight, and the same GraphQL over HTTP/JSON (POST /graphql) beside",
            "GET /health and GET /metrics (Prometheus). Without --jdbc-url it generates the demo shop",
            "(users, products, orders, order_items) into an embedded database and serves that.",
            "",
            "Options (each also read from the environment variable in brackets):",
            "  --host ADDR            address to bind [QUIVER_HOST] (default 127.0.0.1)",
            "  --port N               Flight port [QUIVER_FLIGHT_PORT] (default 50051)",
            "  --http-port N          HTTP port for /graphql, /health, /metrics [QUIVER_HTTP_PORT] (default 8080;",
            "                         0 picks a free port and logs it)",
            "  --sdl FILE             SDL mapping types to tables with @table/@column [QUIVER_SDL]",
            "                         (default: the demo shop schema)",
            "  --jdbc-url URL         serve this PostgreSQL, e.g. jdbc:postgresql://localhost:5432/quiver [QUIVER_JDBC_URL]",
            "  --db-user NAME         [QUIVER_DB_USER] (default quiver)",
            "  --db-password SECRET   [QUIVER_DB_PASSWORD] (default quiver)",
            "  --demo-rows N          orders in the demo data [QUIVER_DEMO_ROWS] (default 100000)",
            "  --load-demo            with --jdbc-url: create the demo shop tables where absent and, when they",
            "                         are empty, load --demo-rows orders into them with COPY (the same rows",
            "                         the embedded database gets; about 1M orders in well under a minute).",
            "                         Pick a schema with ?currentSchema=NAME in the URL [QUIVER_LOAD_DEMO=true]",
            "  --batch-rows N         rows per Arrow record batch [QUIVER_BATCH_ROWS] (default 65536)",
            "  --max-rows N           most rows one request may ask for [QUIVER_MAX_ROWS] (default 10000000)",
            "  --max-depth N          deepest selection nesting [QUIVER_MAX_DEPTH] (default 8)",
            "  --max-query-chars N    longest GraphQL text accepted [QUIVER_MAX_QUERY_CHARS] (default 100000)",
            "  --max-output-columns N most output columns one request selects: every field, alias and relation",
            "                         field counts; more gets RESOURCE_EXHAUSTED [QUIVER_MAX_OUTPUT_COLUMNS]",
            "                         (default 256)",
            "  --max-in-list N        most values in one list argument, e.g. a filter's in: [...]",
            "                         [QUIVER_MAX_IN_LIST] (default 1000)",
            "  --max-where-depth N    deepest nesting of input objects (and/or/not) in an argument",
            "                         [QUIVER_MAX_WHERE_DEPTH] (default 16)",
            "  --document-cache-chars N  total characters of GraphQL text the parsed-document cache keeps",
            "                         [QUIVER_DOCUMENT_CACHE_CHARS] (default 2000000)",
            "  --max-streams N        result streams served at once; one more gets RESOURCE_EXHAUSTED and should",
            "                         retry shortly [QUIVER_MAX_STREAMS] (default 64)",
            "  --query-timeout D      longest one query may run, ISO-8601 (PT30S, PT5M) or seconds (30, 0.5);",
            "                         beyond it the stream ends with TIMED_OUT [QUIVER_QUERY_TIMEOUT] (default PT5M)",
            "",
            "Security (default: no authentication, no TLS, so only bind to addresses you trust; with users,",
            "/metrics and the details of /health need credentials too):",
            "  --users U:P[:ROLE],... users allowed in, as user:password[:role] [QUIVER_USERS]; prefer the",
            "                         environment variable or --users-file: flags show up in the process list.",
            "                         ROLE is read-write (may run mutations) or read-only; a user WITHOUT a",
            "                         role is READ-ONLY. The password may be a hash from --hash-password",
            "  --users-file FILE      one user:password[:role] per line, # comments; passwords may hold commas",
            "                         there. Must not be readable by group or others: chmod 600 FILE",
            "                         [QUIVER_USERS_FILE]",
            "                         With users, Flight clients log in with basic credentials (Flight's",
            "                         basic-token handshake) and send the bearer token they get back; tokens end",
            "                         after 2 hours unused, --token-lifetime after they were issued, or when the",
            "                         server restarts. HTTP takes Basic credentials on each request (or a token).",
            "  --hash-password        print the users-file form (pbkdf2-sha256$...) of the password read from",
            "                         standard input, then exit: printf '%s\\n' 'secret' | java -jar ... --hash-password",
            "  --token-lifetime D     a bearer token ends this long after it was issued, however often it is",
            "                         used [QUIVER_TOKEN_LIFETIME] (default PT12H)",
            "  --login-failures-per-minute N  failed logins per user name per minute; past it that user's logins",
            "                         are refused (Flight RESOURCE_EXHAUSTED, HTTP 429 with Retry-After) until the",
            "                         minute has passed [QUIVER_LOGIN_FAILURES_PER_MINUTE] (default 10)",
            "  --login-failures-per-address N  failed logins per client address per minute, whatever the user",
            "                         names [QUIVER_LOGIN_FAILURES_PER_ADDRESS] (default 50)",
            "  --tls-cert FILE        PEM certificate chain; with --tls-key the server speaks only TLS,",
            "                         Flight grpc+tls:// and HTTP https:// [QUIVER_TLS_CERT]",
            "  --tls-key FILE         its PEM (PKCS#8, unencrypted; RSA, EC or EdDSA) private key [QUIVER_TLS_KEY]",
            "  --allowed-hosts N,N    host names the HTTP port answers besides localhost, IP addresses and",
            "                         --host; a request for another Host gets 421 (against DNS rebinding).",
            "                         * allows any [QUIVER_ALLOWED_HOSTS] (default none)",
            "  --help                 this text",
            "",
            EventsConfig.HELP,
            "",
            SubscriptionConfig.HELP,
            "",
            ClientBudgets.HELP,
            "",
            "Event history (query { events(entityType: \"Order\", from: ..., to: ...) { eventId occurredAt data } }):",
            "  --clickhouse-url URL   ClickHouse HTTP interface holding the sinks' events table, e.g.",
            "                         http://127.0.0.1:8123 [QUIVER_CLICKHOUSE_URL] (default none: events queries",
            "                         answer UNAVAILABLE)",
            "  --clickhouse-user U    [QUIVER_CLICKHOUSE_USER] (default default)",
            "  --clickhouse-password P [QUIVER_CLICKHOUSE_PASSWORD] (default empty)",
            "  --clickhouse-database D database of the events table [QUIVER_CLICKHOUSE_DATABASE] (default quiver)",
            "  --clickhouse-table T   the events table [QUIVER_CLICKHOUSE_TABLE] (default events)",
            "",
            "Example: query it from Python",
            "  import pyarrow.flight as fl, json",
            "  c = fl.connect('grpc://localhost:50051')",
            "  t = c.do_get(fl.Ticket(json.dumps({'query': '{ orders(limit: 5) { id status total } }'}))).read_all()",
            "With --users: c.authenticate_basic_token('alice', 'secret') returns the bearer header to pass",
            "  as fl.FlightCallOptions(headers=[header]) on every call.",
            "Example: the same over HTTP",
            "  curl -s localhost:8080/graphql -H 'Content-Type: application/json' \\",
            "       -d '{\"query\": \"{ orders(limit: 5) { id status total } }\"}'");

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("--http-port must be 0..65535, got " + httpPort);
        }
        if (httpPort != 0 && httpPort == port) {
            throw new IllegalArgumentException("--http-port and --port are both " + port + "; give each its own port");
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

    /** Reads flags first, then the environment, then defaults; unknown flags are refused. */
    public static ServerConfig parse(String[] args, Function<String, String> env) {
        java.util.Set<String> known = new java.util.HashSet<>(java.util.Set.of("host", "port", "http-port", "sdl", "jdbc-url", "db-user",
                "db-password", "demo-rows", "batch-rows", "max-rows", "max-depth", "max-query-chars",
                "max-output-columns", "max-in-list", "max-where-depth", "document-cache-chars",
                "max-streams", "query-timeout", "load-demo"));
        known.addAll(SecurityConfig.FLAGS);
        known.addAll(EventsConfig.FLAGS);
        known.addAll(SubscriptionConfig.FLAGS);
        known.addAll(HistoryConfig.FLAGS);
        known.addAll(ClientBudgets.FLAGS);
        known.addAll(AuthSettings.FLAGS);
        Map<String, String> flags = Flags.parse(args, known, java.util.Set.of("load-demo"));
        Function<String, String> value = name -> {
            String flag = flags.get(name);
            return flag != null ? flag : env.apply("QUIVER_" + (name.equals("port") ? "FLIGHT_PORT" : name.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
        };
        String sdl = value.apply("sdl");
        QueryLimits limits = new QueryLimits(
                number(value, "max-rows", QueryLimits.DEFAULTS.maxRows()),
                (int) number(value, "max-depth", QueryLimits.DEFAULTS.maxDepth()),
                (int) number(value, "max-query-chars", QueryLimits.DEFAULTS.maxQueryChars()),
                (int) number(value, "max-output-columns", QueryLimits.DEFAULTS.maxOutputColumns()),
                (int) number(value, "max-in-list", QueryLimits.DEFAULTS.maxInList()),
                (int) number(value, "max-where-depth", QueryLimits.DEFAULTS.maxWhereDepth()),
                number(value, "document-cache-chars", QueryLimits.DEFAULTS.maxCachedQueryChars()));
        return new ServerConfig(
                or(value.apply("host"), "127.0.0.1"),
                (int) number(value, "port", 50051),
                (int) number(value, "http-port", DEFAULT_HTTP_PORT),
                sdl == null ? null : Path.of(sdl),
                value.apply("jdbc-url"),
                or(value.apply("db-user"), "quiver"),
                or(value.apply("db-password"), "quiver"),
                number(value, "demo-rows", 100_000),
                (int) number(value, "batch-rows", 65_536),
                limits,
                EventsConfig.parse(value),
                SecurityConfig.parse(value),
                CallLimits.parse(value),
                SubscriptionConfig.parse(value),
                bool(value, "load-demo"),
                HistoryConfig.parse(value),
                ClientBudgets.parse(value));
    }

    private static boolean bool(Function<String, String> value, String name) {
        String text = value.apply(name);
        if (text == null || text.isBlank()) {
            return false;
        }
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new IllegalArgumentException("--" + name + " is true or false, got '" + text + "'");
        }
    }

    private static long number(Function<String, String> value, String name, long fallback) {
        String text = value.apply(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + text + "'");
        }
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
