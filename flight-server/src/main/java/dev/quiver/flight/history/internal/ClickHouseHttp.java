package dev.quiver.flight.history.internal;

import dev.quiver.flight.history.HistoryConfig;
import dev.quiver.flight.history.HistoryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SQL to ClickHouse's HTTP interface (a POST body) and hands back the answer as a stream, so a large result
 * is never held whole. A non-200 answer becomes a {@link HistoryUnavailableException} with ClickHouse's message.
 *
 * <p>A query can carry its own id and a time limit ({@code query_id}, {@code max_execution_time}), and be killed by
 * that id ({@link #kill}): closing the HTTP answer alone does not stop a query in ClickHouse 18.16, which has no
 * {@code cancel_http_readonly_queries_on_client_close} (security review M3).
 */
public final class ClickHouseHttp {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseHttp.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(30);
    private static final int ERROR_CHARS = 2_000;

    private final HistoryConfig config;
    private final URI endpoint;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    public ClickHouseHttp(HistoryConfig config) {
        this.config = config;
        String base = config.url().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "?user="
                + URLEncoder.encode(config.user(), StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(config.password(), StandardCharsets.UTF_8));
    }

    /** Runs {@code sql}; the caller reads and closes the stream. */
    public InputStream query(String sql) throws InterruptedException {
        return send(endpoint, sql);
    }

    /**
     * Runs {@code sql} as query {@code queryId}, which ClickHouse ends itself after {@code limit} (whole seconds,
     * rounded up); the caller reads and closes the stream.
     */
    public InputStream query(String sql, String queryId, Duration limit) throws InterruptedException {
        long seconds = Math.max(1, (limit.toMillis() + 999) / 1000);
        return send(URI.create(endpoint + "&query_id=" + URLEncoder.encode(queryId, StandardCharsets.UTF_8)
                + "&max_execution_time=" + seconds), sql);
    }

    /**
     * Asks ClickHouse to kill query {@code queryId} and returns at once (the answer is only logged): for a query
     * whose client has stopped.
     */
    public void kill(String queryId) {
        if (!queryId.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not a query id of this server: " + queryId);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(HEADERS_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("KILL QUERY WHERE query_id = '" + queryId + "' ASYNC",
                        StandardCharsets.UTF_8)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() != 200) {
                LOG.warn("could not kill ClickHouse query {} at {}: {}", queryId, config.url(),
                        failure != null ? failure.toString() : "HTTP " + response.statusCode() + " " + response.body());
            }
        });
    }

    private InputStream send(URI target, String sql) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(HEADERS_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            LOG.warn("ClickHouse at {} did not answer: {}", config.url(), e.toString());
            throw new HistoryUnavailableException("ClickHouse did not answer the history query; check that it runs and"
                    + " that --clickhouse-url points at its HTTP port (the server's log has the error)", e);
        }
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(ERROR_CHARS), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                body = "(unreadable: " + e + ")";
            }
            LOG.warn("ClickHouse at {} refused a history query (HTTP {}): {}", config.url(), response.statusCode(), body);
            throw new HistoryUnavailableException("ClickHouse refused the history query (HTTP " + response.statusCode()
                    + "; the server's log has its answer)");
        }
        return response.body();
    }

    /** The answer of a small query, whole. */
    public String text(String sql) throws InterruptedException {
        try (InputStream in = query(sql)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("reading ClickHouse's answer from {} failed: {}", config.url(), e.toString());
            throw new HistoryUnavailableException("reading ClickHouse's answer failed (the server's log has the error)", e);
        }
    }
}
