package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.flight.CallLimits;
import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.SecurityConfig;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.auth.Users;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.testing.Await;
import dev.quiver.flight.testing.LimitsDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guards of the one request path, over both transports on one in-process server over {@link LimitsDatabase}
 * with authentication on (users alice and bob): the query timeout, cancel by query id (from either transport, by
 * the query's owner only) and the stream limit end a query the same way on Flight and HTTP, with the same status
 * and message; over HTTP also once the body has started (the error then follows the rows). After each test no
 * stream slot is held, no query registered and no statement running.
 */
@Timeout(90)
class HttpFlightLimitsParityTest {
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String SLOW = "{ slowRows { id note } }";
    private static final String BLOBS = "{ blobs { id body } }";

    @TempDir
    Path directory;
    private JdbcDatabase database;
    private QuiverServer server;
    private BufferAllocator allocator;
    private FlightClient flight;
    private CallOption alice;
    private CallOption bob;
    private HttpTestClient aliceHttp;
    private HttpTestClient bobHttp;

    private void start(CallLimits limits) throws Exception {
        Path sdl = Files.writeString(directory.resolve("limits.graphql"), LimitsDatabase.SDL);
        database = LimitsDatabase.create();
        server = QuiverServer.start(ServerConfig.builder().sdl(sdl).demoRows(0).batchRows(1).calls(limits)
                .security(new SecurityConfig(Users.parse("alice:s3cret,bob:b0b", "--users"), null, null)).build(), database);
        allocator = new RootAllocator();
        flight = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
        alice = flight.authenticateBasicToken("alice", "s3cret").orElseThrow();
        bob = flight.authenticateBasicToken("bob", "b0b").orElseThrow();
        aliceHttp = new HttpTestClient(server.httpPort(), basic("alice", "s3cret"));
        bobHttp = new HttpTestClient(server.httpPort(), basic("bob", "b0b"));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            Await.until("every stream slot to be free", SETTLE, () -> server.streamSlots().inUse() == 0,
                    () -> "(in use: " + server.streamSlots().inUse() + ")");
            assertThat(server.runningQueries().size()).as("registered queries").isZero();
            Await.until("no statement to run", SETTLE, () -> runningStatements() == 0);
            assertThat(aliceHttp.postGraphQL(request("{ smalls { id } }")).json().path("data").path("smalls").size())
                    .as("a small query after the test").isEqualTo(3);
            flight.close();
            allocator.close();
            server.close();
        }
    }

    @Test
    void aQueryStuckInTheDatabaseTimesOutOnBothTransportsWithTheSameMessage() throws Exception {
        start(new CallLimits(8, Duration.ofMillis(700)));
        long started = System.nanoTime();
        FlightRuntimeException overFlight = catchFlight(() -> drain(flight.getStream(ticket("slow-f", SLOW), alice)));
        HttpTestClient.Response overHttp = aliceHttp.postGraphQL(request("slow-h", SLOW));
        // without the timeout the view runs for over 16 minutes; 20 s is over ten times both timeouts
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));

        assertThat(overFlight.status().code()).isEqualTo(FlightStatusCode.TIMED_OUT);
        assertThat(overFlight.getMessage()).contains("query slow-f", "query timeout of 700 ms", "--query-timeout");
        assertThat(overHttp.status()).as(overHttp.body()).isEqualTo(504);
        assertThat(overHttp.errorCode()).isEqualTo("TIMED_OUT");
        assertThat(overHttp.headers().firstValue("Quiver-Query-Id")).hasValue("slow-h");
        assertThat(overHttp.errorMessage()).isEqualTo(overFlight.status().description().replace("slow-f", "slow-h"));
    }

    @Test
    void overHttpATimeoutAfterTheFirstRowsFollowsThemAsTheErrorsMember() throws Exception {
        start(new CallLimits(8, Duration.ofSeconds(2)));
        long started = System.nanoTime();
        try (RawHttpCall call = RawHttpCall.post(server.httpPort(), "/graphql", request("blob-t", BLOBS),
                "Authorization: " + basic("alice", "s3cret"))) {
            assertThat(call.statusLine()).startsWith("HTTP/1.1 200");
            assertThat(call.headers()).containsEntry("quiver-query-id", "blob-t");
            InputStream body = call.body();
            assertThat(new String(body.readNBytes(40), StandardCharsets.UTF_8)).startsWith("{\"data\":{\"blobs\":[{");
            // the client reads nothing more until the query's deadline has passed: the server, blocked writing,
            // finds the query over at its next batch and ends the document with the error
            Await.until("the query timeout to pass", SETTLE, () -> System.nanoTime() - started > 2_500_000_000L);
            String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).endsWith("]},\"errors\":[{\"message\":\"query blob-t did not finish within this server's"
                    + " query timeout of 2 s (--query-timeout); narrow it with where: or limit:, or ask the operator for a"
                    + " longer timeout\",\"extensions\":{\"code\":\"TIMED_OUT\"}}]}");
        }
    }

    @Test
    void aFlightQueryIsCancelledOverHttpAndAnHttpQueryOverFlightByItsOwnerOnly() throws Exception {
        start(new CallLimits(8, Duration.ofMinutes(5)));
        CompletableFuture<FlightRuntimeException> overFlight = CompletableFuture.supplyAsync(() ->
                catchFlight(() -> drain(flight.getStream(ticket("slow-f", SLOW), alice))));
        awaitRunningStatements(1);
        assertThat(bobHttp.send("POST", "/graphql/cancel", "text/plain", "slow-f", null).status())
                .as("bob may not cancel alice's query").isEqualTo(404);
        HttpTestClient.Response cancelled = aliceHttp.send("POST", "/graphql/cancel", "text/plain", "slow-f", null);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("queryId").asText()).isEqualTo("slow-f");
        assertThat(cancelled.json().get("cancelled").asInt()).isEqualTo(1);
        FlightRuntimeException flightEnd = overFlight.get(30, TimeUnit.SECONDS);
        assertThat(flightEnd.status().code()).isEqualTo(FlightStatusCode.CANCELLED);
        assertThat(flightEnd.getMessage()).contains("query slow-f was cancelled");
        awaitRunningStatements(0);

        CompletableFuture<HttpTestClient.Response> overHttp = CompletableFuture.supplyAsync(() ->
                aliceHttp.postGraphQL(request("slow-h", SLOW)));
        awaitRunningStatements(1);
        assertThat(catchFlight(() -> action(bob, "cancel", "slow-h")).status().code())
                .as("bob may not cancel alice's query").isEqualTo(FlightStatusCode.NOT_FOUND);
        assertThat(action(alice, "cancel", "slow-h").get("cancelled").asInt()).isEqualTo(1);
        HttpTestClient.Response httpEnd = overHttp.get(30, TimeUnit.SECONDS);
        assertThat(httpEnd.status()).as(httpEnd.body()).isEqualTo(499);
        assertThat(httpEnd.errorCode()).isEqualTo("CANCELLED");
        assertThat(httpEnd.errorMessage()).isEqualTo(flightEnd.status().description().replace("slow-f", "slow-h"));
        assertThat(httpEnd.headers().firstValue("Quiver-Query-Id")).hasValue("slow-h");

        assertThat(aliceHttp.send("POST", "/graphql/cancel", "application/json", "{\"queryId\": \"slow-h\"}", null)
                .status()).as("a finished query is not found").isEqualTo(404);
    }

    @Test
    void overHttpACancelAfterTheFirstRowsFollowsThemAsTheErrorsMember() throws Exception {
        start(new CallLimits(8, Duration.ofMinutes(5)));
        try (RawHttpCall call = RawHttpCall.post(server.httpPort(), "/graphql", request("blob-c", BLOBS),
                "Authorization: " + basic("alice", "s3cret"))) {
            assertThat(call.statusLine()).startsWith("HTTP/1.1 200");
            InputStream body = call.body();
            assertThat(new String(body.readNBytes(40), StandardCharsets.UTF_8)).startsWith("{\"data\":{\"blobs\":[{");
            HttpTestClient.Response cancelled = aliceHttp.send("POST", "/graphql/cancel", "application/json",
                    "{\"queryId\": \"blob-c\", \"query\": \"" + BLOBS + "\"}", null);
            assertThat(cancelled.json().get("cancelled").asInt()).as(cancelled.body()).isEqualTo(1);
            String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).endsWith("]},\"errors\":[{\"message\":\"query blob-c was cancelled by a cancel action\","
                    + "\"extensions\":{\"code\":\"CANCELLED\"}}]}");
        }
    }

    @Test
    void aStreamBeyondTheLimitIsRefusedOnBothTransportsWithTheSameMessage() throws Exception {
        start(new CallLimits(1, Duration.ofMinutes(5)));
        CompletableFuture<HttpTestClient.Response> busy = CompletableFuture.supplyAsync(() ->
                aliceHttp.postGraphQL(request("busy", SLOW)));
        awaitRunningStatements(1);

        FlightRuntimeException overFlight = catchFlight(() -> drain(flight.getStream(ticket(null, SLOW), alice)));
        HttpTestClient.Response overHttp = aliceHttp.postGraphQL(request(SLOW));
        assertThat(overFlight.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
        assertThat(overHttp.status()).isEqualTo(429);
        assertThat(overHttp.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(overHttp.errorCode()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(overHttp.errorMessage()).isEqualTo(overFlight.status().description()).contains("--max-streams 1");

        assertThat(action(alice, "cancel", "busy").get("cancelled").asInt()).isEqualTo(1);
        assertThat(busy.get(30, TimeUnit.SECONDS).status()).isEqualTo(499);
    }

    private JsonNode action(CallOption caller, String type, String body) throws Exception {
        return HttpTestClient.JSON.readTree(flight.doAction(new Action(type, body.getBytes(StandardCharsets.UTF_8)),
                caller).next().getBody());
    }

    private void awaitRunningStatements(int count) {
        Await.until(count + " statements running in the database", SETTLE, () -> runningStatements() == count,
                () -> "(running: " + runningStatements() + ")");
    }

    private int runningStatements() {
        try {
            return LimitsDatabase.runningStatements(database, "slow_rows");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long drain(FlightStream stream) throws Exception {
        try (stream) {
            long rows = 0;
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
            return rows;
        }
    }

    /** The Flight error {@code call} ends with; fails the test if it ends without one. */
    private static FlightRuntimeException catchFlight(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        FlightRuntimeException[] caught = new FlightRuntimeException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(FlightRuntimeException.class, e -> caught[0] = e);
        return caught[0];
    }

    private static Ticket ticket(String queryId, String query) {
        return new Ticket(request(queryId, query).getBytes(StandardCharsets.UTF_8));
    }

    private static String request(String query) {
        return request(null, query);
    }

    /** The request JSON, with a query id when one is given: a Flight ticket and an HTTP body alike. */
    private static String request(String queryId, String query) {
        String json = new String(GraphQLRequest.of(query).toJson(), StandardCharsets.UTF_8);
        return queryId == null ? json : "{\"queryId\": \"" + queryId + "\", " + json.substring(1);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
