package dev.quiver.bridge;

import java.util.Objects;

/**
 * Where the built-in sinks write. Read by their {@link SinkFactory}s; the bridge itself never uses them.
 *
 * @param clickhouseUrl      ClickHouse HTTP interface ({@code --clickhouse-url}, default {@code http://127.0.0.1:8123})
 * @param clickhouseUser     ({@code --clickhouse-user}, default {@code default})
 * @param clickhousePassword ({@code --clickhouse-password}, default empty)
 * @param clickhouseDatabase ({@code --clickhouse-database}, default {@code quiver})
 * @param clickhouseTable    ({@code --clickhouse-table}, default {@code events})
 * @param elasticsearchUrl   ({@code --elasticsearch-url}, default {@code http://127.0.0.1:9200})
 * @param elasticsearchIndex index prefix: events go to {@code <prefix>-YYYY.MM} ({@code --elasticsearch-index}, default {@code quiver-events})
 */
public record SinkEndpoints(String clickhouseUrl, String clickhouseUser, String clickhousePassword,
                            String clickhouseDatabase, String clickhouseTable, String elasticsearchUrl,
                            String elasticsearchIndex) {

    public static final SinkEndpoints DEFAULTS = new SinkEndpoints("http://127.0.0.1:8123", "default", "", "quiver",
            "events", "http://127.0.0.1:9200", "quiver-events");

    public SinkEndpoints {
        requireUrl("--clickhouse-url", clickhouseUrl);
        Objects.requireNonNull(clickhouseUser, "clickhouseUser");
        Objects.requireNonNull(clickhousePassword, "clickhousePassword");
        Objects.requireNonNull(clickhouseDatabase, "clickhouseDatabase");
        Objects.requireNonNull(clickhouseTable, "clickhouseTable");
        requireUrl("--elasticsearch-url", elasticsearchUrl);
        Objects.requireNonNull(elasticsearchIndex, "elasticsearchIndex");
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "SinkEndpoints[clickhouse=" + clickhouseUrl + " " + clickhouseDatabase + "." + clickhouseTable
                + " as " + clickhouseUser + ", elasticsearch=" + elasticsearchUrl + " " + elasticsearchIndex + "]";
    }

    private static void requireUrl(String flag, String url) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException(flag + " must be an http:// or https:// URL, got '" + url + "'");
        }
    }
}
