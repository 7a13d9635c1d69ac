package dev.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.client.fake.FakeData;
import dev.quiver.client.fake.FakeQuiverProducer;
import dev.quiver.client.fake.FakeQuiverServer;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.table.Row;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link QuiverClient#mutate}: one DoExchange per mutation, its answer as a table, errors mapped like queries. */
class QuiverClientMutateTest {
    private static final String SHIP = "mutation Ship($id: ID!) { updateOrderStatus(id: $id, status: \"shipped\")"
            + " { id status } }";

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
    void sendsTheRequestJsonAsTheDoExchangeCommandOnceAndNothingElse() {
        try (Table changed = client.mutate(new QueryRequest(SHIP, Map.of("id", "o7"), "Ship"))) {
            assertThat(changed.getRowCount()).isOne();
        }
        assertThat(server.producer().exchanges()).containsExactly("{\"query\":\"" + SHIP.replace("\"", "\\\"")
                + "\",\"variables\":{\"id\":\"o7\"},\"operationName\":\"Ship\"}");
        assertThat(server.producer().commands()).as("no GetFlightInfo").isEmpty();
        assertThat(server.producer().tickets()).as("no DoGet").isEmpty();
    }

    @Test
    void returnsTheChangedRowAsATable() {
        try (Table changed = client.mutate("mutation { updateOrderStatus(id: \"o7\", status: \"shipped\") { id status } }",
                Map.of())) {
            assertThat(changed.getSchema()).isEqualTo(FakeData.MUTATION_SCHEMA);
            assertThat(changed.getRowCount()).isOne();
            Row row = changed.immutableRow().setPosition(0);
            assertThat(row.getVarCharObj("id")).isEqualTo(FakeData.CHANGED_ID);
            assertThat(row.getVarCharObj("status")).isEqualTo(FakeData.CHANGED_STATUS);
        }
    }

    @Test
    void aRefusedMutationIsAnInvalidQueryWithTheServersMessage() {
        server.producer().failExchange(CallStatus.INVALID_ARGUMENT.withDescription("no Order has id '424242'"));
        assertThatThrownBy(() -> client.mutate("mutation { deleteOrder(id: \"424242\") { id } }"))
                .isInstanceOfSatisfying(QuiverQueryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY);
                    assertThat(e.server()).isEqualTo(server.uri());
                })
                .hasMessage("no Order has id '424242'");
    }

    @Test
    void aFailedMutationKeepsItsStatusAndLeavesNoBuffers() {
        server.producer().failExchange(CallStatus.UNAVAILABLE.withDescription("PostgreSQL is down"));
        assertThatThrownBy(() -> client.mutate("mutation { deleteOrder(id: \"1\") { id } }"))
                .isInstanceOfSatisfying(QuiverQueryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessage("PostgreSQL is down");
        assertThat(client.allocator().getAllocatedMemory()).isZero();
    }

    @Test
    void theServerRefusesAQuerySentAsAMutationAndAMutationSentAsAQuery() {
        assertThatThrownBy(() -> client.mutate("{ users { id } }"))
                .isInstanceOfSatisfying(QuiverQueryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY))
                .hasMessageContaining("read it with GetFlightInfo and DoGet");
        assertThatThrownBy(() -> client.query("mutation { deleteOrder(id: \"1\") { id } }"))
                .isInstanceOfSatisfying(QuiverQueryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY))
                .hasMessage(FakeQuiverProducer.MUTATIONS_USE_DO_EXCHANGE);
        assertThat(server.producer().tickets()).as("no DoGet").isEmpty();
    }

    @Test
    void anEmptyMutationIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> client.mutate(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query is empty");
        assertThat(server.producer().exchanges()).isEmpty();
    }
}
