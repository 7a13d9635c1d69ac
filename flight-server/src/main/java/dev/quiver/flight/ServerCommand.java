package dev.quiver.flight;

import dev.quiver.flight.auth.Users;
import dev.quiver.flight.history.HistoryConfig;
import dev.quiver.flight.outbox.EventsConfig;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.subscription.SubscriptionConfig;
import dev.quiver.flight.transport.http.AllowedHosts;
import dev.quiver.settings.ClickHouseTableOptions;
import dev.quiver.settings.EventStreamNames;
import dev.quiver.settings.StreamReplicasOption;
import dev.quiver.settings.NatsOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Quiver server's settings, each declared once here (flag, type, default, environment variable, description),
 * and what running it does: build the {@link ServerConfig}, start the server, print the banner and serve until the
 * process is stopped. The config records it builds validate the values and read no environment themselves.
 *
 * <p>{@code java -jar quiver-flight-server.jar --help} prints every option with its default and variable.
 */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Serves GraphQL over Arrow Flight, and the same GraphQL over HTTP/JSON (POST /graphql) beside GET /health"
                    + " and GET /metrics (Prometheus). Without --jdbc-url it generates the demo shop (users, products,"
                    + " orders, order_items) into an embedded database and serves that.",
            "",
            "Security: without --users/--users-file there is no authentication and without --tls-cert no TLS, so"
                    + " only bind to addresses you trust. With users, /metrics and the details of /health need"
                    + " credentials too.",
            ""},
        footer = {
            "",
            "Mutations: every @table type with a key (id: ID!) gets createT(input:), updateT(id, input:) and"
                    + " deleteT(id); a field marked @setter also gets updateTField(id, field), e.g. updateOrderStatus."
                    + " Each mutation commits the row and its event to the quiver_outbox table in one transaction;"
                    + " the relay (--relay, on by default) publishes the events to --nats-url with Nats-Msg-Id ="
                    + " event_id, so a re-publish is a no-op. NATS down: mutations still succeed and the relay"
                    + " retries until it is back.",
            "",
            "Example: query it from Python",
            "  import pyarrow.flight as fl, json",
            "  c = fl.connect('grpc://localhost:50051')",
            "  t = c.do_get(fl.Ticket(json.dumps({'query': '{ orders(limit: 5) { id status total } }'}))).read_all()",
            "With --users: c.authenticate_basic_token('alice', 'secret') returns the bearer header to pass as",
            "  fl.FlightCallOptions(headers=[header]) on every call.",
            "Example: the same over HTTP",
            "  curl -s localhost:8080/graphql -H 'Content-Type: application/json' \\",
            "       -d '{\"query\": \"{ orders(limit: 5) { id status total } }\"}'"})
public final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Spec
    CommandSpec spec;

    // --- where it listens and what it serves ---

    @Option(names = "--host", defaultValue = "${env:QUIVER_HOST:-127.0.0.1}", paramLabel = "ADDR",
            description = "Address to bind, both ports.")
    String host;

    @Option(names = {"--flight-port", "--port"}, defaultValue = "${env:QUIVER_FLIGHT_PORT:-50051}", paramLabel = "PORT",
            description = "Arrow Flight (gRPC) port; 0 picks a free port and logs it.")
    int flightPort;

    @Option(names = "--http-port", defaultValue = "${env:QUIVER_HTTP_PORT:-" + ServerConfig.DEFAULT_HTTP_PORT + "}",
            paramLabel = "PORT",
            description = "HTTP port for /graphql, /health and /metrics; 0 picks a free port and logs it.")
    int httpPort;

    @Option(names = "--sdl", defaultValue = "${env:QUIVER_SDL}", paramLabel = "FILE",
            description = "SDL mapping types to tables with @table/@column; absent = the demo shop schema.")
    Path sdl;

    @Option(names = "--jdbc-url", defaultValue = "${env:QUIVER_JDBC_URL}", paramLabel = "URL",
            description = "PostgreSQL to serve, e.g. jdbc:postgresql://localhost:5432/quiver; absent = the embedded"
                    + " demo database.")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "${env:QUIVER_DB_USER:-quiver}", paramLabel = "NAME",
            description = "Database user.")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:QUIVER_DB_PASSWORD:-quiver}", paramLabel = "SECRET",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Database password (default quiver); prefer the environment variable: flags show up in the"
                    + " process list.")
    String dbPassword;

    @Option(names = "--demo-rows", defaultValue = "${env:QUIVER_DEMO_ROWS:-100000}", paramLabel = "N",
            description = "Orders generated into the embedded database, or into --jdbc-url with --load-demo.")
    long demoRows;

    @Option(names = "--load-demo", negatable = true, arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
            defaultValue = "${env:QUIVER_LOAD_DEMO:-false}",
            description = "With --jdbc-url: create the demo shop tables where absent and, when they are empty, load"
                    + " --demo-rows orders into them with COPY (the rows the embedded database gets). Pick a schema"
                    + " with ?currentSchema=NAME in the URL.")
    boolean loadDemo;

    @Option(names = "--batch-rows", defaultValue = "${env:QUIVER_BATCH_ROWS:-65536}", paramLabel = "N",
            description = "Rows per Arrow record batch.")
    int batchRows;

    @Option(names = "--copy-reads", negatable = true, arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            showDefaultValue = CommandLine.Help.Visibility.ALWAYS, defaultValue = "${env:QUIVER_COPY_READS:-true}",
            description = "Read a query without relations from PostgreSQL by binary COPY, each value decoded straight"
                    + " into Arrow, and the rows of other queries from the bytes the JDBC driver received (a column type"
                    + " or a value this cannot carry falls back by itself). Off: every query reads through a JDBC cursor"
                    + " and its typed getters.")
    boolean copyReads;

    @Option(names = "--max-endpoints", defaultValue = "${env:QUIVER_MAX_ENDPOINTS:-1}", paramLabel = "N",
            description = "Most endpoints GetFlightInfo splits one query over, by ranges of its key, when the command"
                    + " asks for several (\"endpoints\": k) and the query allows it (one integer key, no offset, no"
                    + " order but the key's); clients read them at once. 1: never split.")
    int maxEndpoints;

    @Option(names = "--endpoint-locations", split = ",", defaultValue = "${env:QUIVER_ENDPOINT_LOCATIONS}",
            paramLabel = "URI,...",
            description = "Flight servers of the same database to hand a split query's endpoints out on, in turn, e.g."
                    + " grpc://10.0.0.2:50051,grpc://10.0.0.3:50051 (list this one too to read from it). Default:"
                    + " every endpoint on this server.")
    List<URI> endpointLocations;

    // --- query limits ---

    @Option(names = "--max-rows", defaultValue = "${env:QUIVER_MAX_ROWS:-10000000}", paramLabel = "N",
            description = "Most rows one request may ask for.")
    long maxRows;

    @Option(names = "--max-depth", defaultValue = "${env:QUIVER_MAX_DEPTH:-8}", paramLabel = "N",
            description = "Deepest selection nesting.")
    int maxDepth;

    @Option(names = "--max-query-chars", defaultValue = "${env:QUIVER_MAX_QUERY_CHARS:-100000}", paramLabel = "N",
            description = "Longest GraphQL text accepted.")
    int maxQueryChars;

    @Option(names = "--max-output-columns", defaultValue = "${env:QUIVER_MAX_OUTPUT_COLUMNS:-256}", paramLabel = "N",
            description = "Most output columns one request selects (every field, alias and relation field counts);"
                    + " more gets RESOURCE_EXHAUSTED.")
    int maxOutputColumns;

    @Option(names = "--max-in-list", defaultValue = "${env:QUIVER_MAX_IN_LIST:-1000}", paramLabel = "N",
            description = "Most values in one list argument, e.g. a filter's in: [...].")
    int maxInList;

    @Option(names = "--max-where-depth", defaultValue = "${env:QUIVER_MAX_WHERE_DEPTH:-16}", paramLabel = "N",
            description = "Deepest nesting of input objects (and/or/not) in an argument.")
    int maxWhereDepth;

    @Option(names = "--document-cache-chars", defaultValue = "${env:QUIVER_DOCUMENT_CACHE_CHARS:-2000000}",
            paramLabel = "N", description = "Total characters of GraphQL text the parsed-document cache keeps.")
    long documentCacheChars;

    @Option(names = "--max-streams", defaultValue = "${env:QUIVER_MAX_STREAMS:-64}", paramLabel = "N",
            description = "Result streams served at once; one more gets RESOURCE_EXHAUSTED (HTTP 429) and should retry"
                    + " shortly.")
    int maxStreams;

    @Option(names = "--query-timeout", defaultValue = "${env:QUIVER_QUERY_TIMEOUT:-5m}", paramLabel = "DURATION",
            description = "Longest one query may run, first SQL to last batch; beyond it the stream ends with"
                    + " TIMED_OUT.")
    Duration queryTimeout;

    // --- security ---

    @Option(names = "--users", defaultValue = "${env:QUIVER_USERS}", paramLabel = "U:P[:ROLE],...",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Users allowed in, as user:password[:role]; prefer the environment variable or --users-file:"
                    + " flags show up in the process list. ROLE is read-write (may run mutations) or read-only; a user"
                    + " without a role is read-only. The password may be a hash from --hash-password. No users (the"
                    + " default): no authentication.")
    String users;

    @Option(names = "--users-file", defaultValue = "${env:QUIVER_USERS_FILE}", paramLabel = "FILE",
            description = "One user:password[:role] per line, # comments; passwords may hold commas there. Must not be"
                    + " readable by group or others (chmod 600). With users, Flight clients log in with basic"
                    + " credentials and send the bearer token they get back; HTTP takes Basic credentials or the"
                    + " token on each request.")
    Path usersFile;

    @Option(names = "--hash-password",
            description = "Print the users-file form (pbkdf2-sha256$...) of the password read from standard input,"
                    + " then exit: printf '%%s\\n' 'secret' | java -jar quiver-flight-server.jar --hash-password")
    boolean hashPassword;

    @Option(names = "--token-lifetime", defaultValue = "${env:QUIVER_TOKEN_LIFETIME:-12h}", paramLabel = "DURATION",
            description = "A bearer token ends this long after it was issued, however often it is used (it also ends"
                    + " after 2 hours unused, or when the server restarts).")
    Duration tokenLifetime;

    @Option(names = "--login-failures-per-minute", defaultValue = "${env:QUIVER_LOGIN_FAILURES_PER_MINUTE:-10}",
            paramLabel = "N", description = "Failed logins per user name per minute; past it that user's logins are"
                    + " refused (Flight RESOURCE_EXHAUSTED, HTTP 429 with Retry-After) until the minute has passed.")
    int loginFailuresPerMinute;

    @Option(names = "--login-failures-per-address", defaultValue = "${env:QUIVER_LOGIN_FAILURES_PER_ADDRESS:-50}",
            paramLabel = "N", description = "Failed logins per client address per minute, whatever the user names.")
    int loginFailuresPerAddress;

    @Option(names = "--tls-cert", defaultValue = "${env:QUIVER_TLS_CERT}", paramLabel = "FILE",
            description = "PEM certificate chain; with --tls-key the server speaks only TLS: Flight grpc+tls://, HTTP"
                    + " https://.")
    Path tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:QUIVER_TLS_KEY}", paramLabel = "FILE",
            description = "The certificate's PEM private key (PKCS#8, unencrypted; RSA, EC or EdDSA).")
    Path tlsKey;

    @Option(names = "--allowed-hosts", defaultValue = "${env:QUIVER_ALLOWED_HOSTS}", paramLabel = "NAME,...",
            description = "Host names the HTTP port answers besides localhost, IP addresses and --host; a request for"
                    + " another Host gets 421 (against DNS rebinding). * allows any. Default: none.")
    String allowedHosts;

    // --- budgets per client ---

    @Option(names = "--max-message-bytes", defaultValue = "${env:QUIVER_MAX_MESSAGE_BYTES:-16777216}", paramLabel = "N",
            description = "Largest Flight message (ticket, command, action) read; larger ones get RESOURCE_EXHAUSTED.")
    int maxMessageBytes;

    @Option(names = "--max-header-bytes", defaultValue = "${env:QUIVER_MAX_HEADER_BYTES:-65536}", paramLabel = "N",
            description = "Largest header list of a Flight call or of an HTTP request, checked before authentication.")
    int maxHeaderBytes;

    @Option(names = "--http-read-timeout", defaultValue = "${env:QUIVER_HTTP_READ_TIMEOUT:-30s}",
            paramLabel = "DURATION",
            description = "Longest an HTTP client may take to send a request's headers and body (whole seconds, at"
                    + " least 1s); past it the connection is closed.")
    Duration httpReadTimeout;

    @Option(names = "--http-write-timeout", defaultValue = "${env:QUIVER_HTTP_WRITE_TIMEOUT:-1m}",
            paramLabel = "DURATION", description = "Longest one write of an HTTP answer may wait for a client that does"
                    + " not read; past it the connection is closed and the query ends.")
    Duration httpWriteTimeout;

    @Option(names = "--max-request-memory", defaultValue = "${env:QUIVER_MAX_REQUEST_MEMORY:-268435456}",
            paramLabel = "BYTES", description = "Most Arrow memory one query may hold; past it the query fails with"
                    + " RESOURCE_EXHAUSTED.")
    long maxRequestMemory;

    @Option(names = "--max-relation-rows", defaultValue = "${env:QUIVER_MAX_RELATION_ROWS:-1000000}", paramLabel = "N",
            description = "Most rows one batch may hold across all relation levels (the product of their fan-outs,"
                    + " also bounded by --max-rows); past it RESOURCE_EXHAUSTED.")
    long maxRelationRows;

    @Option(names = "--max-server-memory", defaultValue = "${env:QUIVER_MAX_SERVER_MEMORY:-0}", paramLabel = "BYTES",
            description = "Most Arrow memory all queries may hold together; past it a query fails with UNAVAILABLE"
                    + " (retry in a moment) rather than the JVM running out of direct memory. 0: half the JVM's"
                    + " -XX:MaxDirectMemorySize, which defaults to -Xmx.")
    long maxServerMemory;

    // --- NATS: the outbox relay and subscriptions ---

    @Mixin
    NatsOptions nats;

    @Option(names = "--relay", negatable = true, arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
            defaultValue = "${env:QUIVER_RELAY:-true}",
            description = "Run the outbox relay, publishing mutation events to --nats-url. --no-relay: events are"
                    + " recorded in the quiver_outbox table and wait there.")
    boolean relay;

    @Option(names = "--subscriptions", negatable = true, arity = "0..1", fallbackValue = "true",
            paramLabel = "true|false",
            showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
            defaultValue = "${env:QUIVER_SUBSCRIPTIONS:-false}",
            description = "Serve GraphQL subscriptions (subscription { events(entityType:,"
                    + " types:) { ... } }, an endless stream) from the events stream on --nats-url. Off: they are"
                    + " refused with UNAVAILABLE, the rest of the server works.")
    boolean subscriptions;

    @Mixin
    EventStreamNames eventStream;

    @Mixin
    StreamReplicasOption streamReplicas;

    @Option(names = "--relay-batch", defaultValue = "${env:QUIVER_RELAY_BATCH:-256}", paramLabel = "N",
            description = "Outbox rows claimed and published per relay transaction.")
    int relayBatch;

    @Option(names = "--relay-poll", defaultValue = "${env:QUIVER_RELAY_POLL:-500ms}", paramLabel = "DURATION",
            description = "How often an idle relay looks for rows (at least 10ms); a commit on this server wakes it at"
                    + " once.")
    Duration relayPoll;

    @Option(names = "--outbox-retention", defaultValue = "${env:QUIVER_OUTBOX_RETENTION:-1h}", paramLabel = "DURATION",
            description = "How long published rows stay in the outbox before the relay deletes them; 0 deletes them at"
                    + " the next purge, at most a minute later.")
    Duration outboxRetention;

    @Option(names = "--subscription-buffer", defaultValue = "${env:QUIVER_SUBSCRIPTION_BUFFER:-10000}",
            paramLabel = "N",
            description = "Most events waiting for one slow subscriber; past it (or past --subscription-buffer-bytes)"
                    + " that subscriber's stream ends with RESOURCE_EXHAUSTED \"slow consumer\", others go on.")
    int subscriptionBuffer;

    @Option(names = "--subscription-buffer-bytes", defaultValue = "${env:QUIVER_SUBSCRIPTION_BUFFER_BYTES:-67108864}",
            paramLabel = "BYTES", description = "Most bytes waiting for one subscriber; at least 1048576, the largest"
                    + " event.")
    long subscriptionBufferBytes;

    @Option(names = "--subscription-batch", defaultValue = "${env:QUIVER_SUBSCRIPTION_BATCH:-1000}", paramLabel = "N",
            description = "Events per Arrow batch; a batch is sent as soon as it is full.")
    int subscriptionBatch;

    @Option(names = "--subscription-linger", defaultValue = "${env:QUIVER_SUBSCRIPTION_LINGER:-50ms}",
            paramLabel = "DURATION", description = "Longest an event waits for a fuller batch (0 sends each event at"
                    + " once; at most 1m).")
    Duration subscriptionLinger;

    @Option(names = "--subscription-transmit-bytes", defaultValue = "${env:QUIVER_SUBSCRIPTION_TRANSMIT_BYTES}",
            paramLabel = "BYTES", description = "Most bytes of batches being sent at once, all subscribers together;"
                    + " later batches wait their turn. Default: an eighth of the direct memory limit"
                    + " (-XX:MaxDirectMemorySize or -Xmx), at least 1048576.")
    Long subscriptionTransmitBytes;

    @Option(names = "--max-subscriptions", defaultValue = "${env:QUIVER_MAX_SUBSCRIPTIONS:-20000}", paramLabel = "N",
            description = "Most subscriptions open at once, all users together; one more is refused with"
                    + " RESOURCE_EXHAUSTED (HTTP 429).")
    int maxSubscriptions;

    @Option(names = "--max-subscriptions-per-user", defaultValue = "${env:QUIVER_MAX_SUBSCRIPTIONS_PER_USER:-1000}",
            paramLabel = "N", description = "Most subscriptions one signed-in user holds open at once (with"
                    + " authentication off only --max-subscriptions applies).")
    int maxSubscriptionsPerUser;

    // --- event history (ClickHouse) ---

    @Option(names = "--history", negatable = true, arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
            defaultValue = "${env:QUIVER_HISTORY:-false}",
            description = "Answer query { events(entityType:, from:, to:) { ... } } from the ClickHouse events table"
                    + " the event-bridge writes (--clickhouse-*). Off: events queries answer UNAVAILABLE.")
    boolean history;

    @Mixin
    ClickHouseTableOptions clickhouseTable;

    /** For picocli and the {@code quiver} tool. */
    public ServerCommand() {
    }

    /**
     * The server's configuration from the parsed options (call after {@code parseArgs}); the records' constructors
     * refuse invalid values with an {@link IllegalArgumentException} naming the flag.
     */
    public ServerConfig config() {
        QueryLimits limits = new QueryLimits(maxRows, maxDepth, maxQueryChars, maxOutputColumns, maxInList,
                maxWhereDepth, documentCacheChars);
        EventsConfig.requireNatsUrl(nats.url()); // a bad URL is refused even while neither switch uses it
        EventsConfig events = new EventsConfig(relay ? nats.url() : null, eventStream.stream(),
                eventStream.subjectPrefix(), relayBatch, relayPoll, outboxRetention, streamReplicas.replicas());
        long transmitBytes = subscriptionTransmitBytes == null ? SubscriptionConfig.defaultTransmitBytes()
                : subscriptionTransmitBytes;
        SubscriptionConfig subscriptionConfig = new SubscriptionConfig(subscriptions ? nats.url() : null,
                eventStream.stream(), eventStream.subjectPrefix(), subscriptionBuffer, subscriptionBufferBytes,
                subscriptionBatch, subscriptionLinger, transmitBytes, maxSubscriptions, maxSubscriptionsPerUser);
        Users allowed = Users.parse(users, "--users");
        if (usersFile != null) {
            allowed = allowed.and(Users.read(usersFile));
        }
        SecurityConfig security = new SecurityConfig(allowed, tlsCert, tlsKey,
                new AuthSettings(tokenLifetime, loginFailuresPerMinute, loginFailuresPerAddress),
                AllowedHosts.parse(allowedHosts));
        URI clickhouse = clickhouseUri();
        new HistoryConfig(clickhouse, clickhouseTable.user(), clickhouseTable.password(), clickhouseTable.database(),
                clickhouseTable.table()); // checks
        HistoryConfig historyConfig = new HistoryConfig(history ? clickhouse : null, clickhouseTable.user(),
                clickhouseTable.password(), clickhouseTable.database(), clickhouseTable.table());
        ClientBudgets budgets = new ClientBudgets(maxMessageBytes, maxHeaderBytes, httpReadTimeout, httpWriteTimeout,
                maxRequestMemory, maxRelationRows, maxServerMemory);
        return new ServerConfig(host, flightPort, httpPort, sdl, blankToNull(jdbcUrl), dbUser, dbPassword, demoRows,
                batchRows, limits, events, security, new CallLimits(maxStreams, queryTimeout), subscriptionConfig,
                loadDemo, historyConfig, budgets, copyReads, maxEndpoints, endpointLocations);
    }

    /** Starts the server and serves until the process is stopped (SIGTERM, Ctrl-C); 0 then. */
    @Override
    public Integer call() throws Exception {
        if (hashPassword) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(QuiverServerMain.hashPassword(System.in));
            out.flush();
            return 0;
        }
        ServerConfig config = config();
        QuiverServer server;
        try {
            server = QuiverServer.start(config);
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "quiver-shutdown"));
        System.out.println(QuiverServerMain.banner(server.uri(), config.host(), server.httpPort(),
                server.exampleQuery()));
        if (config.security().authEnabled()) {
            System.out.println("  Log in with a user from --users / --users-file (Basic credentials; Flight then uses a"
                    + " bearer token)");
        }
        System.out.println("  Mutate: the same DoGet with {'query': 'mutation { updateOrderStatus(id: \"1\", status:"
                + " \"PAID\") { id status } }'}\n          (events go to the quiver_outbox table"
                + (config.events().relayEnabled() ? " and, when NATS answers, to " + config.events().stream() + ")"
                        : "; --no-relay: they wait there)"));
        System.out.flush();
        server.awaitTermination();
        return 0;
    }

    private static void stop(QuiverServer server) {
        long started = System.nanoTime();
        LOG.info("stopping (SIGTERM or Ctrl-C): closing both ports and ending running queries and subscriptions");
        try {
            server.close();
            LOG.info("Quiver server stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Quiver server stopped before its shutdown finished (interrupted)");
        }
    }

    private URI clickhouseUri() {
        try {
            return URI.create(clickhouseTable.url().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--clickhouse-url must be an http:// or https:// URL with a host, e.g."
                    + " http://127.0.0.1:8123, but was '" + clickhouseTable.url() + "'", e);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
