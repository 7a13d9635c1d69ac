package dev.quiver.flight.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.AuthSettings;
import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.SecurityConfig;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.auth.BearerTokens;
import dev.quiver.flight.auth.Users;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.testing.FlightMutation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The review's auth attacks (security.md M7, M8, M11) against an in-process server on the embedded demo data: token
 * churn through HTTP Basic, password guessing at full speed, and a user without write rights mutating.
 */
@Timeout(120)
class HostileAuthTest {
    private static final String QUERY = "{ users(limit: 1) { id } }";
    private static final String USERS = "alice:s3cret:read-write,bob:hunter2:read-only,carol:pw";

    private final HttpClient http = HttpClient.newHttpClient();
    private QuiverServer server;
    private BufferAllocator allocator;
    private FlightClient flight;

    private void start(AuthSettings auth) throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(20).batchRows(100)
                .security(new SecurityConfig(Users.parse(USERS, "--users"), null, null, auth)).build());
        allocator = new RootAllocator();
        flight = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (flight != null) {
            flight.close();
            allocator.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** M7: 256 HTTP Basic requests used to mint 256 tokens and evict alice's Flight token. */
    @Test
    void httpBasicRequestsNeitherMintTokensNorEvictAFlightToken() throws Exception {
        start(AuthSettings.DEFAULTS);
        CredentialCallOption token = flight.authenticateBasicToken("alice", "s3cret").orElseThrow();
        assertThat(rows(token)).isEqualTo(1);
        int tokensBefore = server.authenticator().tokenCount();

        for (int i = 0; i < 300; i++) {
            HttpResponse<String> answer = post(QUERY, basic("alice", "s3cret"));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }

        assertThat(rows(token)).as("alice's Flight token still works").isEqualTo(1);
        assertThat(server.authenticator().tokenCount()).as("HTTP Basic issues no tokens").isEqualTo(tokensBefore);
    }

    /** M8: 20,000 wrong passwords were all answered 401 at full speed. */
    @Test
    void failedHttpLoginsAreThrottledPerUserWithRetryAfterAndOtherUsersAreUnaffected() throws Exception {
        start(new AuthSettings(AuthSettings.DEFAULTS.tokenLifetime(), 3, 100));
        for (int i = 0; i < 3; i++) {
            assertThat(post(QUERY, basic("alice", "guess" + i)).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = post(QUERY, basic("alice", "guess-again"));
        assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(throttled.body()).contains("alice").contains("retry");
        assertThat(post(QUERY, basic("alice", "s3cret")).statusCode()).as("alice is locked out for now, even with"
                + " her password").isEqualTo(429);
        assertThat(post(QUERY, basic("bob", "hunter2")).statusCode()).as("bob is not").isEqualTo(200);
    }

    @Test
    void failedLoginsAreThrottledPerSourceAddressWhateverTheUserName() throws Exception {
        start(new AuthSettings(AuthSettings.DEFAULTS.tokenLifetime(), 100, 4));
        for (int i = 0; i < 4; i++) {
            assertThat(post(QUERY, basic("nobody" + i, "guess")).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = post(QUERY, basic("alice", "s3cret"));
        assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertFlightRefused(() -> flight.authenticateBasicToken("bob", "hunter2"), FlightStatusCode.RESOURCE_EXHAUSTED,
                "retry");
        CallOption posing = new CredentialCallOption(headers -> {
            headers.insert("quiver-peer-address", "10.9.9.9"); // the server's own header: a client cannot set it
            headers.insert("authorization", basic("bob", "hunter2"));
        });
        assertFlightRefused(() -> rows(posing), FlightStatusCode.RESOURCE_EXHAUSTED, "from your address");
    }

    /** M7: Flight's own token cache grew by one raw token per Basic call, for 2 hours each. */
    @Test
    void basicCredentialsOnEveryFlightCallKeepABoundedNumberOfTokens() throws Exception {
        start(AuthSettings.DEFAULTS);
        CallOption basic = new CredentialCallOption(headers -> headers.insert("authorization", basic("alice", "s3cret")));
        for (int i = 0; i < 300; i++) {
            assertThat(rows(basic)).isEqualTo(1);
        }
        assertThat(server.authenticator().tokenCount()).isEqualTo(BearerTokens.MAX_TOKENS_PER_USER);
    }

    @Test
    void failedFlightLoginsAreThrottledPerUser() throws Exception {
        start(new AuthSettings(AuthSettings.DEFAULTS.tokenLifetime(), 3, 100));
        for (int i = 0; i < 3; i++) {
            int attempt = i;
            assertFlightRefused(() -> flight.authenticateBasicToken("alice", "guess" + attempt),
                    FlightStatusCode.UNAUTHENTICATED, "wrong user name or password");
        }
        assertFlightRefused(() -> flight.authenticateBasicToken("alice", "s3cret"), FlightStatusCode.RESOURCE_EXHAUSTED,
                "alice", "retry");
        assertThat(rows(flight.authenticateBasicToken("bob", "hunter2").orElseThrow())).isEqualTo(1);
    }

    /** M11: any user could mutate. */
    @Test
    void aReadOnlyUserMayQueryButNotMutateOnEitherTransport() throws Exception {
        start(AuthSettings.DEFAULTS);
        String mutation = "mutation { updateOrderStatus(id: \"3\", status: \"shipped\") { id status } }";
        CredentialCallOption bob = flight.authenticateBasicToken("bob", "hunter2").orElseThrow();
        assertThat(rows(bob)).isEqualTo(1);
        assertFlightRefused(() -> FlightMutation.run(flight, mutation, bob), FlightStatusCode.UNAUTHORIZED,
                "read-only", "read-write");
        CredentialCallOption carol = flight.authenticateBasicToken("carol", "pw").orElseThrow();
        assertFlightRefused(() -> FlightMutation.run(flight, mutation, carol), FlightStatusCode.UNAUTHORIZED,
                "read-only");

        HttpResponse<String> refused = post(mutation, basic("bob", "hunter2"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("PERMISSION_DENIED").contains("read-only");
        assertThat(post(QUERY, basic("bob", "hunter2")).statusCode()).isEqualTo(200);

        CredentialCallOption alice = flight.authenticateBasicToken("alice", "s3cret").orElseThrow();
        assertThat(FlightMutation.run(flight, mutation, alice)).hasSize(1);
        assertThat(post(mutation, basic("alice", "s3cret")).statusCode()).isEqualTo(200);
    }

    private long rows(CallOption credentials) throws Exception {
        long rows = 0;
        try (FlightStream stream = flight.getStream(new Ticket(GraphQLRequest.of(QUERY).toJson()), credentials)) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        return rows;
    }

    private HttpResponse<String> post(String query, String authorization) throws Exception {
        String body = "{\"query\": " + com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsString(query) + "}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/graphql"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static void assertFlightRefused(Call call, FlightStatusCode code, String... words) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
            assertThat(e.status().code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(words);
        });
    }
}
