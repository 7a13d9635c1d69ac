package dev.quiver.flight.transport.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.quiver.flight.auth.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /health}: 200 {@code {"status":"ok","source":"embedded","uptimeSeconds":12.5,"rootFields":[...]}}
 * when the source answers, else 503 with {@code "status":"unavailable"} and a {@code "problem"}. With authentication
 * on, a caller without an {@code Authorization} header gets only the liveness bit ({@code {"status":"ok"}} or 503
 * {@code {"status":"unavailable"}}, for load balancers and orchestrators), one with credentials the details, and one
 * with wrong credentials 401.
 */
final class HealthHandler implements HttpHandler {
    static final String PATH = "/health";

    private final ServerHealth health;
    private final Authenticator authenticator;

    HealthHandler(ServerHealth health, Authenticator authenticator) {
        this.health = health;
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
            boolean details = !authenticator.enabled() || exchange.getRequestHeaders().getFirst("Authorization") != null;
            if (details) {
                HttpCaller.of(exchange, authenticator); // 401 unless the credentials are valid
            }
            answer(exchange, health.check(), details);
        } catch (RuntimeException e) {
            HttpResponses.sendProblem(exchange, HttpResponses.problemOf(e), HttpResponses.JSON_TYPE);
        } finally {
            exchange.close();
        }
    }

    private static void answer(HttpExchange exchange, ServerHealth.Report report, boolean details) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        try (JsonGenerator json = HttpResponses.JSON.createGenerator(body)) {
            json.writeStartObject();
            json.writeStringField("status", report.healthy() ? "ok" : "unavailable");
            if (details) {
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
            }
            json.writeEndObject();
        }
        HttpResponses.send(exchange, report.healthy() ? 200 : 503, HttpResponses.JSON_TYPE, body.toByteArray());
    }
}
