package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.testing.Await;
import dev.quiver.flight.testing.LimitsDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
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
 * Stream limit, query timeout, client deadline and the cancel action, each on its own in-process server over
 * {@link LimitsDatabase}. After each test the server must still answer a small query, hold no stream slot and run
 * no statement.
 */
@Timeout(90)
class FlightCallLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Ticket SLOW = ticket("{ slowRows { id note } }");
    private static final Ticket SMALL = ticket("{ smalls { id name } }");

    @TempDir
    Path directory;
    private JdbcDatabase database;
    private QuiverServer server;
    private BufferAllocator allocator;
    private FlightClient client;

    private void start(CallLimits limits) throws Exception {
        Path sdl = Files.writeString(directory.resolve("limits.graphql"), LimitsDatabase.SDL);
        database = LimitsDatabase.create();
        ServerConfig config = ServerConfig.builder().sdl(sdl).demoRows(0).batchRows(1).calls(limits).build();
        server = QuiverServer.start(config, database);
        allocator = new RootAllocator();
        client = connect();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            Await.until("every stream slot to be free", SETTLE, () -> server.streamSlots().inUse() == 0,
                    () -> "(in use: " + server.streamSlots().inUse() + ")");
            assertThat(server.runningQueries().size()).as("registered queries").isZero();
            assertThat(LimitsDatabase.runningStatements(database, "slow_rows")).as("statements still running").isZero();
            assertThat(countRows(client, SMALL)).as("a small query after the test").isEqualTo(3);
            client.close();
            allocator.close();
            server.close();
        }
    }

    @Test
    void aStreamBeyondTheLimitIsResourceExhaustedWhileOthersAreServedAndTheSlotFreesAfterwards() throws Exception {
        start(new CallLimits(2, Duration.ofMinutes(5)));
        List<FlightStream> busy = new ArrayList<>();
        busy.add(client.getStream(SLOW));
        busy.add(client.getStream(SLOW));
        awaitRunningStatements(2);
        assertThat(server.streamSlots().inUse()).isEqualTo(2);

        try (FlightClient other = connect()) {
            assertThatThrownBy(() -> countRows(other, SMALL)).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
                assertThat(e.getMessage()).contains("limit of 2 result streams", "--max-streams", "retry");
            });
            FlightInfo info = other.getInfo(FlightDescriptor.command(GraphQLRequest.of("{ smalls { id } }").toJson()));
            assertThat(info.getSchemaOptional()).as("GetFlightInfo needs no stream slot").isPresent();
            assertThat(info.getRecords()).as("the embedded source gives no row estimate").isEqualTo(-1);
            JsonNode health = action(other, "health", new byte[0]);
            assertThat(health.get("activeStreams").asInt()).isEqualTo(2);
            assertThat(health.get("maxStreams").asInt()).isEqualTo(2);
        }

        for (FlightStream stream : busy) {
            stream.cancel("the test is done with it", null);
            assertCode(() -> drain(stream), FlightStatusCode.CANCELLED);
            stream.close();
        }
        Await.until("the cancelled streams to give their slots back", SETTLE, () -> server.streamSlots().inUse() == 0);
        assertThat(countRows(client, SMALL)).isEqualTo(3);
    }

    @Test
    void withOneStreamSlotTheNextStreamMayStartAsSoonAsThePreviousOneHasEnded() throws Exception {
        start(new CallLimits(1, Duration.ofMinutes(5)));
        // the slot is given back before the client sees its stream end (it was given back just after, and a
        // client starting its next stream at once was refused with RESOURCE_EXHAUSTED now and then)
        for (int i = 0; i < 50; i++) {
            assertThat(countRows(client, SMALL)).as("stream %d", i + 1).isEqualTo(3);
        }
    }

    @Test
    void aQueryStuckInTheDatabaseEndsWithTimedOutNamingTheLimit() throws Exception {
        start(new CallLimits(8, Duration.ofMillis(700)));
        long started = System.nanoTime();
        try (FlightStream stream = client.getStream(SLOW)) {
            assertThatThrownBy(() -> drain(stream)).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.TIMED_OUT);
                assertThat(e.getMessage()).contains("query timeout of 700 ms", "--query-timeout");
            });
        }
        // without the timeout the view runs for over 16 minutes (a million rows, 1 ms each); 10 s is 14 times the
        // timeout, room for a loaded machine
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aClientThatStopsReadingIsTimedOutBetweenBatches() throws Exception {
        start(new CallLimits(8, Duration.ofSeconds(2)));
        try (FlightStream stream = client.getStream(ticket("{ blobs { id body } }"))) {
            assertThat(stream.next()).isTrue(); // then read nothing while the server hits its timeout
            Await.until("the server to stop the query", SETTLE, () -> server.runningQueries().size() == 0);
            assertThatThrownBy(() -> drain(stream)).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.TIMED_OUT);
                assertThat(e.getMessage()).contains("query timeout of 2 s");
            });
        }
    }

    @Test
    void theClientsDeadlineStopsTheQueryOnTheServer() throws Exception {
        start(new CallLimits(8, Duration.ofMinutes(5)));
        try (FlightStream stream = client.getStream(SLOW, CallOptions.timeout(500, TimeUnit.MILLISECONDS))) {
            assertCode(() -> drain(stream), FlightStatusCode.TIMED_OUT);
        }
        Await.until("the statement to be cancelled on the server", SETTLE,
                () -> runningStatements() == 0 && server.streamSlots().inUse() == 0);
    }

    @Test
    void cancelWithTheTicketFromGetFlightInfoStopsTheStream() throws Exception {
        start(new CallLimits(8, Duration.ofMinutes(5)));
        FlightInfo info = client.getInfo(FlightDescriptor.command(GraphQLRequest.of("{ blobs { id body } }").toJson()));
        Ticket ticket = info.getEndpoints().get(0).getTicket();
        String queryId = JSON.readTree(ticket.getBytes()).get("queryId").asText();
        try (FlightStream stream = client.getStream(ticket)) {
            assertThat(stream.next()).isTrue(); // running, and held up by this client not reading on
            try (FlightClient other = connect()) {
                JsonNode answer = action(other, "cancel", ticket.getBytes());
                assertThat(answer.get("queryId").asText()).isEqualTo(queryId);
                assertThat(answer.get("cancelled").asInt()).isEqualTo(1);
            }
            assertThatThrownBy(() -> drain(stream)).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.CANCELLED);
                assertThat(e.getMessage()).contains(queryId, "cancel action");
            });
        }
        Await.until("the slot to be free", SETTLE, () -> server.streamSlots().inUse() == 0);
        assertCode(() -> action(client, "cancel", ticket.getBytes()), FlightStatusCode.NOT_FOUND);
    }

    @Test
    void cancelByQueryIdStopsAQueryStuckInTheDatabase() throws Exception {
        start(new CallLimits(8, Duration.ofMinutes(5)));
        Ticket ticket = new Ticket("{\"queryId\": \"slow-1\", \"query\": \"{ slowRows { id } }\"}"
                .getBytes(StandardCharsets.UTF_8));
        try (FlightStream stream = client.getStream(ticket)) {
            awaitRunningStatements(1);
            assertThat(action(client, "cancel", "{\"queryId\": \"slow-1\"}".getBytes(StandardCharsets.UTF_8))
                    .get("cancelled").asInt()).isEqualTo(1);
            assertCode(() -> drain(stream), FlightStatusCode.CANCELLED);
        }
        Await.until("the statement to be cancelled", SETTLE, () -> runningStatements() == 0);
    }

    @Test
    void cancelOfAnUnknownIdIsNotFoundAndAnEmptyBodyIsInvalid() throws Exception {
        start(new CallLimits(8, Duration.ofMinutes(5)));
        assertThatThrownBy(() -> action(client, "cancel", "no-such-query".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("no running query with id 'no-such-query'");
                });
        assertThatThrownBy(() -> action(client, "cancel", new byte[0]))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("{\"queryId\": \"...\"}");
                });
        List<String> actions = new ArrayList<>();
        client.listActions().forEach(type -> actions.add(type.getType()));
        assertThat(actions).contains("health", "sdl", "cancel");
    }

    private FlightClient connect() {
        return FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
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

    private static JsonNode action(FlightClient client, String type, byte[] body) throws Exception {
        return JSON.readTree(client.doAction(new Action(type, body)).next().getBody());
    }

    private static long countRows(FlightClient client, Ticket ticket) throws Exception {
        try (FlightStream stream = client.getStream(ticket)) {
            return drain(stream);
        }
    }

    private static long drain(FlightStream stream) {
        long rows = 0;
        while (stream.next()) {
            rows += stream.getRoot().getRowCount();
        }
        return rows;
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, FlightStatusCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FlightRuntimeException.class,
                e -> assertThat(e.status().code()).isEqualTo(code));
    }

    private static Ticket ticket(String query) {
        return new Ticket(GraphQLRequest.of(query).toJson());
    }
}
