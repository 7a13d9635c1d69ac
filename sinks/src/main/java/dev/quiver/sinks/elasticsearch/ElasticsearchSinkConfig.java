package dev.quiver.sinks.elasticsearch;

import dev.quiver.sinks.internal.EnvConfig;
import dev.quiver.sinks.internal.EnvKey;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@link ElasticsearchSink} writes.
 *
 * @param url              the REST endpoint, e.g. {@code http://127.0.0.1:9200}
 * @param user             user for HTTP basic authentication, or empty for none
 * @param password         its password
 * @param indexPrefix      events go to {@code <indexPrefix>-YYYY.MM}; the index template is named after it
 * @param connectTimeout   how long to wait for a TCP connection
 * @param socketTimeout    how long a request may wait for the next bytes of the answer
 * @param bulkMaxBytes     a batch is sent in bulk requests of at most about this many bytes
 * @param itemRetries      how many times bulk items refused with 429 or 5xx are sent again within one write
 * @param itemRetryBackoff the wait before the first such resend; doubled for each further one
 */
public record ElasticsearchSinkConfig(URI url, String user, String password, String indexPrefix,
                                      Duration connectTimeout, Duration socketTimeout, int bulkMaxBytes,
                                      int itemRetries, Duration itemRetryBackoff) {

    /** The variables' common prefix. */
    public static final String PREFIX = "QUIVER_ELASTICSEARCH_";

    static final EnvKey URL = new EnvKey(PREFIX + "URL", "",
            "REST endpoint of the cluster; when unset it is http://<HOST>:<PORT>");
    static final EnvKey HOST = new EnvKey(PREFIX + "HOST", "127.0.0.1", "node host, used when URL is unset");
    static final EnvKey PORT = new EnvKey(PREFIX + "PORT", "9200", "node HTTP port, used when URL is unset");
    static final EnvKey USER = new EnvKey(PREFIX + "USER", "", "user for basic authentication; empty for none");
    static final EnvKey PASSWORD = new EnvKey(PREFIX + "PASSWORD", "", "password of that user");
    static final EnvKey INDEX_PREFIX = new EnvKey(PREFIX + "INDEX_PREFIX", "quiver-events",
            "events go to <prefix>-YYYY.MM (month of occurred_at, UTC); lower case letters, digits, '-', '_'");
    static final EnvKey CONNECT_TIMEOUT = new EnvKey(PREFIX + "CONNECT_TIMEOUT", "5s", "TCP connect timeout");
    static final EnvKey SOCKET_TIMEOUT = new EnvKey(PREFIX + "SOCKET_TIMEOUT", "30s",
            "longest wait for the cluster's answer to a request");
    static final EnvKey BULK_MAX_BYTES = new EnvKey(PREFIX + "BULK_MAX_BYTES", "8388608",
            "a batch is split into bulk requests of at most about this many bytes");
    static final EnvKey ITEM_RETRIES = new EnvKey(PREFIX + "ITEM_RETRIES", "3",
            "resends of bulk items refused with 429/5xx before the write fails as retriable");
    static final EnvKey ITEM_RETRY_BACKOFF = new EnvKey(PREFIX + "ITEM_RETRY_BACKOFF", "100ms",
            "wait before the first resend, doubled for each further one");
    /** Every variable this configuration reads. */
    static final List<EnvKey> KEYS = List.of(URL, HOST, PORT, USER, PASSWORD, INDEX_PREFIX, CONNECT_TIMEOUT,
            SOCKET_TIMEOUT, BULK_MAX_BYTES, ITEM_RETRIES, ITEM_RETRY_BACKOFF);

    /** Lower case, no wildcard or separator characters, short enough to leave room for the month suffix. */
    private static final Pattern INDEX_PREFIX_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,199}");

    public ElasticsearchSinkConfig {
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("Elasticsearch URL must be an http:// or https:// URL with a host,"
                    + " e.g. http://127.0.0.1:9200, but was '" + url + "'");
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (indexPrefix == null || !INDEX_PREFIX_PATTERN.matcher(indexPrefix).matches()) {
            throw new IllegalArgumentException("Elasticsearch index prefix must be lower case letters, digits, '-' or"
                    + " '_', starting with a letter or digit, at most 200 characters, but was '" + indexPrefix + "'");
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("socketTimeout", socketTimeout);
        if (bulkMaxBytes < 1024) {
            throw new IllegalArgumentException("bulkMaxBytes must be at least 1024 but was " + bulkMaxBytes);
        }
        if (itemRetries < 0) {
            throw new IllegalArgumentException("itemRetries must be >= 0 but was " + itemRetries);
        }
        requirePositive("itemRetryBackoff", itemRetryBackoff);
    }

    /** {@code http://127.0.0.1:9200}, no authentication, prefix {@code quiver-events}. */
    public static ElasticsearchSinkConfig defaults() {
        return fromEnvironment(Map.of());
    }

    /**
     * The configuration from {@code QUIVER_ELASTICSEARCH_*} variables ({@link #help()} lists them); the
     * {@code QUIVER_ELASTICSEARCH_RETRY_*} and {@code _BREAKER_*} ones belong to the resilience configuration.
     *
     * @throws IllegalArgumentException for a malformed or unknown variable, naming it
     */
    public static ElasticsearchSinkConfig fromEnvironment(Map<String, String> env) {
        EnvConfig config = new EnvConfig(env);
        config.rejectUnknown(PREFIX, KEYS, EnvConfig.RESILIENCE_PARTS);
        URI url = config.isSet(URL) ? URI.create(config.text(URL))
                : URI.create("http://" + config.text(HOST) + ":" + config.integer(PORT));
        return new ElasticsearchSinkConfig(url, config.text(USER), config.secret(PASSWORD), config.text(INDEX_PREFIX),
                config.duration(CONNECT_TIMEOUT), config.duration(SOCKET_TIMEOUT), config.integer(BULK_MAX_BYTES),
                config.integer(ITEM_RETRIES), config.duration(ITEM_RETRY_BACKOFF));
    }

    /** What each variable configures, with its default. */
    public static String help() {
        return EnvConfig.help("Elasticsearch sink:", KEYS);
    }

    /** The same configuration writing under another index prefix. */
    public ElasticsearchSinkConfig withIndexPrefix(String prefix) {
        return new ElasticsearchSinkConfig(url, user, password, prefix, connectTimeout, socketTimeout, bulkMaxBytes,
                itemRetries, itemRetryBackoff);
    }

    /** The pattern matching every events index, {@code <indexPrefix>-*}. */
    public String indexPattern() {
        return indexPrefix + "-*";
    }

    @Override
    public String toString() {
        return "ElasticsearchSinkConfig[" + (user.isEmpty() ? "" : user + "@") + url + ", " + indexPattern()
                + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout + ", bulkMaxBytes="
                + bulkMaxBytes + ", itemRetries=" + itemRetries + ", itemRetryBackoff=" + itemRetryBackoff + "]";
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration but was " + value);
        }
    }
}
