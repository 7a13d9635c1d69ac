package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.flight.request.GraphQLRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /health} and {@code GET /metrics}, the latter after traffic on both transports. */
@Timeout(60)
class HealthAndMetricsHttpTest {
    private static SharedDemoServer demo;

    @BeforeAll
    static void start() throws Exception {
        demo = SharedDemoServer.get();
    }

    @Test
    void healthReportsStatusSourceUptimeAndRootFields() {
        Instant asked = Instant.now();
        HttpTestClient.Response response = demo.http.get("/health");
        Instant answered = Instant.now();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
        JsonNode health = response.json();
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("source").asText()).isEqualTo("embedded");
        assertThat(health.path("uptimeSeconds").isNumber()).isTrue();
        // the server started between startingAt and startedAt, and measured its uptime between asked and
        // answered (both on the system clock, in whole milliseconds): the value is pinned between the two spans
        long uptimeMillis = Math.round(health.path("uptimeSeconds").doubleValue() * 1000);
        assertThat(uptimeMillis).as("uptime in ms")
                .isBetween(Duration.between(demo.startedAt, asked).toMillis(),
                        Duration.between(demo.startingAt, answered).toMillis());
        assertThat(health.path("rootFields")).extracting(JsonNode::asText)
                .containsExactly("users", "products", "orders", "orderItems");
        assertThat(health.has("problem")).isFalse();
    }

    @Test
    void healthAndMetricsAnswerOnlyGet() {
        HttpTestClient.Response health = demo.http.send("POST", "/health", "application/json", "{}", null);
        assertThat(health.status()).isEqualTo(405);
        assertThat(health.headers().firstValue("Allow")).hasValue("GET");
        assertThat(demo.http.send("DELETE", "/metrics", null, null, null).status()).isEqualTo(405);
        assertThat(demo.http.get("/health/x").status()).isEqualTo(404);
    }

    @Test
    void metricsCountRequestsRowsAndBatchesPerTransportAndOutcome() throws Exception {
        Map<String, Double> before = samples();
        try (FlightStream stream = demo.flight.getStream(new Ticket(
                GraphQLRequest.of("{ orders(limit: 700) { id } }").toJson()))) {
            while (stream.next()) {
                assertThat(stream.getRoot().getRowCount()).isPositive();
            }
        }
        assertThat(demo.http.postGraphQL("{\"query\": \"{ orders(limit: 650) { id } }\"}").status()).isEqualTo(200);
        assertThat(demo.http.postGraphQL("{\"query\": \"{ orders { nope } }\"}").status()).isEqualTo(400);
        assertThat(demo.http.postGraphQL("{\"query\": \"{ orders(limit: 100000000) { id } }\"}").status()).isEqualTo(413);

        HttpTestClient.Response response = demo.http.get("/metrics");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        Map<String, Double> after = parse(response.body());

        assertThat(delta(before, after, "quiver_requests_total{outcome=\"ok\",transport=\"flight\"}")).isEqualTo(1);
        assertThat(delta(before, after, "quiver_requests_total{outcome=\"ok\",transport=\"http\"}")).isEqualTo(1);
        assertThat(delta(before, after, "quiver_requests_total{outcome=\"invalid_request\",transport=\"http\"}")).isEqualTo(1);
        assertThat(delta(before, after, "quiver_requests_total{outcome=\"limit_exceeded\",transport=\"http\"}")).isEqualTo(1);
        assertThat(delta(before, after, "quiver_rows_streamed_total{transport=\"flight\"}")).isEqualTo(700);
        assertThat(delta(before, after, "quiver_batches_streamed_total{transport=\"flight\"}")).isEqualTo(3); // 300-row batches
        assertThat(delta(before, after, "quiver_rows_streamed_total{transport=\"http\"}")).isEqualTo(650);
        assertThat(delta(before, after, "quiver_batches_streamed_total{transport=\"http\"}")).isEqualTo(3);
        assertThat(delta(before, after, "quiver_request_duration_seconds_count{outcome=\"ok\",transport=\"http\"}")).isEqualTo(1);
        assertThat(after).containsKey("quiver_request_duration_seconds_bucket{outcome=\"ok\",transport=\"flight\",le=\"+Inf\"}");
        assertThat(after.get("quiver_streams_in_flight{transport=\"flight\"}")).isZero();
        assertThat(after.get("quiver_streams_in_flight{transport=\"http\"}")).isZero(); // a scrape is not a query
        assertThat(response.body()).contains("jvm_memory_used_bytes{", "jvm_gc_memory_allocated_bytes_total",
                "jvm_threads_live_threads", "process_uptime_seconds", "quiver_http_rejected_total");
    }

    private static Map<String, Double> samples() {
        return parse(demo.http.get("/metrics").body());
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("metrics have %s", series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    /** Prometheus text to {series with labels → value}. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
