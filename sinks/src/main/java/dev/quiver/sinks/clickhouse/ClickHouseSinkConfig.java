package dev.quiver.sinks.clickhouse;

import dev.quiver.sinks.internal.EnvConfig;
import dev.quiver.sinks.internal.EnvKey;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@link ClickHouseSink} writes.
 *
 * @param endpoint       the HTTP interface, e.g. {@code http://127.0.0.1:8123}
 * @param user           the user to log in as
 * @param password       its password (may be empty)
 * @param database       the database holding the table; created by {@link ClickHouseSink#start()} if absent
 * @param table          the events table; created by {@link ClickHouseSink#start()} if absent
 * @param connectTimeout how long to wait for a TCP connection
 * @param socketTimeout  how long a request may wait for the next bytes of the server's answer
 * @param insertFormat   the wire format of inserts
 */
public record ClickHouseSinkConfig(URI endpoint, String user, String password, String database, String table,
                                   Duration connectTimeout, Duration socketTimeout, InsertFormat insertFormat) {

    /** The variables' common prefix. */
    public static final String PREFIX = "QUIVER_CLICKHOUSE_";

    /** How rows travel to the server. */
    public enum InsertFormat {
        /** ClickHouse's binary row format: no text parsing on the server (default, the faster one). */
        ROW_BINARY,
        /** One JSON object per row. */
        JSON_EACH_ROW
    }

    static final EnvKey URL = new EnvKey(PREFIX + "URL", "",
            "HTTP interface of the server; when unset it is http://<HOST>:<HTTP_PORT>");
    static final EnvKey HOST = new EnvKey(PREFIX + "HOST", "127.0.0.1", "server host, used when URL is unset");
    static final EnvKey HTTP_PORT = new EnvKey(PREFIX + "HTTP_PORT", "8123", "HTTP port, used when URL is unset");
    static final EnvKey NATIVE_PORT = new EnvKey(PREFIX + "NATIVE_PORT", "9000",
            "native-protocol port; read by other tools (clickhouse-client), ignored by the sink");
    static final EnvKey USER = new EnvKey(PREFIX + "USER", "default", "user to log in as");
    static final EnvKey PASSWORD = new EnvKey(PREFIX + "PASSWORD", "", "password of that user");
    static final EnvKey DATABASE = new EnvKey(PREFIX + "DATABASE", "quiver", "database of the events table");
    static final EnvKey TABLE = new EnvKey(PREFIX + "TABLE", "events", "the events table");
    static final EnvKey CONNECT_TIMEOUT = new EnvKey(PREFIX + "CONNECT_TIMEOUT", "5s", "TCP connect timeout");
    static final EnvKey SOCKET_TIMEOUT = new EnvKey(PREFIX + "SOCKET_TIMEOUT", "30s",
            "longest wait for the server's answer to a request");
    static final EnvKey INSERT_FORMAT = new EnvKey(PREFIX + "INSERT_FORMAT", "RowBinary",
            "insert wire format: RowBinary or JSONEachRow");
    /** Every variable this configuration reads. */
    static final List<EnvKey> KEYS = List.of(URL, HOST, HTTP_PORT, NATIVE_PORT, USER, PASSWORD, DATABASE, TABLE,
            CONNECT_TIMEOUT, SOCKET_TIMEOUT, INSERT_FORMAT);

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public ClickHouseSinkConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("ClickHouse endpoint must be an http:// or https:// URL with a host,"
                    + " e.g. http://127.0.0.1:8123, but was '" + endpoint + "'");
        }
        requireText("user", user);
        Objects.requireNonNull(password, "password");
        requireIdentifier("database", database);
        requireIdentifier("table", table);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("socketTimeout", socketTimeout);
        Objects.requireNonNull(insertFormat, "insertFormat");
    }

    /** {@code http://127.0.0.1:8123}, user {@code default} without password, {@code quiver.events}, RowBinary. */
    public static ClickHouseSinkConfig defaults() {
        return fromEnvironment(Map.of());
    }

    /**
     * The configuration from {@code QUIVER_CLICKHOUSE_*} variables ({@link #help()} lists them); the
     * {@code QUIVER_CLICKHOUSE_RETRY_*} and {@code _BREAKER_*} ones belong to the resilience configuration.
     *
     * @throws IllegalArgumentException for a malformed or unknown variable, naming it
     */
    public static ClickHouseSinkConfig fromEnvironment(Map<String, String> env) {
        EnvConfig config = new EnvConfig(env);
        config.rejectUnknown(PREFIX, KEYS, EnvConfig.RESILIENCE_PARTS);
        URI endpoint = config.isSet(URL) ? URI.create(config.text(URL))
                : URI.create("http://" + config.text(HOST) + ":" + config.integer(HTTP_PORT));
        return new ClickHouseSinkConfig(endpoint, config.text(USER), config.secret(PASSWORD), config.text(DATABASE),
                config.text(TABLE), config.duration(CONNECT_TIMEOUT), config.duration(SOCKET_TIMEOUT),
                parseFormat(config.text(INSERT_FORMAT)));
    }

    /** What each variable configures, with its default. */
    public static String help() {
        return EnvConfig.help("ClickHouse sink:", KEYS);
    }

    /** {@code database.table}, for SQL (both are plain identifiers, checked in the constructor). */
    public String qualifiedTable() {
        return database + "." + table;
    }

    @Override
    public String toString() {
        return "ClickHouseSinkConfig[" + user + "@" + endpoint + "/" + qualifiedTable() + ", connectTimeout="
                + connectTimeout + ", socketTimeout=" + socketTimeout + ", " + insertFormat + "]";
    }

    private static InsertFormat parseFormat(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "rowbinary" -> InsertFormat.ROW_BINARY;
            case "jsoneachrow" -> InsertFormat.JSON_EACH_ROW;
            default -> throw new IllegalArgumentException(INSERT_FORMAT.name() + " must be RowBinary or JSONEachRow but was '"
                    + text + "'");
        };
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ClickHouse " + name + " must not be blank");
        }
    }

    private static void requireIdentifier(String name, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("ClickHouse " + name + " must be a plain identifier (letters, digits,"
                    + " underscores; not starting with a digit; at most 64 characters) but was '" + value + "'");
        }
    }

    static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration but was " + value);
        }
    }
}
