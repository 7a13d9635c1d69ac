package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.CallLimits;
import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.SecurityConfig;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.admission.StreamSlot;
import dev.quiver.flight.auth.Users;
import dev.quiver.flight.request.QueryLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP twin shares Flight's users and stream slots: 401 without valid credentials, 429 when no slot is free. */
@Timeout(60)
class HttpAccessTest {
    private static final String QUERY = "{\"query\": \"{ users(limit: 2) { id } }\"}";
    private static QuiverServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(20).batchRows(100)
                .security(new SecurityConfig(Users.parse("alice:s3cret", "--users"), null, null))
                .calls(new CallLimits(1, Duration.ofMinutes(1))).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void noCredentialsIs401SayingWhatToSend() throws Exception {
        HttpResponse<String> response = post(null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("Basic"));
        assertThat(response.body()).contains("UNAUTHENTICATED").contains("authorization");
    }

    @Test
    void aWrongPasswordIs401() throws Exception {
        HttpResponse<String> response = post(basic("alice", "wrong"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("wrong user name or password");
    }

    @Test
    void aGarbageBearerTokenIs401() throws Exception {
        assertThat(post("Bearer not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void basicCredentialsOrAFlightTokenAreAccepted() throws Exception {
        HttpResponse<String> response = post(basic("alice", "s3cret"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"data\":{\"users\":[");

        String token = server.authenticator().login("alice", "s3cret").issuedToken();
        assertThat(post("Bearer " + token).statusCode()).isEqualTo(200);
    }

    @Test
    void withOneStreamSlotTheNextRequestMayFollowAsSoonAsAnAnswerHasArrived() throws Exception {
        // the slot is given back before the response ends (it was given back just after, and a client sending
        // its next request at once got a 429 now and then)
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> response = post(basic("alice", "s3cret"));
            assertThat(response.statusCode()).as("request %d: %s", i + 1, response.body()).isEqualTo(200);
        }
    }

    @Test
    void noFreeStreamSlotIs429WithRetryAfterAndTheSlotServesAgainOnceFree() throws Exception {
        HttpResponse<String> busy;
        try (StreamSlot taken = server.streamSlots().acquire()) { // the only slot, as a running Flight stream would
            busy = post(basic("alice", "s3cret"));
        }

        assertThat(busy.statusCode()).isEqualTo(429);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(busy.body()).contains("RESOURCE_EXHAUSTED").contains("--max-streams");
        assertThat(post(basic("alice", "s3cret")).statusCode()).isEqualTo(200);
        assertThat(server.streamSlots().inUse()).isZero();
    }

    private HttpResponse<String> post(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/graphql"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(QUERY));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
