package dev.quiver.flight.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.ClientBudgets;
import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.request.QueryLimits;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.flight.FlightClient;
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
 * H2 and H3 (attack 1) of the security review, on the demo data (100,000 orders, about 200 items per product):
 * a relation fan-out of 200^3 rows from {@code limit: 1}, and aliases that multiply a request's Arrow memory. Each
 * fails that request alone with RESOURCE_EXHAUSTED, and the next query is served as before.
 */
@Timeout(180)
class HostileMemoryTest {
    /** A request's memory budget here: 32 aliases of a decimal column at 65,536 rows a batch need 32 MiB. */
    private static final long REQUEST_MEMORY = 16L << 20;
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(100_000).batchRows(65_536)
                .budgets(ClientBudgets.DEFAULTS.withMaxRequestMemory(REQUEST_MEMORY)).build());
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (allocator != null) {
            allocator.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRelationFanOutPastTheRowBudgetIsRefusedBeforeItsRowsAreCopied() throws Exception {
        String fanOut = "{ orderItems(limit: 1) { product { orderItems { product { orderItems { product { orderItems"
                + " { id } } } } } } } }";

        assertThatThrownBy(() -> rows(fanOut))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
                    assertThat(e.getMessage()).contains("fan out").contains("--max-relation-rows");
                });
        assertThat(rows("{ orderItems(limit: 2) { id product { id } } }")).isEqualTo(2);
        assertThat(server.streamSlots().inUse()).isZero();
    }

    @Test
    void aRequestPastItsMemoryBudgetFailsAloneAndTheNextQueryIsServed() throws Exception {
        // 32 copies of a decimal column over a 65,536-row batch: 32 MiB, twice this server's budget per request
        String aliases = "{ orders { " + aliases(32) + " } }";

        assertThatThrownBy(() -> rows(aliases))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
                    assertThat(e.getMessage()).contains("--max-request-memory").contains("fewer columns");
                });
        assertThat(rows("{ orders(limit: 3) { id total } }")).isEqualTo(3);
        assertThat(server.streamSlots().inUse()).isZero();
    }

    @Test
    void manyAliasesOfAFewRowsAskForMemoryByTheRowsNotTheBatchSize() throws Exception {
        // pre-sized to --batch-rows, 200 decimal aliases asked for 200 MiB even with limit: 1
        assertThat(rows("{ orders(limit: 1) { " + aliases(200) + " } }")).isEqualTo(1);
    }

    @Test
    void aRequestPastTheServersMemoryFailsAloneAsRetryable() throws Exception {
        // 32 decimal aliases over a 65,536-row batch need 32 MiB: within the default 256 MiB per request, but past a
        // server-wide 8 MiB (the server's many requests together, which --max-request-memory alone did not bound)
        ServerConfig config = ServerConfig.builder().demoRows(1_000).batchRows(65_536)
                .budgets(ClientBudgets.DEFAULTS.withMaxServerMemory(8L << 20)).build();
        try (QuiverServer small = QuiverServer.start(config);
             FlightClient smallClient = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", small.port()))
                     .build()) {
            assertThatThrownBy(() -> rows(smallClient, "{ orders { " + aliases(32) + " } }"))
                    .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                        assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("--max-server-memory").contains("retry");
                    });
            assertThat(rows(smallClient, "{ orders(limit: 3) { id total } }")).isEqualTo(3);
        }
    }

    private static String aliases(int count) {
        return IntStream.range(0, count).mapToObj(i -> "a" + i + ": total").collect(Collectors.joining(" "));
    }

    private static long rows(String query) throws Exception {
        return rows(client, query);
    }

    private static long rows(FlightClient client, String query) throws Exception {
        String json = "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}";
        long rows = 0;
        try (FlightStream stream = client.getStream(new Ticket(json.getBytes(StandardCharsets.UTF_8)))) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        return rows;
    }
}
