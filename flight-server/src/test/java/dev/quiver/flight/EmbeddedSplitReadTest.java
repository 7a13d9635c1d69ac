package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.flight.testing.ArrowRows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded demo database (H2, as {@code make run} serves it) splits a query by key too, in equal widths (it has
 * no histogram), and endpoints go to the configured locations in turn. The PostgreSQL side is
 * {@code PostgresSplitReadIT}.
 */
class EmbeddedSplitReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;

    @BeforeAll
    static void start() throws Exception {
        server = QuiverServer.start(ServerConfig.builder().demoRows(1_000).batchRows(100).maxEndpoints(3).build());
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
    void theJoinedEndpointsAreTheOneEndpointAnswer() throws Exception {
        String query = "{ orders(orderBy: {id: ASC}, where: {status: {eq: \"paid\"}}) { id status total } }";
        FlightInfo split = info(query, 3);
        assertThat(split.getEndpoints()).hasSize(3);
        assertThat(split.getOrdered()).isTrue();
        List<Map<String, Object>> joined = new ArrayList<>();
        for (FlightEndpoint endpoint : split.getEndpoints()) {
            joined.addAll(read(endpoint));
        }
        FlightInfo whole = info(query, 1);
        assertThat(whole.getEndpoints()).hasSize(1);
        assertThat(whole.getOrdered()).isFalse();
        assertThat(joined).isNotEmpty().isEqualTo(read(whole.getEndpoints().get(0)));
    }

    @Test
    void endpointsGoToTheConfiguredLocationsInTurn() throws Exception {
        ServerConfig config = ServerConfig.builder().demoRows(100).maxEndpoints(3)
                .endpointLocations(List.of(java.net.URI.create("grpc://10.0.0.2:50051"),
                        java.net.URI.create("grpc+tls://q.example:443")))
                .build();
        try (QuiverServer spread = QuiverServer.start(config);
             FlightClient other = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", spread.port()))
                     .build()) {
            ObjectNode command = JSON.createObjectNode().put("query", "{ orders { id } }").put("endpoints", 3);
            FlightInfo info = other.getInfo(FlightDescriptor.command(command.toString().getBytes(StandardCharsets.UTF_8)));
            assertThat(info.getEndpoints()).extracting(e -> e.getLocations().get(0).getUri().toString())
                    .containsExactly("grpc://10.0.0.2:50051", "grpc+tls://q.example:443", "grpc://10.0.0.2:50051");
        }
    }

    private static FlightInfo info(String query, int endpoints) {
        ObjectNode command = JSON.createObjectNode().put("query", query).put("endpoints", endpoints);
        return client.getInfo(FlightDescriptor.command(command.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Map<String, Object>> read(FlightEndpoint endpoint) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (FlightStream stream = client.getStream(endpoint.getTicket())) {
            while (stream.next()) {
                rows.addAll(ArrowRows.of(stream.getRoot()));
            }
        }
        return rows;
    }
}
