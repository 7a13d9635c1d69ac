package dev.quiver.flight.transport.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.quiver.flight.auth.Authenticator;
import dev.quiver.flight.metrics.QuiverMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format 0.0.4. With authentication on it needs the
 * credentials {@code /graphql} takes (Prometheus: {@code basic_auth} or {@code authorization} in the scrape config),
 * else 401.
 */
final class MetricsHandler implements HttpHandler {
    static final String PATH = "/metrics";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final QuiverMetrics metrics;
    private final Authenticator authenticator;

    MetricsHandler(QuiverMetrics metrics, Authenticator authenticator) {
        this.metrics = metrics;
        this.authenticator = authenticator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            HttpProblem refused = SimpleGets.refusal(exchange, PATH);
            if (refused != null) {
                HttpResponses.sendProblem(exchange, refused, HttpResponses.JSON_TYPE);
                return;
            }
            HttpCaller.of(exchange, authenticator); // 401 unless the credentials are valid (or authentication is off)
            HttpResponses.send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            HttpResponses.sendProblem(exchange, HttpResponses.problemOf(e), HttpResponses.JSON_TYPE);
        } finally {
            exchange.close();
        }
    }
}
