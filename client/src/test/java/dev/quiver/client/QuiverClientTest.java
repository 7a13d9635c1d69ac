package dev.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.client.fake.FakeData;
import dev.quiver.client.fake.FakeQuiverServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuiverClientTest {
    private FakeQuiverServer server;
    private RootAllocator allocator;
    private QuiverClient client;

    @BeforeEach
    void start() {
        server = FakeQuiverServer.start();
        allocator = new RootAllocator();
        client = QuiverClient.connect(QuiverClientConfig.builder().uri(server.uri()).build(), allocator);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        assertThat(allocator.getAllocatedMemory()).as("bytes left in the parent allocator").isZero();
        allocator.close();
        server.close();
    }

    @Test
    void sendsTheRequestJsonAsTheFlightCommand() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("limit", 5);
        variables.put("name", "Ada \"A\"");
        try (QueryResult ignored = client.query("query($limit: Int) { users(limit: $limit) { id } }", variables)) {
            assertThat(server.producer().commands()).containsExactly(
                    "{\"query\":\"query($limit: Int) { users(limit: $limit) { id } }\","
                            + "\"variables\":{\"limit\":5,\"name\":\"Ada \\\"A\\\"\"},\"operationName\":null}");
        }
    }

    @Test
    void sendsNullVariablesAndTheOperationName() {
        try (QueryResult ignored = client.query(new QueryRequest("query Q { users { id } }", null, "Q"))) {
            assertThat(server.producer().commands()).containsExactly(
                    "{\"query\":\"query Q { users { id } }\",\"variables\":null,\"operationName\":\"Q\"}");
        }
    }

    @Test
    void readsTheSchemaAndEstimateBeforeAnyRowAndThenEveryBatch() {
        try (QueryResult result = client.query("{ users { id } }")) {
            assertThat(result.schema()).isEqualTo(FakeData.SCHEMA);
            assertThat(result.estimatedRows()).isEqualTo(3);
            assertThat(server.producer().tickets()).isEmpty();

            List<Integer> rowCounts = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            result.forEachBatch(batch -> {
                rowCounts.add(batch.getRowCount());
                for (int i = 0; i < batch.getRowCount(); i++) {
                    ids.add(batch.getVector("id").getObject(i).toString());
                }
            });
            assertThat(rowCounts).containsExactly(2, 1);
            assertThat(ids).containsExactly("u1", "u2", "u3");
            assertThat(result.rowsRead()).isEqualTo(3);
            assertThat(server.producer().tickets()).containsExactly("all");
        }
    }

    @Test
    void aResultIsReadOnce() {
        try (QueryResult result = client.query("{ users { id } }")) {
            result.forEachBatch(batch -> { });
            assertThatThrownBy(result::iterator).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only once");
        }
    }

    @Test
    void queryTableHoldsTheWholeResult() {
        try (Table table = client.queryTable("{ users { id } }", Map.of())) {
            assertThat(table.getRowCount()).isEqualTo(3);
            assertThat(table.getSchema()).isEqualTo(FakeData.SCHEMA);
            assertThat(column(table, "id")).containsExactly("u1", "u2", "u3");
            assertThat(column(table, "name")).containsExactly("Ada Lovelace", "Lin, \"Bob\"", "Zoë\nSmith");
            assertThat(column(table, "age")).containsExactly(36, null, 41);
            assertThat(column(table, "created")).map(micros -> Instant.EPOCH.plus((Long) micros, ChronoUnit.MICROS))
                    .containsExactly(Instant.parse("2024-05-01T12:00:00Z"), Instant.parse("2024-05-02T08:30:00.500Z"),
                            Instant.parse("2024-05-03T00:00:00Z"));
            assertThat(column(table, "manager")).containsExactly(
                    Map.of("id", "u9", "name", "Grace Hopper"), null, Map.of("id", "u1", "name", "Ada Lovelace"));
            assertThat(column(table, "orders")).containsExactly(
                    List.of(Map.of("id", "o1", "total", 12.5), Map.of("id", "o2", "total", 3.0)),
                    List.of(),
                    List.of(Map.of("id", "o3", "total", 100.0)));
        }
    }

    @Test
    void readsEndpointsInOrderIncludingOnesOnAnotherLocation() {
        server.producer().splitEndpoints(server.alternateUri());
        try (Table table = client.queryTable("{ users { id } }", null)) {
            assertThat(column(table, "id")).containsExactly("u1", "u2", "u3");
        }
        assertThat(server.producer().tickets()).containsExactly("batch-0", "batch-1");
    }

    @Test
    void anEmptyResultStillHasItsSchema() {
        server.producer().answerWithoutEndpoints();
        try (QueryResult result = client.query("{ users { id } }")) {
            assertThat(result.schema()).isEqualTo(FakeData.SCHEMA);
            assertThat(result.iterator().hasNext()).isFalse();
        }
        try (Table table = client.queryTable("{ users { id } }", null)) {
            assertThat(table.getRowCount()).isZero();
            assertThat(table.getSchema()).isEqualTo(FakeData.SCHEMA);
        }
    }

    @Test
    void closingTheClientClosesItsOpenResults() {
        QueryResult result = client.query("{ users { id } }");
        result.iterator().next();
        client.close();
        assertThatThrownBy(result::iterator).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void healthAndSdlActions() {
        HealthStatus health = client.health();
        assertThat(health.isOk()).isTrue();
        assertThat(health.details()).containsEntry("source", "fake");
        assertThat(health.json()).isEqualTo("{\"status\":\"ok\",\"source\":\"fake\"}");
        assertThat(client.sdl()).contains("users(limit: Int): [User!]!");
    }

    @Test
    void anUnhealthyServerSaysSo() {
        server.producer().healthJson("{\"status\":\"degraded\",\"postgres\":\"down\"}");
        HealthStatus health = client.health();
        assertThat(health.isOk()).isFalse();
        assertThat(health.status()).isEqualTo("degraded");
    }

    @Test
    void aHealthAnswerThatIsNotAJsonObjectIsAnInternalError() {
        server.producer().healthJson("{\"status\": \"ok\",}");
        assertThatThrownBy(client::health).isInstanceOfSatisfying(QuiverQueryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageStartingWith("the health answer is not a JSON object: ")
                .hasMessageContaining("line 1, column 17");
        server.producer().healthJson("[\"ok\"]");
        assertThatThrownBy(client::health).isInstanceOf(QuiverQueryException.class)
                .hasMessageContaining("got an array");
    }

    private static List<Object> column(Table table, String name) {
        List<Object> values = new ArrayList<>();
        try (FieldVector vector = table.getVectorCopy(name)) {
            for (int i = 0; i < table.getRowCount(); i++) {
                values.add(plain(vector.getObject(i)));
            }
        }
        return values;
    }

    /** Arrow's cell object with its {@link Text} strings as Java strings, in maps (structs) and lists too. */
    private static Object plain(Object cell) {
        if (cell instanceof Text text) {
            return text.toString();
        }
        if (cell instanceof Map<?, ?> struct) {
            Map<Object, Object> fields = new LinkedHashMap<>();
            struct.forEach((name, value) -> fields.put(name, plain(value)));
            return fields;
        }
        if (cell instanceof List<?> list) {
            return list.stream().map(QuiverClientTest::plain).toList();
        }
        return cell;
    }
}
