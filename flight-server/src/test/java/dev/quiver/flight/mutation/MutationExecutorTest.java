package dev.quiver.flight.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.BatchStream;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MutationExecutorTest {
    private static final String CREATE = "mutation($in: CreateOrderInput!) { createOrder(input: $in) { id userId status total itemCount createdAt } }";

    private ShopFixture shop;

    @BeforeEach
    void open() throws Exception {
        shop = new ShopFixture();
    }

    @AfterEach
    void close() {
        shop.close();
    }

    @Test
    void createOrderInsertsReturnsTheStoredRowAndRecordsACreatedEvent() throws Exception {
        Map<String, Object> input = Map.of("userId", "3", "status", "pending", "total", "12.5", "itemCount", 2,
                "createdAt", "2026-02-01T10:00:00+01:00");
        MutationResult result = shop.run(CREATE, Map.of("in", input), new Actor("u-7", "org-1"));

        assertThat(result.row().get("id")).isEqualTo(String.valueOf(ShopFixture.ORDERS + 1));
        assertThat(result.row().get("total")).isEqualTo(new BigDecimal("12.50"));
        assertThat(result.row().get("createdAt")).isEqualTo(OffsetDateTime.parse("2026-02-01T09:00:00Z"));
        assertThat(shop.count("SELECT COUNT(*) FROM orders WHERE status = 'pending' AND id = " + (ShopFixture.ORDERS + 1))).isEqualTo(1);

        List<String> payloads = shop.outboxPayloads();
        assertThat(payloads).hasSize(1);
        ObserverEvent event = ObserverEventJson.decode(payloads.get(0));
        assertThat(event).isEqualTo(result.event());
        assertThat(event.eventType()).isEqualTo(EventType.CREATED);
        assertThat(event.entityType()).isEqualTo("Order");
        assertThat(event.entityId()).isEqualTo("21");
        assertThat(event.occurredAt()).isEqualTo(ShopFixture.NOW);
        assertThat(event.userId()).isEqualTo("u-7");
        assertThat(event.orgId()).isEqualTo("org-1");
        assertThat(event.data()).isEqualTo("{\"id\":\"21\",\"userId\":\"3\",\"status\":\"pending\",\"total\":\"12.50\","
                + "\"itemCount\":2,\"createdAt\":\"2026-02-01T09:00:00Z\"}");
        assertThat(shop.strings("SELECT subject FROM quiver_outbox")).containsExactly("quiver.events.Order.created");
        assertThat(shop.strings("SELECT event_id FROM quiver_outbox")).containsExactly(event.eventId());
        assertThat(shop.count("SELECT COUNT(*) FROM quiver_outbox WHERE sent_at IS NULL")).isEqualTo(1);
        assertThat(shop.commits).isEqualTo(1);
    }

    @Test
    void createWithAnExplicitKeyUsesIt() throws Exception {
        MutationResult result = shop.run("mutation { createUser(input: {vip: false, id: \"500\", name: \"Ada\", email: \"a@x\","
                + " createdAt: \"2026-01-01T00:00:00Z\"}) { id country } }");
        assertThat(result.row().get("id")).isEqualTo("500");
        assertThat(result.row().get("country")).isNull();
        assertThat(ObserverEventJson.decode(shop.outboxPayloads().get(0)).data()).contains("\"country\":null");
    }

    @Test
    void updateOrderStatusChangesOneFieldAndRecordsAnUpdatedEventWithTheNewRow() throws Exception {
        String before = shop.strings("SELECT total FROM orders WHERE id = 5").get(0);
        MutationResult result = shop.run("mutation { updateOrderStatus(id: \"5\", status: \"shipped\") { id status } }");
        assertThat(result.selection()).containsExactly(Map.entry("id", "5"), Map.entry("status", "shipped"));
        assertThat(shop.strings("SELECT status FROM orders WHERE id = 5")).containsExactly("shipped");
        assertThat(shop.strings("SELECT total FROM orders WHERE id = 5")).containsExactly(before);
        ObserverEvent event = ObserverEventJson.decode(shop.outboxPayloads().get(0));
        assertThat(event.eventType()).isEqualTo(EventType.UPDATED);
        assertThat(event.entityId()).isEqualTo("5");
        assertThat(event.data()).contains("\"status\":\"shipped\"");
        assertThat(shop.strings("SELECT subject FROM quiver_outbox")).containsExactly("quiver.events.Order.updated");
    }

    @Test
    void updateChangesOnlyTheGivenFieldsAndNullClearsANullableOne() throws Exception {
        String name = shop.strings("SELECT name FROM users WHERE id = 2").get(0);
        shop.run("mutation { updateUser(id: 2, input: {country: null, email: \"new@example.com\"}) { id } }");
        assertThat(shop.strings("SELECT name || '|' || email || '|' || COALESCE(country, '-') FROM users WHERE id = 2"))
                .containsExactly(name + "|new@example.com|-");
    }

    @Test
    void deleteOrderRemovesTheRowAndRecordsADeletedEventCarryingTheRowAsItWas() throws Exception {
        String status = shop.strings("SELECT status FROM orders WHERE id = 7").get(0);
        MutationResult result = shop.run("mutation { deleteOrder(id: \"7\") { id status __typename } }");
        assertThat(result.selection()).containsEntry("status", status).containsEntry("__typename", "Order");
        assertThat(shop.count("SELECT COUNT(*) FROM orders WHERE id = 7")).isZero();
        ObserverEvent event = ObserverEventJson.decode(shop.outboxPayloads().get(0));
        assertThat(event.eventType()).isEqualTo(EventType.DELETED);
        assertThat(event.entityId()).isEqualTo("7");
        assertThat(event.data()).contains("\"status\":\"" + status + "\"");
    }

    @Test
    void unknownIdIsAnInvalidArgumentNamingItAndRecordsNoEvent() throws Exception {
        for (String mutation : List.of("mutation { updateOrderStatus(id: \"999\", status: \"paid\") { id } }",
                "mutation { updateOrder(id: \"999\", input: {status: \"paid\"}) { id } }",
                "mutation { deleteOrder(id: \"999\") { id } }")) {
            assertThatThrownBy(() -> shop.run(mutation)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("no Order has id '999'");
        }
        assertThat(shop.outboxPayloads()).isEmpty();
        assertThat(shop.commits).isZero();
    }

    @Test
    void constraintViolationRollsBackAndRecordsNoEvent() throws Exception {
        String duplicate = "mutation { createOrder(input: {id: \"3\", userId: \"1\", status: \"paid\", total: 1,"
                + " itemCount: 1, createdAt: \"2026-01-01T00:00:00Z\"}) { id } }";
        assertThatThrownBy(() -> shop.run(duplicate)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("createOrder was refused by the database and changed nothing")
                .hasMessageNotContaining("SQL statement");
        String tooLong = "mutation { updateOrderStatus(id: \"3\", status: \"" + "x".repeat(50) + "\") { id } }";
        assertThatThrownBy(() -> shop.run(tooLong)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("updateOrderStatus was refused");
        assertThat(shop.outboxPayloads()).isEmpty();
        assertThat(shop.count("SELECT COUNT(*) FROM orders")).isEqualTo(ShopFixture.ORDERS);
    }

    @Test
    void keyTheColumnCannotTakeIsAnInvalidArgument() throws Exception {
        assertThatThrownBy(() -> shop.run("mutation { deleteOrder(id: \"abc\") { id } }"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("deleteOrder was refused");
        assertThat(shop.outboxPayloads()).isEmpty();
    }

    @Test
    void whenTheOutboxWriteFailsTheEntityChangeIsRolledBackToo() throws Exception {
        try (Connection connection = shop.database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE quiver_outbox");
        }
        String status = shop.strings("SELECT status FROM orders WHERE id = 4").get(0);
        assertThatThrownBy(() -> shop.run("mutation { updateOrderStatus(id: \"4\", status: \"zzz\") { id } }"))
                .isInstanceOf(MutationFailedException.class).hasMessageContaining("changed nothing");
        assertThat(shop.strings("SELECT status FROM orders WHERE id = 4")).containsExactly(status);
        assertThat(shop.commits).isZero();
    }

    @Test
    void sqlLookingStringsStayData() throws Exception {
        String evil = "x'); DROP TABLE orders; --";
        MutationResult result = shop.run("mutation($s: String!) { updateOrderStatus(id: \"2\", status: $s) { status } }",
                Map.of("s", evil.substring(0, 20)), Actor.ANONYMOUS);
        assertThat(result.row().get("status")).isEqualTo(evil.substring(0, 20));
        assertThat(shop.count("SELECT COUNT(*) FROM orders")).isEqualTo(ShopFixture.ORDERS);
        MutationResult user = shop.run("mutation { createUser(input: {vip: false, name: \"Robert'); DROP TABLE users;--\","
                + " email: \"\\\" OR 1=1 --\", createdAt: \"2026-01-01T00:00:00Z\"}) { name email } }");
        assertThat(user.selection()).containsEntry("name", "Robert'); DROP TABLE users;--").containsEntry("email", "\" OR 1=1 --");
        assertThat(shop.count("SELECT COUNT(*) FROM users")).isEqualTo(11);
    }

    @Test
    void resultStreamsAsOneRowBatchWithTheSelectedFieldsTypedAsQueriesTypeThem() throws Exception {
        MutationPlan plan = shop.compile("mutation { o: updateOrderStatus(id: \"6\", status: \"paid\") { key: id total createdAt __typename } }",
                Map.of());
        List<String> seen = new ArrayList<>();
        shop.executor.execute(plan, Actor.ANONYMOUS, new BatchStream() {
            @Override
            public void start(VectorSchemaRoot root) {
                seen.add("start " + root.getSchema().getFields().stream().map(f -> f.getName()).toList());
                assertThat(root.getSchema().findField("total").getType()).isEqualTo(new ArrowType.Decimal(12, 2, 128));
            }

            @Override
            public boolean batch(VectorSchemaRoot root, int rows) {
                seen.add("batch " + rows + " " + root.getVector("key").getObject(0) + " " + root.getVector("__typename").getObject(0));
                assertThat(root.getVector("createdAt").isNull(0)).isFalse();
                return true;
            }
        }, dev.quiver.flight.admission.QueryGuard.NONE);
        assertThat(seen).containsExactly("start [key, total, createdAt, __typename]", "batch 1 6 Order");
    }
}
