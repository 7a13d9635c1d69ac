package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.source.RecordingDatabase;
import dev.quiver.flight.testing.ArrowRows;
import dev.quiver.flight.testing.JdbcRows;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Relations through the Flight server on the embedded demo shop, checked value for value against plain SQL on
 * the same database (one naive query per row), with every statement the server runs counted.
 */
@Timeout(120)
class QuiverFlightRelationsTest {
    private static final long ORDERS = 600;
    private static final int BATCH_ROWS = 100;
    private static JdbcDatabase embedded;
    private static RecordingDatabase recorded;
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;
    private static Connection sql;
    private static JdbcRows plain;

    @BeforeAll
    static void start() throws Exception {
        embedded = JdbcDatabase.embedded("relations-" + UUID.randomUUID());
        try (Connection connection = embedded.connect()) {
            DemoShop.createTables(connection);
            DemoShop.load(connection, new DemoShop.Size(ORDERS), DemoShop.SEED, done -> { });
        }
        recorded = new RecordingDatabase(embedded);
        ServerConfig config = ServerConfig.builder().demoRows(ORDERS).batchRows(BATCH_ROWS)
                .limits(new QueryLimits(100_000, 8, 10_000)).build();
        server = QuiverServer.start(config, recorded);
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
        sql = embedded.connect();
        plain = new JdbcRows(sql);
    }

    @AfterAll
    static void stop() throws Exception {
        sql.close();
        client.close();
        allocator.close();
        server.close(); // closes the embedded database too
    }

    @BeforeEach
    void forgetStatements() {
        recorded.clear();
    }

    @Test
    void threeLevelsMatchPlainSqlWithOneStatementPerLevelPerBatch() throws Exception {
        List<Map<String, Object>> rows = read("{ orders(limit: 250) { id status total createdAt"
                + " user { id name vip birthDate } items { id quantity unitPrice"
                + " product { id name price rating barcode attributes } } } }");
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> order : plain.query("SELECT CAST(id AS VARCHAR) AS id, status, total, created_at AS"
                + " \"createdAt\", user_id FROM orders ORDER BY orders.id LIMIT 250")) {
            Object userId = order.remove("user_id");
            order.put("user", plain.one("SELECT CAST(id AS VARCHAR) AS id, name, vip, birth_date AS \"birthDate\""
                    + " FROM users WHERE id = ?", userId));
            List<Map<String, Object>> items = plain.query("SELECT CAST(id AS VARCHAR) AS id, quantity, unit_price AS"
                    + " \"unitPrice\", product_id FROM order_items WHERE order_id = CAST(? AS BIGINT) ORDER BY order_items.id", order.get("id"));
            for (Map<String, Object> item : items) {
                item.put("product", plain.one("SELECT CAST(id AS VARCHAR) AS id, name, price, rating, barcode, attributes"
                        + " FROM products WHERE id = ?", item.remove("product_id")));
            }
            order.put("items", items);
            expected.add(order);
        }
        assertThat(rows).hasSize(250).isEqualTo(expected);

        // 250 orders in batches of 100: the root statement once, then user, items and product once per batch
        Map<String, Long> executions = recorded.executed().stream()
                .collect(Collectors.groupingBy(s -> s.sql(), LinkedHashMap::new, Collectors.counting()));
        assertThat(executions.values()).containsExactly(1L, 3L, 3L, 3L);
        assertThat(recorded.executed()).hasSize(10);
    }

    @Test
    void nullToOneAndEmptyToManyMatchPlainSql() throws Exception {
        List<Map<String, Object>> rows = read("{ users { id referrer { id name } referrals { id } } }");
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> user : plain.query("SELECT CAST(id AS VARCHAR) AS id, referred_by FROM users ORDER BY users.id")) {
            Object referredBy = user.remove("referred_by");
            user.put("referrer", referredBy == null ? null
                    : plain.one("SELECT CAST(id AS VARCHAR) AS id, name FROM users WHERE id = ?", referredBy));
            user.put("referrals", plain.query("SELECT CAST(id AS VARCHAR) AS id FROM users WHERE referred_by ="
                    + " CAST(? AS BIGINT) ORDER BY users.id", user.get("id")));
            expected.add(user);
        }
        assertThat(rows).isEqualTo(expected);
        assertThat(rows).anyMatch(r -> r.get("referrer") == null).anyMatch(r -> r.get("referrer") != null);
        assertThat(rows).anyMatch(r -> ((List<?>) r.get("referrals")).isEmpty())
                .anyMatch(r -> ((List<?>) r.get("referrals")).size() > 1);
    }

    @Test
    void aliasesFragmentsAndTypenameInsideRelations() throws Exception {
        List<Map<String, Object>> rows = read("query Lines { orders(limit: 30, orderBy: [{id: DESC}]) { key: id"
                + " buyer: user { ...Who } lines: items(orderBy: [{quantity: DESC}]) { __typename qty: quantity"
                + " ... on OrderItem { what: product { kind: __typename label: name } } } } }"
                + " fragment Who on User { __typename who: name }");
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> order : plain.query("SELECT CAST(id AS VARCHAR) AS \"key\", user_id FROM orders"
                + " ORDER BY orders.id DESC LIMIT 30")) {
            Map<String, Object> buyer = new LinkedHashMap<>();
            buyer.put("__typename", "User");
            buyer.putAll(plain.one("SELECT name AS who FROM users WHERE id = ?", order.remove("user_id")));
            order.put("buyer", buyer);
            List<Map<String, Object>> lines = new ArrayList<>();
            for (Map<String, Object> item : plain.query("SELECT quantity AS qty, product_id FROM order_items WHERE"
                    + " order_id = CAST(? AS BIGINT) ORDER BY quantity DESC, id", order.get("key"))) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("__typename", "OrderItem");
                line.put("qty", item.get("qty"));
                Map<String, Object> what = new LinkedHashMap<>();
                what.put("kind", "Product");
                what.putAll(plain.one("SELECT name AS label FROM products WHERE id = ?", item.get("product_id")));
                line.put("what", what);
                lines.add(line);
            }
            order.put("lines", lines);
            expected.add(order);
        }
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void toManyArgumentsFilterSortAndPagePerParent() throws Exception {
        List<Map<String, Object>> rows = read("{ users(limit: 40) { id orders(where: {status: {in: [\"paid\","
                + " \"shipped\"]}}, orderBy: [{total: DESC}], limit: 2, offset: 1) { id total } } }");
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> user : plain.query("SELECT CAST(id AS VARCHAR) AS id FROM users ORDER BY users.id LIMIT 40")) {
            user.put("orders", plain.query("SELECT CAST(id AS VARCHAR) AS id, total FROM orders WHERE user_id ="
                    + " CAST(? AS BIGINT) AND status IN ('paid', 'shipped') ORDER BY total DESC, orders.id LIMIT 2 OFFSET 1", user.get("id")));
            expected.add(user);
        }
        assertThat(rows).isEqualTo(expected);
        assertThat(rows).anyMatch(r -> ((List<?>) r.get("orders")).size() == 2);
    }

    @Test
    void deepCyclicNestingStaysConsistent() throws Exception {
        List<Map<String, Object>> rows = read("{ orderItems(limit: 120) { orderId order { id userId"
                + " user { id orders(limit: 2) { userId items { orderId product { id } } } } } } }");
        assertThat(rows).hasSize(120).allSatisfy(item -> {
            Map<?, ?> order = (Map<?, ?>) item.get("order");
            assertThat(order.get("id")).isEqualTo(item.get("orderId"));
            Map<?, ?> user = (Map<?, ?>) order.get("user");
            assertThat(user.get("id")).isEqualTo(order.get("userId"));
            List<?> orders = (List<?>) user.get("orders");
            assertThat(orders).isNotEmpty().hasSizeLessThanOrEqualTo(2);
            for (Object nested : orders) {
                assertThat(((Map<?, ?>) nested).get("userId")).isEqualTo(user.get("id"));
                assertThat((List<?>) ((Map<?, ?>) nested).get("items")).isNotEmpty();
            }
        });
        // 120 rows in batches of 100: five relation levels, each once per batch
        assertThat(recorded.executed()).hasSize(1 + 2 * 5);
    }

    @Test
    void sqlLookingValuesInsideRelationsStayData() throws Exception {
        String evil = "paid' OR '1'='1";
        List<Map<String, Object>> rows = read("{ users(limit: 5) { orders(where: {status: {eq: \""
                + evil + "\"}}) { id } } }");
        assertThat(rows).hasSize(5).allSatisfy(r -> assertThat((List<?>) r.get("orders")).isEmpty());
        assertThat(recorded.executed()).allSatisfy(s -> assertThat(s.sql()).doesNotContain("'"));
    }

    @Test
    void anEmptyResultRunsNoRelationStatements() throws Exception {
        assertThat(read("{ orders(where: {id: {eq: \"-1\"}}) { id user { id } items { id } } }")).isEmpty();
        assertThat(recorded.executed()).hasSize(1);
    }

    /** Reads every batch of a DoGet, checking the stream's schema is the one GetFlightInfo and GetSchema announce. */
    private static List<Map<String, Object>> read(String query) throws Exception {
        GraphQLRequest request = GraphQLRequest.of(query);
        Schema announced = client.getSchema(FlightDescriptor.command(request.toJson())).getSchema();
        assertThat(client.getInfo(FlightDescriptor.command(request.toJson())).getSchemaOptional()).contains(announced);
        recorded.clear();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (FlightStream stream = client.getStream(new Ticket(request.toJson()))) {
            assertThat(stream.getSchema()).isEqualTo(announced);
            while (stream.next()) {
                assertThat(stream.getRoot().getRowCount()).isLessThanOrEqualTo(BATCH_ROWS);
                rows.addAll(ArrowRows.of(stream.getRoot()));
            }
        }
        return rows;
    }
}
