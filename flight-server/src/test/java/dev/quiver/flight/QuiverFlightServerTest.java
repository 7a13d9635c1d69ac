package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Flight surface end to end against the embedded demo database, in process. */
@Timeout(120)
class QuiverFlightServerTest {
    private static final long ORDERS = 2_000;
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ServerConfig.builder().demoRows(ORDERS).batchRows(500)
                .limits(new QueryLimits(100_000, 4, 10_000)).build();
        server = QuiverServer.start(config);
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
    void streamsEveryRowInBatchesWithTheAnnouncedSchema() throws Exception {
        GraphQLRequest request = GraphQLRequest.of("{ orders(orderBy: [{id: ASC}]) { id status total createdAt itemCount } }");
        FlightInfo info = client.getInfo(FlightDescriptor.command(request.toJson()));
        assertThat(info.getRecords()).as("the embedded source gives no row estimate").isEqualTo(-1);
        List<Map<String, Object>> rows = read(info.getEndpoints().get(0).getTicket(), info.getSchema());
        assertThat(rows).hasSize((int) ORDERS);
        assertThat(rows.get(0).get("id")).hasToString("1");
        assertThat(info.getSchema().findField("total").getType()).isEqualTo(new ArrowType.Decimal(12, 2, 128));
        assertThat(info.getSchema().findField("createdAt").getType())
                .isEqualTo(new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MICROSECOND, "UTC"));
        assertThat(info.getSchema().findField("itemCount").getType()).isEqualTo(new ArrowType.Int(32, true));
    }

    @Test
    void filtersSortsPagesAndAliasesWithVariables() throws Exception {
        String query = "query Paid($status: String!, $min: Decimal) { o: orders(limit: 5, offset: 2,"
                + " where: {status: {eq: $status}, total: {gte: $min}}, orderBy: [{total: DESC}, {id: ASC}])"
                + " { key: id status total __typename } }";
        GraphQLRequest request = new GraphQLRequest(query, Map.of("status", "paid", "min", "10.50"), "Paid");
        List<Map<String, Object>> rows = read(new Ticket(request.toJson()), null);
        assertThat(rows).hasSize(5);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("status")).hasToString("paid");
            assertThat((BigDecimal) row.get("total")).isGreaterThanOrEqualTo(new BigDecimal("10.50"));
            assertThat(row.get("__typename")).hasToString("Order");
            assertThat(row).containsKey("key");
        });
        for (int i = 1; i < rows.size(); i++) {
            assertThat((BigDecimal) rows.get(i - 1).get("total")).isGreaterThanOrEqualTo((BigDecimal) rows.get(i).get("total"));
        }
    }

    @Test
    void sqlLookingArgumentsStayData() throws Exception {
        String query = "{ users(where: {name: {eq: \"x' OR '1'='1\"}}) { id } }";
        assertThat(read(new Ticket(GraphQLRequest.of(query).toJson()), null)).isEmpty();
        assertThat(read(new Ticket(GraphQLRequest.of("{ users(limit: 3) { id } }").toJson()), null)).hasSize(3);
    }

    @Test
    void listFlightsHasOneFlightPerRootField() {
        List<String> names = new ArrayList<>();
        client.listFlights(org.apache.arrow.flight.Criteria.ALL).forEach(info ->
                names.add(new String(info.getDescriptor().getCommand(), StandardCharsets.UTF_8)));
        assertThat(names).hasSize(4);
        assertThat(String.join("\n", names)).contains("users", "products", "orders", "orderItems");
    }

    @Test
    void healthAndSdlActions() {
        Result health = client.doAction(new Action("health")).next();
        assertThat(new String(health.getBody(), StandardCharsets.UTF_8)).contains("\"status\":\"ok\"");
        Result sdl = client.doAction(new Action("sdl")).next();
        assertThat(new String(sdl.getBody(), StandardCharsets.UTF_8)).contains("type Query", "orders(limit: Int");
    }

    @Test
    void invalidSyntaxIsInvalidArgument() {
        assertCode("{ orders { id ", FlightStatusCode.INVALID_ARGUMENT, "syntax");
    }

    @Test
    void unknownFieldIsInvalidArgumentNamingIt() {
        assertCode("{ orders { id nope } }", FlightStatusCode.INVALID_ARGUMENT, "nope");
    }

    @Test
    void wrongVariableTypeIsInvalidArgument() {
        GraphQLRequest request = new GraphQLRequest("query($n: Int) { orders(limit: $n) { id } }", Map.of("n", "many"), null);
        assertThatThrownBy(() -> client.getInfo(FlightDescriptor.command(request.toJson())))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("'n'", "Int");
                });
    }

    @Test
    void hugeLimitIsResourceExhausted() {
        assertCode("{ orders(limit: 100000000) { id } }", FlightStatusCode.RESOURCE_EXHAUSTED, "100000");
    }

    @Test
    void deepNestingIsResourceExhausted() {
        String deep = "{ a { b { c { d { e { f } } } } } }";
        assertCode(deep, FlightStatusCode.RESOURCE_EXHAUSTED, "levels deep");
    }

    @Test
    void garbageTicketIsInvalidArgumentAndTheServerKeepsServing() throws Exception {
        try (FlightStream stream = client.getStream(new Ticket(new byte[] {0, 1, 2, (byte) 0xff}))) {
            assertThatThrownBy(stream::next).isInstanceOfSatisfying(FlightRuntimeException.class, e ->
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT));
        }
        assertThat(read(new Ticket(GraphQLRequest.of("{ products(limit: 2) { id name price } }").toJson()), null)).hasSize(2);
    }

    private static void assertCode(String query, FlightStatusCode code, String messagePart) {
        assertThatThrownBy(() -> client.getInfo(FlightDescriptor.command(GraphQLRequest.of(query).toJson())))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    private static List<Map<String, Object>> read(Ticket ticket, Schema expected) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (FlightStream stream = client.getStream(ticket)) {
            VectorSchemaRoot root = stream.getRoot();
            if (expected != null) {
                assertThat(root.getSchema()).isEqualTo(expected);
            }
            while (stream.next()) {
                for (int r = 0; r < root.getRowCount(); r++) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
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
