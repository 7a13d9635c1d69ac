package dev.quiver.flight.subscription;

import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import dev.quiver.testsupport.publish.AckedSends;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A Quiver server in process whose subscriptions read a JetStream stream of their own on the real NATS: a unique
 * stream name and subject prefix per instance, deleted at close. Publishes events and opens subscription streams.
 * Public for the HTTP transport's subscription tests.
 */
public final class SubscriptionTestBed implements AutoCloseable {
    private static final Services SERVICES = Services.fromEnvironment();
    /** The longest wait for one JetStream ack (the stream is in memory, but the machine may be busy). */
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String stream = "QSUB_" + id;
    private final String prefix = "qsub." + id;
    private final Connection nats;
    private final JetStreamManagement jsm;
    private final JetStream js;
    private final QuiverServer server;
    private final BufferAllocator allocator = new RootAllocator();
    private final FlightClient client;
    private final List<FlightClient> extraClients = new ArrayList<>();
    private boolean serverClosed;

    private SubscriptionTestBed(int bufferEvents, int batchEvents, UnaryOperator<ServerConfig.Builder> configure)
            throws Exception {
        SERVICES.require(ServiceName.NATS);
        String url = SERVICES.nats().url();
        nats = Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5)).maxReconnects(0)
                .build());
        jsm = nats.jetStreamManagement();
        js = nats.jetStream();
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(prefix + ".>").storageType(StorageType.Memory)
                .duplicateWindow(Duration.ofMinutes(1)).maxAge(Duration.ofMinutes(10)).build());
        SubscriptionConfig subscriptions = new SubscriptionConfig(url, stream, prefix, bufferEvents,
                SubscriptionConfig.DEFAULT_BUFFER_BYTES, batchEvents, Duration.ofMillis(50),
                SubscriptionConfig.defaultTransmitBytes());
        server = QuiverServer.start(configure.apply(ServerConfig.builder().demoRows(10).batchRows(500)
                .subscriptions(subscriptions)).build());
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    public static SubscriptionTestBed start(int bufferEvents, int batchEvents) throws Exception {
        return new SubscriptionTestBed(bufferEvents, batchEvents, UnaryOperator.identity());
    }

    /** As {@link #start(int, int)}, with the server's config changed by {@code configure} (limits, history). */
    public static SubscriptionTestBed start(int bufferEvents, int batchEvents, UnaryOperator<ServerConfig.Builder> configure)
            throws Exception {
        return new SubscriptionTestBed(bufferEvents, batchEvents, configure);
    }

    public QuiverServer server() {
        return server;
    }

    public FlightClient client() {
        return client;
    }

    /** Closes the server now (as a shutdown would); {@link #close} then skips it. */
    public void closeServer() throws InterruptedException {
        serverClosed = true;
        server.close();
    }

    /** Another client, on a connection of its own; closed with the bed. */
    FlightClient newClient() {
        FlightClient extra = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
        extraClients.add(extra);
        return extra;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    String subject(String entityType, EventType type) {
        return prefix + "." + entityType + "." + type.wireName();
    }

    /** Opens a subscription and waits for its schema, i.e. until the server has registered it. */
    public FlightStream subscribe(String query) {
        return subscribe(new GraphQLRequest(query, Map.of(), null));
    }

    public FlightStream subscribe(GraphQLRequest request) {
        return subscribe(client, request);
    }

    static FlightStream subscribe(FlightClient via, GraphQLRequest request) {
        FlightStream stream = via.getStream(new Ticket(request.toJson()));
        stream.getSchema();
        return stream;
    }

    public static ObserverEvent event(String entityType, EventType type, String entityId, String data) {
        return new ObserverEvent(UUID.randomUUID().toString(), type, entityType, entityId,
                Instant.parse("2026-11-22T10:15:30.123456Z"), "u-" + entityId, null, data);
    }

    /**
     * Publishes through JetStream with {@code Nats-Msg-Id} = event id and waits for every ack, at most 2,000
     * unacknowledged; an event whose ack was given up on is published again ({@link AckedSends}), and the stream
     * keeps it once.
     */
    public void publish(List<ObserverEvent> events) throws Exception {
        new AckedSends<ObserverEvent, PublishAck>(event -> js.publishAsync(subject(event.entityType(),
                event.eventType()), ObserverEventJson.encode(event),
                PublishOptions.builder().messageId(event.eventId()).build()), 2_000, 5, ACK_WAIT).sendAll(events);
    }

    /**
     * Publishes with core NATS (the stream stores what arrives on its subjects) and flushes: faster than waiting
     * for JetStream acks, for bursts.
     */
    public void publishBurst(List<ObserverEvent> events) throws Exception {
        for (ObserverEvent event : events) {
            io.nats.client.impl.Headers headers = new io.nats.client.impl.Headers().add("Nats-Msg-Id", event.eventId());
            nats.publish(subject(event.entityType(), event.eventType()), headers, ObserverEventJson.encode(event));
        }
        nats.flush(Duration.ofSeconds(30));
    }

    void publishRaw(String subject, byte[] message) throws Exception {
        js.publish(subject, message, PublishOptions.builder().streamTimeout(ACK_WAIT).build());
    }

    /** Polls {@code condition} every 10 ms for up to {@code timeout}; true if it held. */
    public static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() throws Exception {
        List<AutoCloseable> closing = new ArrayList<>(extraClients);
        closing.add(client);
        if (!serverClosed) {
            closing.add(server);
        }
        closing.add(allocator);
        closing.add(() -> jsm.deleteStream(stream));
        closing.add(nats);
        Exception first = null;
        for (AutoCloseable resource : closing) {
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
