package dev.quiver.sinks.elasticsearch;

import java.net.URI;
import java.time.Duration;
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

    /** Lower case, no wildcard or separator characters, short enough to leave room for the month suffix. */
    private static final Pattern INDEX_PREFIX_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,199}");

    public ElasticsearchSinkConfig {
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("Elasticsearch url must be an http:// or https:// URL with a host,"
                    + " e.g. http://127.0.0.1:9200, but was '" + url + "'");
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (indexPrefix == null || !INDEX_PREFIX_PATTERN.matcher(indexPrefix).matches()) {
            throw new IllegalArgumentException("Elasticsearch indexPrefix must be lower case letters, digits, '-' or"
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

    /**
     * {@code http://127.0.0.1:9200}, no authentication, prefix {@code quiver-events}, 5 s connect and 30 s socket
     * timeouts, bulk requests of at most 8 MiB, 3 item resends starting at 100 ms.
     */
    public static ElasticsearchSinkConfig defaults() {
        return new ElasticsearchSinkConfig(URI.create("http://127.0.0.1:9200"), "", "", "quiver-events",
                Duration.ofSeconds(5), Duration.ofSeconds(30), 8_388_608, 3, Duration.ofMillis(100));
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
