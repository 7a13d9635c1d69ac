package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.SecurityConfig;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.auth.Users;
import dev.quiver.flight.request.QueryLimits;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * M5 of the security review: with authentication on, {@code /health} tells an anonymous caller only whether the
 * server is up, its details (source, root fields) and {@code /metrics} need credentials.
 */
@Timeout(60)
class HealthAndMetricsAuthTest {
    private static final String ALICE = "Basic " + Base64.getEncoder()
            .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    private static QuiverServer server;
    private static HttpTestClient anonymous;
    private static HttpTestClient alice;

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(20).batchRows(100)
                .security(new SecurityConfig(Users.parse("alice:s3cret", "--users"), null, null)).build());
        anonymous = new HttpTestClient(server.httpPort());
        alice = new HttpTestClient(server.httpPort(), ALICE);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void healthWithoutCredentialsIsOnlyTheLivenessBit() {
        HttpTestClient.Response response = anonymous.get("/health");

        assertThat(response.status()).isEqualTo(200);
        JsonNode health = response.json();
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(fieldNames(health)).containsExactly("status");
        assertThat(response.body()).doesNotContain("users", "embedded", "rootFields");
    }

    @Test
    void healthWithCredentialsHasTheDetails() {
        HttpTestClient.Response response = alice.get("/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("source").asText()).isEqualTo("embedded");
        assertThat(response.json().path("rootFields")).extracting(JsonNode::asText).contains("users", "orders");
    }

    @Test
    void healthWithWrongCredentialsIs401() {
        HttpTestClient.Response response = new HttpTestClient(server.httpPort(), "Basic "
                + Base64.getEncoder().encodeToString("alice:wrong".getBytes(StandardCharsets.UTF_8))).get("/health");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("Basic"));
        assertThat(response.body()).doesNotContain("rootFields");
    }

    @Test
    void metricsWithoutCredentialsIs401SayingWhatToSend() {
        HttpTestClient.Response response = anonymous.get("/metrics");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("Basic"));
        assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.body()).doesNotContain("quiver_requests_total", "jvm_");
    }

    @Test
    void metricsWithCredentialsOrATokenAreServed() {
        HttpTestClient.Response basic = alice.get("/metrics");
        assertThat(basic.status()).isEqualTo(200);
        assertThat(basic.body()).contains("quiver_http_rejected_total");

        String token = server.authenticator().login("alice", "s3cret").issuedToken();
        assertThat(new HttpTestClient(server.httpPort(), "Bearer " + token).get("/metrics").status()).isEqualTo(200);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
