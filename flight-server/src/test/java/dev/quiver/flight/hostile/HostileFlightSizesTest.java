package dev.quiver.flight.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.ClientBudgets;
import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.request.QueryLimits;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * H7 of the security review: Flight read messages and header lists of up to 2 GiB, the headers before
 * authentication. Now a message over {@code --max-message-bytes}, a ticket over the request budget and a header list
 * over {@code --max-header-bytes} are each refused, and the server answers the next query as before.
 */
@Timeout(120)
class HostileFlightSizesTest {
    private static final ClientBudgets BUDGETS = ClientBudgets.DEFAULTS;
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(1_000).batchRows(1_024).budgets(BUDGETS).build());
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
                .maxInboundMessageSize(64 << 20).build();
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
    void aMessageOverTheMessageBudgetIsRefusedBeforeItIsRead() throws Exception {
        Ticket huge = ticketOfBytes(BUDGETS.maxMessageBytes() + (1 << 20));

        assertThatThrownBy(() -> rows(huge))
                .isInstanceOfSatisfying(FlightRuntimeException.class,
                        e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED));
        assertThat(canaryRows()).isEqualTo(3);
    }

    @Test
    void aTicketOverTheRequestBudgetIsRefusedBeforeItIsParsed() throws Exception {
        long budget = dev.quiver.flight.request.RequestPlanner.maxRequestBytes(QueryLimits.DEFAULTS);
        Ticket large = ticketOfBytes((int) budget + 1_000);

        assertThatThrownBy(() -> rows(large))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
                    assertThat(e.getMessage()).contains("bytes").contains("--max-query-chars");
                });
        assertThat(canaryRows()).isEqualTo(3);
    }

    @Test
    void aHeaderListOverTheHeaderBudgetIsRefused() throws Exception {
        FlightCallHeaders headers = new FlightCallHeaders();
        headers.insert("x-padding", "a".repeat(BUDGETS.maxHeaderBytes() * 2));

        // grpc-netty refuses the header list in the HTTP/2 layer, before any interceptor (so before authentication)
        // and before the producer: the client sees INTERNAL (HTTP 431 on the wire), never rows
        assertThatThrownBy(() -> {
            try (FlightStream stream = client.getStream(canary(), new HeaderCallOption(headers))) {
                while (stream.next()) {
                    stream.getRoot();
                }
            }
        }).isInstanceOfSatisfying(FlightRuntimeException.class,
                e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.INTERNAL));
        assertThat(canaryRows()).isEqualTo(3);
    }

    /** A syntactically fine request whose variables pad it to {@code bytes}. */
    private static Ticket ticketOfBytes(int bytes) {
        String head = "{\"query\":\"{ users(limit: 1) { id } }\",\"variables\":{\"pad\":\"";
        String tail = "\"}}";
        return new Ticket((head + "x".repeat(bytes - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8));
    }

    private static Ticket canary() {
        return new Ticket("{\"query\":\"{ users(limit: 3) { id } }\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static long canaryRows() throws Exception {
        return rows(canary());
    }

    private static long rows(Ticket ticket) throws Exception {
        long rows = 0;
        try (FlightStream stream = client.getStream(ticket)) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        return rows;
    }
}
