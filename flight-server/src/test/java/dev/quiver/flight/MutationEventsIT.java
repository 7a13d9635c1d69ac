package dev.quiver.flight;

import dev.quiver.flight.testing.FlightMutation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.outbox.EventsConfig;
import dev.quiver.flight.outbox.OutboxRelay;
import dev.quiver.flight.outbox.OutboxStore;
import dev.quiver.flight.outbox.internal.JetStreamEventPublisher;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.testsupport.PostgresSettings;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutations and their events against the real PostgreSQL (a private schema per test) and the real NATS
 * JetStream (a private stream and subject prefix per test); NATS outages through a private toxiproxy proxy.
 */
@Timeout(120)
class MutationEventsIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final Duration AWAIT = Duration.ofSeconds(30);

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String schema = "mut_it_" + id;
    private final String stream = "QUIVER_MUT_IT_" + id;
    private final String subjectPrefix = "quiverit." + id + ".events";
    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();
    private String jdbcUrl;
    private JetStreamManagement jsm;

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.POSTGRES, ServiceName.NATS, ServiceName.TOXIPROXY);
    }

    @BeforeEach
    void privateSchemaAndNatsHandle() throws Exception {
        PostgresSettings pg = SERVICES.postgres();
        try (java.sql.Connection admin = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        cleanup.push(() -> {
            try (java.sql.Connection admin = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        });
        jdbcUrl = pg.jdbcUrl() + "?currentSchema=" + schema;
        try (java.sql.Connection connection = database().connect()) {
            DemoShop.createTables(connection);
            DemoShop.load(connection, new DemoShop.Size(20), 11L, done -> { });
        }
        Connection nats = Nats.connect(Options.builder().server(SERVICES.nats().url()).maxReconnects(0).build());
        cleanup.push(nats::close);
        jsm = nats.jetStreamManagement();
        cleanup.push(() -> {
            try {
                jsm.deleteStream(stream);
            } catch (JetStreamApiException e) {
                // not created by this test
            }
        });
    }

    @AfterEach
    void cleanUp() throws Exception {
        Exception first = null;
        while (!cleanup.isEmpty()) {
            try {
                cleanup.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    void everyMutationBecomesExactlyOneMessageWithItsEventIdAsMsgId() throws Exception {
        QuiverServer server = start(events(SERVICES.nats().url()));
        FlightClient client = client(server);
        int perKind = 8;
        for (int i = 1; i <= perKind; i++) {
            mutate(client, "mutation { createOrder(input: {userId: \"" + i + "\", status: \"new\", total: \"" + i + ".50\","
                    + " itemCount: 1, createdAt: \"2026-02-0" + (i % 9 + 1) + "T10:00:00Z\"}) { id } }");
            mutate(client, "mutation { updateOrderStatus(id: \"" + i + "\", status: \"shipped\") { id status } }");
            mutate(client, "mutation { deleteOrder(id: \"" + (i + 10) + "\") { id } }");
        }
        int mutations = 3 * perKind;
        OutboxRelay relay = server.mutations().relay().orElseThrow();
        await("all " + mutations + " events in the stream", () -> messageCount() == mutations && relay.pending() == 0);

        Map<String, String> outbox = outboxSubjects();
        List<MessageInfo> messages = messages(mutations);
        assertThat(outbox).hasSize(mutations);
        Map<EventType, Integer> byType = new HashMap<>();
        Set<String> msgIds = new HashSet<>();
        for (MessageInfo message : messages) {
            ObserverEvent event = ObserverEventJson.decode(message.getData());
            String msgId = message.getHeaders().getFirst("Nats-Msg-Id");
            assertThat(msgId).isEqualTo(event.eventId());
            assertThat(message.getSubject()).isEqualTo(subjectPrefix + ".Order." + event.eventType().wireName())
                    .isEqualTo(outbox.get(msgId));
            assertThat(event.entityType()).isEqualTo("Order");
            msgIds.add(msgId);
            byType.merge(event.eventType(), 1, Integer::sum);
        }
        assertThat(msgIds).isEqualTo(outbox.keySet());
        assertThat(byType).containsEntry(EventType.CREATED, perKind).containsEntry(EventType.UPDATED, perKind)
                .containsEntry(EventType.DELETED, perKind);
        StreamConfiguration created = jsm.getStreamInfo(stream).getConfiguration();
        assertThat(created.getSubjects()).containsExactly(subjectPrefix + ".>");
        assertThat(created.getStorageType()).isEqualTo(StorageType.File);
        assertThat(created.getDuplicateWindow()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
        assertThat(relay.published()).isEqualTo(mutations);
        assertThat(relay.duplicates()).isZero();
    }

    @Test
    void withNatsUnreachableMutationsSucceedAndTheirEventsWaitThenArePublishedExactlyOnce() throws Exception {
        ToxiproxyClient toxiproxy = new ToxiproxyClient(SERVICES.toxiproxy().host(), SERVICES.toxiproxy().apiPort());
        Proxy proxy = toxiproxy.createProxy("quiver-mut-it-" + id, "127.0.0.1:0",
                SERVICES.nats().host() + ":" + SERVICES.nats().port());
        cleanup.push(proxy::delete);
        String listen = toxiproxy.getProxy(proxy.getName()).getListen();
        QuiverServer server = start(events("nats://" + listen));
        FlightClient client = client(server);
        OutboxRelay relay = server.mutations().relay().orElseThrow();
        mutate(client, "mutation { updateOrderStatus(id: \"1\", status: \"before-outage\") { id } }");
        await("the first event in the stream", () -> messageCount() == 1);

        proxy.disable();
        int duringOutage = 10;
        for (int i = 2; i < 2 + duringOutage; i++) {
            assertThat(mutate(client, "mutation { updateOrderStatus(id: \"" + i + "\", status: \"during-outage\") { id } }"))
                    .as("mutations commit while NATS is unreachable").hasSize(1);
        }
        await("the relay to notice the outage", () -> !relay.healthy());
        assertThat(relay.pending()).isEqualTo(duringOutage);
        assertThat(messageCount()).isEqualTo(1);

        proxy.enable();
        await("every waiting event published", () -> relay.pending() == 0 && messageCount() == 1 + duringOutage);
        assertThat(relay.healthy()).isTrue();
        assertThat(relay.outages()).isEqualTo(1);
        Set<String> msgIds = new HashSet<>();
        for (MessageInfo message : messages(1 + duringOutage)) {
            msgIds.add(message.getHeaders().getFirst("Nats-Msg-Id"));
        }
        assertThat(msgIds).isEqualTo(outboxSubjects().keySet()).hasSize(1 + duringOutage);
    }

    @Test
    void twoRelaysOnOneOutboxPublishEachEventOnceAndARepublishIsDroppedAsDuplicate() throws Exception {
        EventsConfig config = events(SERVICES.nats().url()).withRelay(10, Duration.ofMillis(50), Duration.ofMinutes(60));
        JdbcDatabase database = database();
        OutboxStore store = new OutboxStore(config);
        int events = 200;
        try (java.sql.Connection connection = database.connect()) {
            store.createTable(connection);
            connection.setAutoCommit(false);
            for (int i = 0; i < events; i++) {
                store.append(connection, new ObserverEvent(UUID.randomUUID().toString(), EventType.CREATED, "Order",
                        String.valueOf(i), Instant.now(), "it", null, "{\"id\":\"" + i + "\"}"));
            }
            connection.commit();
        }
        OutboxRelay first = OutboxRelay.create(database, store, new JetStreamEventPublisher(config, Duration.ofSeconds(5)), config);
        OutboxRelay second = OutboxRelay.create(database, store, new JetStreamEventPublisher(config, Duration.ofSeconds(5)), config);
        cleanup.push(first);
        cleanup.push(second);
        first.start();
        second.start();
        await("both relays to drain the outbox", () -> first.pending() == 0 && messageCount() == events);
        assertThat(first.published() + second.published()).as("SKIP LOCKED: no row claimed twice").isEqualTo(events);
        assertThat(first.duplicates() + second.duplicates()).isZero();

        try (java.sql.Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE quiver_outbox SET sent_at = NULL"); // as if every relay died between publish and mark
        }
        first.wakeUp();
        second.wakeUp();
        await("the re-publish to finish", () -> first.pending() == 0);
        assertThat(first.duplicates() + second.duplicates()).isEqualTo(events);
        assertThat(messageCount()).as("JetStream dropped every re-published event").isEqualTo(events);
    }

    private EventsConfig events(String natsUrl) {
        return EventsConfig.defaults().withNatsUrl(natsUrl).withStream(stream, subjectPrefix)
                .withRelay(16, Duration.ofMillis(50), Duration.ofMinutes(60));
    }

    private JdbcDatabase database() {
        PostgresSettings pg = SERVICES.postgres();
        return JdbcDatabase.postgres(jdbcUrl, pg.user(), pg.password());
    }

    private QuiverServer start(EventsConfig events) throws Exception {
        PostgresSettings pg = SERVICES.postgres();
        QuiverServer server = QuiverServer.start(ServerConfig.builder()
                .database(jdbcUrl, pg.user(), pg.password()).demoRows(0).batchRows(100).events(events).build());
        cleanup.push(server);
        return server;
    }

    private FlightClient client(QuiverServer server) {
        BufferAllocator allocator = new RootAllocator();
        cleanup.push(allocator);
        FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
        cleanup.push(client);
        return client;
    }

    private static List<Object> mutate(FlightClient client, String mutation) throws Exception {
        return FlightMutation.run(client, mutation).stream().map(row -> row.values().iterator().next()).toList();
    }

    private long messageCount() {
        try {
            return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (JetStreamApiException e) {
            return 0; // not created yet
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<MessageInfo> messages(int count) throws Exception {
        List<MessageInfo> messages = new ArrayList<>();
        for (long seq = 1; seq <= count; seq++) {
            messages.add(jsm.getMessage(stream, seq));
        }
        return messages;
    }

    /** event_id → subject of every outbox row. */
    private Map<String, String> outboxSubjects() throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (java.sql.Connection connection = database().connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT event_id, subject FROM quiver_outbox")) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + AWAIT.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
