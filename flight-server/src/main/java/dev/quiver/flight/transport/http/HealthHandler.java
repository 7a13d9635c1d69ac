package dev.quiver.flight.transport.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /health}: 200 {@code {"status":"ok","source":"embedded","uptimeSeconds":12.5,"rootFields":[...]}}
 * when the source answers, else 503 with {@code "status":"unavailable"} and a {@code "problem"}.
 */
final class HealthHandler implements HttpHandler {
    static final String PATH = "/health";

    private final ServerHealth health;

    HealthHandler(ServerHealth health) {
        this.health = health;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            HttpProblem refused = SimpleGets.refusal(exchange, PATH);
            if (refused != null) {
                HttpResponses.sendProblem(exchange, refused, HttpResponses.JSON_TYPE);
                return;
            }
            answer(exchange);
        } catch (RuntimeException e) {
            HttpResponses.sendProblem(exchange, HttpResponses.problemOf(e), HttpResponses.JSON_TYPE);
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        ServerHealth.Report report = health.check();
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        try (JsonGenerator json = HttpResponses.JSON.createGenerator(body)) {
            json.writeStartObject();
            json.writeStringField("status", report.healthy() ? "ok" : "unavailable");
            json.writeStringField("source", report.source());
            json.writeNumberField("uptimeSeconds", report.uptime().toMillis() / 1000.0);
            json.writeArrayFieldStart("rootFields");
            for (String field : report.rootFields()) {
                json.writeString(field);
            }
            json.writeEndArray();
            if (report.problem() != null) {
                json.writeStringField("problem", report.problem());
            }
            json.writeEndObject();
        }
        HttpResponses.send(exchange, report.healthy() ? 200 : 503, HttpResponses.JSON_TYPE, body.toByteArray());
    }
}
