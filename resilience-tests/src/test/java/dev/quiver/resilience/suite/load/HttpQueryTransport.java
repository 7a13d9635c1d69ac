package dev.quiver.resilience.suite.load;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /graphql} with the JDK's HTTP client (HTTP/1.1, pooled keep-alive connections); every answer's orders
 * are checked against {@link DemoOrders}. Every request has a
 * timeout; 429 with a {@code Retry-After} header and the {@code RESOURCE_EXHAUSTED} code is a shed, any other status,
 * a broken connection or a timeout an error.
 */
final class HttpQueryTransport implements QueryTransport {
    /** Decimals read exactly (a total of 12.30 must not become a double). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final HttpClient client;
    private final URI graphql;
    private final Duration deadline;
    private final DemoOrders demo;

    HttpQueryTransport(URI graphql, Duration deadline, DemoOrders demo) {
        this.demo = demo;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(deadline).build();
        this.graphql = graphql;
        this.deadline = deadline;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Answer ask(OrdersQuery query) {
        HttpRequest request = HttpRequest.newBuilder(graphql).timeout(deadline).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query.requestJson())).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return Answer.error("no answer within " + deadline.toMillis() + " ms: " + e.getMessage());
        } catch (IOException e) {
            return Answer.error(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error("interrupted");
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() == 429) {
                boolean clean = response.headers().firstValue("Retry-After").isPresent()
                        && "RESOURCE_EXHAUSTED".equals(body.path("errors").path(0).path("extensions").path("code").asText());
                return clean ? Answer.SHED : Answer.error("429 without Retry-After or RESOURCE_EXHAUSTED: " + body);
            }
            if (response.statusCode() != 200 || body.has("errors")) {
                return Answer.error("HTTP " + response.statusCode() + ": " + abbreviate(body.toString()));
            }
            List<OrderRow> rows = new ArrayList<>(query.rows());
            for (JsonNode order : body.path("data").path("orders")) {
                JsonNode total = order.path("total");
                rows.add(new OrderRow(text(order.path("id")), text(order.path("status")),
                        total.isNumber() ? total.decimalValue() : null, text(order.path("user").path("name"))));
            }
            String mismatch = query.mismatch(rows, demo);
            return mismatch == null ? Answer.OK : Answer.error(mismatch);
        } catch (IOException e) {
            return Answer.error("HTTP " + response.statusCode() + " with a body that is not JSON: " + e.getMessage());
        }
    }

    /** A string (or number) field as text; absent or null as null. */
    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    @Override
    public void close() {
        // the JDK 17 client has no close(); its connections end with the JVM or when idle
    }
}
