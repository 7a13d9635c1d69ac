package dev.quiver.flight.transport.http;

import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.request.QueryLimits;
import java.time.Instant;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * One in-process server on a small embedded demo shop (2,000 orders, 300-row batches, limits of 100,000 rows,
 * depth 4 and 10,000 query characters), started on first use and shared by this package's HTTP tests so the
 * suite pays for one start; closed when the test JVM exits. Tests reading counters compare before and after.
 */
final class SharedDemoServer {
    static final long ORDERS = 2_000;
    static final QueryLimits LIMITS = new QueryLimits(100_000, 4, 10_000);

    private static SharedDemoServer instance;

    final QuiverServer server;
    final FlightClient flight;
    final HttpTestClient http;
    /** The wall clock just before the server was started and just after it was up: its start lies between. */
    final Instant startingAt;
    final Instant startedAt;

    private SharedDemoServer(QuiverServer server, FlightClient flight, Instant startingAt, Instant startedAt) {
        this.server = server;
        this.flight = flight;
        this.http = new HttpTestClient(server.httpPort());
        this.startingAt = startingAt;
        this.startedAt = startedAt;
    }

    static synchronized SharedDemoServer get() throws Exception {
        if (instance == null) {
            Instant startingAt = Instant.now();
            QuiverServer server = QuiverServer.start(ServerConfig.builder().demoRows(ORDERS).batchRows(300)
                    .limits(LIMITS).build());
            Instant startedAt = Instant.now();
            BufferAllocator allocator = new RootAllocator();
            FlightClient flight = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
            instance = new SharedDemoServer(server, flight, startingAt, startedAt);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    flight.close();
                    allocator.close();
                    server.close();
                } catch (Exception e) {
                    Thread.currentThread().interrupt();
                }
            }, "shared-demo-server-stop"));
        }
        return instance;
    }
}
