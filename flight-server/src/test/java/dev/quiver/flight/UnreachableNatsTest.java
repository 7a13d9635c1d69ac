package dev.quiver.flight;

import dev.quiver.flight.testing.FlightMutation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.outbox.EventsConfig;
import dev.quiver.flight.outbox.OutboxRelay;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import java.net.ServerSocket;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** `make run` without NATS: the server starts, mutations commit, their events wait in the outbox. */
@Timeout(60)
class UnreachableNatsTest {
    @Test
    void serverStartsAndMutationsCommitWhileTheRelayCannotReachNats() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        EventsConfig events = EventsConfig.defaults().withNatsUrl("nats://127.0.0.1:" + closedPort);
        try (QuiverServer server = QuiverServer.start(ServerConfig.builder().demoRows(20).batchRows(100)
                .events(events).build());
             BufferAllocator allocator = new RootAllocator();
             FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build()) {
            OutboxRelay relay = server.mutations().relay().orElseThrow();
            assertThat(FlightMutation.run(client, "mutation { updateOrderStatus(id: \"1\", status: \"paid\") { id } }"))
                    .hasSize(1);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (relay.healthy() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(relay.healthy()).isFalse();
            assertThat(relay.pending()).isEqualTo(1);
            assertThat(relay.published()).isZero();
        }
    }
}
