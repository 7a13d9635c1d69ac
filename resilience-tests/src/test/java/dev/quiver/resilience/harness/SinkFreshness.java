package dev.quiver.resilience.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.testsupport.Services;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How far behind the producer each sink of a {@link PipelineRun} is, as users see it: the age of the newest event
 * a query returns ({@code now − max(occurred_at)}). The generator stamps {@code occurred_at} with the wall clock
 * of this JVM when it makes the event, so while events flow this age is the produce→visible latency of the freshest
 * visible event, give or take one polling interval; when a sink falls behind it grows with the backlog. Reads
 * ClickHouse over plain HTTP ({@code occurred_at_us} on the 18.16 layout, {@code DateTime64} on newer servers) and
 * Elasticsearch with a {@code max} aggregation without a refresh, so an unrefreshed document does not count as seen.
 */
public final class SinkFreshness {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Services services;
    private final PipelineRun run;
    private final Clock clock;
    private volatile String clickhouseNewestSql;

    public SinkFreshness(Services services, PipelineRun run) {
        this(services, run, Clock.systemUTC());
    }

    SinkFreshness(Services services, PipelineRun run, Clock clock) {
        this.services = services;
        this.run = run;
        this.clock = clock;
    }

    /** Age of the newest event ClickHouse returns; fails while the table is missing or empty. */
    public Duration clickhouse() throws IOException, InterruptedException {
        long micros = Long.parseLong(clickhouseQuery(newestClickHouseSql()).trim());
        return ageOf(micros, PipelineRun.CLICKHOUSE);
    }

    /** Age of the newest event an Elasticsearch search returns; fails while no document is searchable. */
    public Duration elasticsearch() throws IOException, InterruptedException {
        String url = services.elasticsearch().httpUrl() + "/" + run.elasticsearchPrefix
                + "-*/_search?size=0&allow_no_indices=true&ignore_unavailable=true";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"aggs\":{\"newest\":{\"max\":{\"field\":\"occurred_at\"}}}}"))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Elasticsearch search for the newest event answered " + response.statusCode() + ": "
                    + response.body());
        }
        JsonNode newest = JSON.readTree(response.body()).path("aggregations").path("newest").path("value_as_string");
        if (newest.isMissingNode() || newest.isNull() || newest.asText().isEmpty()) {
            throw new IllegalStateException("no event searchable in " + run.elasticsearchPrefix + "-* yet");
        }
        Instant at = Instant.parse(newest.asText());
        return ageOf(at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000, PipelineRun.ELASTICSEARCH);
    }

    private Duration ageOf(long micros, String sink) {
        if (micros <= 0) {
            throw new IllegalStateException("no event visible in " + sink + " yet");
        }
        Instant now = clock.instant();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return Duration.ofNanos(Math.max(0, nowMicros - micros) * 1_000);
    }

    /** The newest-event query for the table's layout, decided once the table exists. */
    private String newestClickHouseSql() throws IOException, InterruptedException {
        String sql = clickhouseNewestSql;
        if (sql == null) {
            String table = run.clickhouseDatabase + ".events";
            String legacy = clickhouseQuery("SELECT count() FROM system.columns WHERE database = '" + run.clickhouseDatabase
                    + "' AND table = 'events' AND name = 'occurred_at_us' FORMAT TabSeparated").trim();
            String exists = clickhouseQuery("SELECT count() FROM system.tables WHERE database = '" + run.clickhouseDatabase
                    + "' AND name = 'events' FORMAT TabSeparated").trim();
            if ("0".equals(exists)) {
                throw new IllegalStateException("ClickHouse table " + table + " does not exist yet");
            }
            sql = "1".equals(legacy)
                    ? "SELECT max(occurred_at_us) FROM " + table + " FORMAT TabSeparated"
                    : "SELECT toUnixTimestamp64Micro(max(occurred_at)) FROM " + table + " FORMAT TabSeparated";
            clickhouseNewestSql = sql;
        }
        return sql;
    }

    private String clickhouseQuery(String sql) throws IOException, InterruptedException {
        String url = services.clickhouse().httpUrl() + "/?user=" + encode(services.clickhouse().user()) + "&password="
                + encode(services.clickhouse().password());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("ClickHouse answered " + response.statusCode() + " to `" + sql + "`: "
                    + response.body().trim());
        }
        return response.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
