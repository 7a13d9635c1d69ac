package dev.quiver.flight.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.CallLimits;
import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.testing.FlightMutation;
import java.time.Duration;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * H6 of the security review on the embedded H2 source: a row with a long repetitive name and a {@code like} pattern
 * with many {@code %} made H2's LIKE backtrack for ever inside that row, out of reach of cancel and timeout. The
 * same requests now answer at once, with the rows SQL's LIKE would give.
 */
@Timeout(120)
class HostileLikeTest {
    private static final String BACKTRACKING = "%a%a%a%a%a%a%a%a%a%a%a%a%b";
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(50).batchRows(1_000)
                .calls(new CallLimits(8, Duration.ofSeconds(5))).build());
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
        FlightMutation.run(client, "mutation { createUser(input: {name: \"" + "a".repeat(200) + "\", email:"
                + " \"x@example.com\", createdAt: \"2026-01-01T00:00:00Z\", vip: false}) { id } }");
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        allocator.close();
        server.close();
    }

    @Test
    void aBacktrackingPatternOverALongNameIsAnsweredWithinTheQueryTimeout() throws Exception {
        assertThat(rows("{ users(where: {name: {like: \"" + BACKTRACKING + "\"}}) { id } }")).isZero();
        assertThat(rows("{ users(where: {name: {like: \"" + BACKTRACKING.replace('b', 'a') + "\"}}) { id } }"))
                .as("the planted row matches when the pattern ends in a").isEqualTo(1);
        FlightInfo info = client.getInfo(FlightDescriptor.command(GraphQLRequest.of(
                "{ users(where: {name: {like: \"" + BACKTRACKING + "\"}}) { id } }").toJson()));
        assertThat(info.getEndpoints()).hasSize(1);
        assertThat(server.streamSlots().inUse()).isZero();
    }

    @Test
    void aPatternEndingInALoneEscapeIsRefusedAsTheClientsMistake() {
        assertThatThrownBy(() -> rows("{ users(where: {name: {like: \"a\\\\\"}}) { id } }"))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("escape character");
                });
    }

    private static int rows(String query) throws Exception {
        int rows = 0;
        try (FlightStream stream = client.getStream(new Ticket(GraphQLRequest.of(query).toJson()))) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        return rows;
    }
}
