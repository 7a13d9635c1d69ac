package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.auth.Users;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BasicAuthCredentialWriter;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Basic → bearer authentication on a real in-process server, through a plain Flight client. */
@Timeout(60)
class FlightAuthTest {
    private static final FlightDescriptor USERS = FlightDescriptor.command(
            GraphQLRequest.of("{ users(limit: 3) { id name } }").toJson());

    private static QuiverServer server;
    private static BufferAllocator allocator;
    private FlightClient client;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ServerConfig.builder().demoRows(50).batchRows(100)
                .security(new SecurityConfig(Users.parse("alice:s3cret,bob:hunter2", "--users"), null, null))
                .build();
        server = QuiverServer.start(config);
        allocator = new RootAllocator();
    }

    @AfterAll
    static void stop() throws Exception {
        allocator.close();
        server.close();
    }

    @BeforeEach
    void connect() {
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.close();
        assertServesAnAuthenticatedClient(); // whatever the test did, the server still answers others
    }

    @Test
    void noCredentialsIsUnauthenticatedSayingWhatToSend() {
        assertUnauthenticated(() -> client.getInfo(USERS), "requires authentication", "Basic", "Bearer");
        assertUnauthenticated(() -> client.doAction(new Action("health")).next(), "requires authentication");
    }

    @Test
    void wrongPasswordIsUnauthenticated() {
        assertUnauthenticated(() -> client.authenticateBasicToken("alice", "wrong"), "wrong user name or password");
        assertUnauthenticated(() -> client.authenticateBasicToken("mallory", "s3cret"), "wrong user name or password");
        assertUnauthenticated(() -> client.getInfo(USERS, basic("alice", "s3cret!")), "wrong user name or password");
    }

    @Test
    void garbageBearerTokenIsUnauthenticated() {
        assertUnauthenticated(() -> client.getInfo(USERS, bearer("not-a-token")), "unknown or has expired",
                "log in with your user name and password");
    }

    @Test
    void malformedAuthorizationHeaderIsUnauthenticated() {
        CallOption notBase64 = new CredentialCallOption(headers -> headers.insert("authorization", "Basic %%%"));
        assertUnauthenticated(() -> client.getInfo(USERS, notBase64), "malformed", "not Base64");
        CallOption otherScheme = new CredentialCallOption(headers -> headers.insert("authorization", "Digest abc"));
        assertUnauthenticated(() -> client.getInfo(USERS, otherScheme), "malformed", "neither Basic nor Bearer");
    }

    @Test
    void basicLoginGivesABearerTokenThatAnswersQueriesAndActions() throws Exception {
        Optional<CredentialCallOption> token = client.authenticateBasicToken("alice", "s3cret");
        assertThat(token).as("the handshake returns a bearer token").isPresent();
        FlightInfo info = client.getInfo(USERS, token.get());
        assertThat(rows(info.getEndpoints().get(0).getTicket(), token.get())).isEqualTo(3);
        String health = new String(client.doAction(new Action("health"), token.get()).next().getBody(),
                StandardCharsets.UTF_8);
        assertThat(health).contains("\"status\":\"ok\"");
    }

    @Test
    void basicCredentialsOnEveryCallWorkToo() throws Exception {
        FlightInfo info = client.getInfo(USERS, basic("bob", "hunter2"));
        assertThat(rows(info.getEndpoints().get(0).getTicket(), basic("bob", "hunter2"))).isEqualTo(3);
    }

    @Test
    void aTokenIssuedThroughTheTransportNeutralAuthenticatorWorksOverFlight() throws Exception {
        String token = server.authenticator().login("bob", "hunter2").issuedToken();
        assertThat(rows(new Ticket(GraphQLRequest.of("{ products(limit: 2) { id } }").toJson()), bearer(token)))
                .isEqualTo(2);
        assertThat(server.authenticator().checkToken(token).name()).isEqualTo("bob");
    }

    @Test
    void onlyTheOwnerMayCancelAQuery() {
        CallOption alice = client.authenticateBasicToken("alice", "s3cret").orElseThrow();
        CallOption bob = client.authenticateBasicToken("bob", "hunter2").orElseThrow();
        try (var query = server.runningQueries().start("alices-query", "alice")) {
            assertThatThrownBy(() -> client.doAction(new Action("cancel", "alices-query".getBytes(StandardCharsets.UTF_8)),
                    bob).next()).isInstanceOfSatisfying(FlightRuntimeException.class,
                    e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND));
            assertThat(query.isStopped()).isFalse();
            client.doAction(new Action("cancel", "alices-query".getBytes(StandardCharsets.UTF_8)), alice).next();
            assertThat(query.isStopped()).isTrue();
        }
    }

    private void assertServesAnAuthenticatedClient() throws InterruptedException {
        try (FlightClient other = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
                .build()) {
            CredentialCallOption token = other.authenticateBasicToken("bob", "hunter2").orElseThrow();
            assertThat(other.getInfo(USERS, token).getSchemaOptional().orElseThrow().getFields()).hasSize(2);
        }
    }

    private long rows(Ticket ticket, CallOption credentials) throws Exception {
        long rows = 0;
        try (FlightStream stream = client.getStream(ticket, credentials)) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        return rows;
    }

    private static CallOption basic(String user, String password) {
        return new CredentialCallOption(new BasicAuthCredentialWriter(user, password));
    }

    private static CallOption bearer(String token) {
        return new CredentialCallOption(new BearerCredentialWriter(token));
    }

    private static void assertUnauthenticated(ThrowingCallable call, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains(messageParts).doesNotContain("s3cret", "hunter2");
        });
    }
}
