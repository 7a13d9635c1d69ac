package dev.quiver.flight.transport.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.quiver.flight.metrics.QuiverMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: every meter in the Prometheus text format 0.0.4. */
final class MetricsHandler implements HttpHandler {
    static final String PATH = "/metrics";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final QuiverMetrics metrics;

    MetricsHandler(QuiverMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            HttpProblem refused = SimpleGets.refusal(exchange, PATH);
            if (refused != null) {
                HttpResponses.sendProblem(exchange, refused, HttpResponses.JSON_TYPE);
                return;
            }
            HttpResponses.send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            HttpResponses.sendProblem(exchange, HttpResponses.problemOf(e), HttpResponses.JSON_TYPE);
        } finally {
            exchange.close();
        }
    }
}
