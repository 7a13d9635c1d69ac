package dev.quiver.flight;

import dev.quiver.flight.testing.FlightMutation;
import org.apache.arrow.vector.types.pojo.Schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
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
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mutations over the Flight surface, in process on the embedded demo database (no relay). */
@Timeout(120)
class MutationFlightTest {
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(50).batchRows(100).build());
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        allocator.close();
        server.close();
    }

    @Test
    void doExchangeRunsTheMutationOnceAndReturnsTheRowAsOneRowBatch() throws Exception {
        long before = read(GraphQLRequest.of("{ orders(limit: 100000) { id } }")).size();
        String create = "mutation { createOrder(input: {userId: \"2\", status: \"pending\", total: \"30.00\", itemCount: 3,"
                + " createdAt: \"2026-01-05T08:00:00Z\"}) { id status total } }";
        List<Map<String, Object>> created = FlightMutation.run(client, create);
        assertThat(created).hasSize(1);
        String id = created.get(0).get("id").toString();
        assertThat(created.get(0)).containsEntry("status", "pending");
        assertThat(read(GraphQLRequest.of("{ orders(limit: 100000) { id } }"))).as("one call, one row created")
                .hasSize((int) before + 1);

        List<Map<String, Object>> updated = FlightMutation.run(client, new GraphQLRequest(
                "mutation Ship($id: ID!) { updateOrderStatus(id: $id, status: \"shipped\") { id status } }", Map.of("id", id), "Ship"));
        assertThat(updated).containsExactly(Map.of("id", id, "status", "shipped"));
        assertThat(read(GraphQLRequest.of("{ orders(where: {id: {eq: \"" + id + "\"}}) { status } }")))
                .containsExactly(Map.of("status", "shipped"));

        assertThat(FlightMutation.run(client, "mutation { deleteOrder(id: \"" + id + "\") { id } }")).hasSize(1);
        assertThat(read(GraphQLRequest.of("{ orders(where: {id: {eq: \"" + id + "\"}}) { id } }"))).isEmpty();
    }

    @Test
    void getSchemaDescribesAMutationAndNeitherGetFlightInfoNorDoGetRunsIt() throws Exception {
        GraphQLRequest request = GraphQLRequest.of("mutation { updateOrderStatus(id: \"3\", status: \"read-only\") { id status total } }");
        Schema schema = client.getSchema(FlightDescriptor.command(request.toJson())).getSchema();
        assertThat(schema.findField("total").getType()).isEqualTo(new ArrowType.Decimal(12, 2, 128));

        assertRefusedForDoExchange(() -> client.getInfo(FlightDescriptor.command(request.toJson())));
        assertRefusedForDoExchange(() -> read(request)); // a ticket read twice, or a DoGet retried, must not write twice
        assertThat(read(GraphQLRequest.of("{ orders(where: {status: {eq: \"read-only\"}}) { id } }"))).isEmpty();
    }

    @Test
    void doExchangeRefusesReads() {
        assertThatThrownBy(() -> FlightMutation.run(client, "{ orders(limit: 1) { id } }"))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("DoExchange runs mutations", "GetFlightInfo and DoGet");
                });
    }

    @Test
    void badMutationsAreInvalidArgumentNamingTheProblem() {
        assertInvalid("mutation { updateOrder(id: \"1\", input: {colour: \"red\"}) { id } }", "colour");
        assertInvalid("mutation { updateOrder(id: \"1\", input: {itemCount: \"many\"}) { id } }", "itemCount");
        assertInvalid("mutation { createOrder(input: {status: \"x\"}) { id } }", "userId");
        assertInvalid("mutation { deleteOrder(id: \"424242\") { id } }", "no Order has id '424242'");
        assertInvalidSchema("mutation { updateOrderStatus(id: \"1\") { id } }", "status");
    }

    @Test
    void sdlActionShowsTheMutationType() {
        String sdl = new String(client.doAction(new Action("sdl")).next().getBody(), StandardCharsets.UTF_8);
        assertThat(sdl).contains("type Mutation {", "updateOrderStatus(id: ID!, status: String!): Order!",
                "input CreateOrderInput {");
    }

    private static void assertInvalid(String mutation, String messagePart) {
        assertThatThrownBy(() -> FlightMutation.run(client, mutation)).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    private static void assertInvalidSchema(String mutation, String messagePart) {
        assertThatThrownBy(() -> client.getSchema(FlightDescriptor.command(GraphQLRequest.of(mutation).toJson())))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    private static void assertRefusedForDoExchange(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("send it with DoExchange");
        });
    }

    private static List<Map<String, Object>> read(GraphQLRequest request) throws Exception {
        return readTicket(new Ticket(request.toJson()));
    }

    private static List<Map<String, Object>> readTicket(Ticket ticket) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (FlightStream stream = client.getStream(ticket)) {
            VectorSchemaRoot root = stream.getRoot();
            while (stream.next()) {
                for (int r = 0; r < root.getRowCount(); r++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (var vector : root.getFieldVectors()) {
                        Object value = vector.getObject(r);
                        row.put(vector.getName(), value instanceof org.apache.arrow.vector.util.Text ? value.toString() : value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
