package dev.quiver.flight.subscription;

import static dev.quiver.flight.subscription.SubscriptionTestBed.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Subscriptions end to end: real NATS JetStream on 4222, the server in process on an ephemeral port. */
@Timeout(60)
class SubscriptionIT {
    private static final Duration LONE_EVENT_DEADLINE = Duration.ofSeconds(20);
    private static SubscriptionTestBed bed;

    @BeforeAll
    static void start() throws Exception {
        bed = SubscriptionTestBed.start(10_000, 1_000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (bed != null) {
            bed.close();
        }
    }

    @AfterEach
    void everySubscriberIsGone() throws Exception {
        assertThat(SubscriptionTestBed.await(() -> bed.server().subscriptionStats().liveSubscribers() == 0,
                Duration.ofSeconds(5))).as("live subscribers after the test").isTrue();
    }

    @Test
    void aFilteredSubscriberGetsExactlyTheMatchingEventsWithTheirValuesAndTypes() throws Exception {
        String query = "subscription { e: events(entityType: \"Order\", types: [CREATED, UPDATED]) {"
                + " id: eventId eventType entityType entityId occurredAt userId orgId data __typename } }";
        try (FlightStream stream = bed.subscribe(query)) {
            Schema schema = stream.getSchema();
            assertThat(schema.getFields()).extracting(Field::getName).containsExactly("id", "eventType", "entityType",
                    "entityId", "occurredAt", "userId", "orgId", "data", "__typename");
            assertThat(schema.findField("occurredAt").getType())
                    .isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
            assertThat(schema.findField("data").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
            assertThat(schema.findField("userId").isNullable()).isTrue();
            assertThat(schema.findField("id").isNullable()).isFalse();

            List<ObserverEvent> matching = new ArrayList<>();
            List<ObserverEvent> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ObserverEvent wanted = event("Order", i % 2 == 0 ? EventType.CREATED : EventType.UPDATED, "o" + i,
                        "{\"id\":" + i + ",\"status\":\"NEW\",\"note\":\"caf\u00e9 \u2713\"}");
                matching.add(wanted);
                all.add(wanted);
                all.add(event("Order", EventType.DELETED, "d" + i, "{\"id\":" + i + "}"));
                all.add(event("Product", EventType.CREATED, "p" + i, "{\"id\":" + i + "}"));
            }
            ObserverEvent fence = event("Order", EventType.CREATED, "fence", "{}");
            all.add(fence);
            bed.publish(all);

            List<Map<String, Object>> rows = LiveRows.readUntil(stream, row -> "fence".equals(row.get("entityId")));
            assertThat(rows).hasSize(matching.size() + 1);
            for (int i = 0; i < matching.size(); i++) {
                ObserverEvent expected = matching.get(i);
                Map<String, Object> row = rows.get(i);
                assertThat(row.get("id")).isEqualTo(expected.eventId());
                assertThat(row.get("eventType")).isEqualTo(expected.eventType().name());
                assertThat(row.get("entityType")).isEqualTo("Order");
                assertThat(row.get("entityId")).isEqualTo(expected.entityId());
                assertThat(row.get("occurredAt")).isEqualTo(1_795_342_530_123_456L);
                assertThat(row.get("userId")).isEqualTo(expected.userId());
                assertThat(row.get("orgId")).isNull();
                assertThat(row.get("data")).isEqualTo(expected.data());
                assertThat(row.get("__typename")).isEqualTo("ObserverEvent");
            }
            stream.cancel("done", null);
        }
    }

    @Test
    void severalSubscribersEachGetEveryEventTheirFilterMatches() throws Exception {
        try (FlightStream everything = bed.subscribe("subscription { events { entityId } }");
             FlightStream products = bed.subscribe("subscription { events(entityType: \"Product\") { entityId } }");
             FlightStream deletions = bed.subscribe(new GraphQLRequest(
                     "subscription Deleted($t: [EventType!]) { events(types: $t) { entityId eventType } }",
                     Map.of("t", List.of("DELETED")), "Deleted"));
             FlightStream everythingAgain = bed.subscribe("subscription { events { entityId } }")) {
            List<ObserverEvent> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                events.add(event(i % 2 == 0 ? "Product" : "User", EventType.values()[i % 3], "e" + i, "{}"));
            }
            events.add(event("Product", EventType.DELETED, "fence", "{}"));
            bed.publish(events);

            java.util.function.Predicate<Map<String, Object>> fence = row -> "fence".equals(row.get("entityId"));
            assertThat(ids(LiveRows.readUntil(everything, fence))).isEqualTo(ids(events, e -> true));
            assertThat(ids(LiveRows.readUntil(everythingAgain, fence))).isEqualTo(ids(events, e -> true));
            assertThat(ids(LiveRows.readUntil(products, fence)))
                    .isEqualTo(ids(events, e -> e.entityType().equals("Product")));
            assertThat(ids(LiveRows.readUntil(deletions, fence)))
                    .isEqualTo(ids(events, e -> e.eventType() == EventType.DELETED));
            for (FlightStream stream : List.of(everything, products, deletions, everythingAgain)) {
                stream.cancel("done", null);
            }
        }
    }

    @Test
    void aLoneEventArrivesPromptlyWithoutWaitingForAFullBatch() throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (FlightStream stream = bed.subscribe("subscription { events(entityType: \"Lone\") { entityId } }")) {
            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                long started = System.nanoTime();
                bed.publish(List.of(event("Lone", EventType.CREATED, "lone" + i, "{}")));
                // the batch is 1,000 events and nothing else is published: a server waiting for a full batch
                // never delivers this one, so each must arrive on its own (the 50 ms linger sends it), before
                // the next is published; the deadline is 400 lingers, room for a loaded machine
                Future<List<Map<String, Object>>> rows = reader.submit(() -> LiveRows.read(stream, 1));
                assertThat(rows).as("lone event %d of %d", i + 1, millis.length).succeedsWithin(LONE_EVENT_DEADLINE)
                        .extracting(list -> list.get(0).get("entityId")).isEqualTo("lone" + i);
                millis[i] = (System.nanoTime() - started) / 1_000_000;
            }
            LoggerFactory.getLogger(SubscriptionIT.class).info("lone event publish-to-receive latency in ms: {}",
                    java.util.Arrays.toString(millis));
            stream.cancel("done", null);
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void aCancelledSubscriptionIsRemovedAtOnce() throws Exception {
        List<FlightStream> streams = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            streams.add(bed.subscribe("subscription { events(entityType: \"Cancel" + i + "\") { eventId } }"));
        }
        assertThat(bed.server().subscriptionStats().liveSubscribers()).isEqualTo(5);
        for (FlightStream stream : streams) {
            stream.cancel("client is done", null);
        }
        assertThat(SubscriptionTestBed.await(() -> bed.server().subscriptionStats().liveSubscribers() == 0,
                Duration.ofSeconds(5))).isTrue();
        for (FlightStream stream : streams) {
            stream.close();
        }
    }

    @Test
    void anUnknownFieldIsRefusedWithItsName() {
        assertInvalid("subscription { events { eventId color } }", "color");
    }

    @Test
    void anArgumentOfTheWrongTypeIsRefusedWithItsName() {
        assertInvalid("subscription { events(entityType: 42) { eventId } }", "entityType");
    }

    @Test
    void anUnknownEventTypeIsRefusedWithItsName() {
        assertInvalid("subscription { events(types: [EXPLODED]) { eventId } }", "EXPLODED");
        GraphQLRequest viaVariables = new GraphQLRequest(
                "subscription S($t: [EventType!]) { events(types: $t) { eventId } }", Map.of("t", List.of("EXPLODED")), null);
        assertThatThrownBy(() -> read(viaVariables)).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("EXPLODED");
        });
    }

    @Test
    void anEmptyTypesListIsRefused() {
        assertInvalid("subscription { events(types: []) { eventId } }", "types: []");
    }

    @Test
    void flightInfoAndSchemaDescribeTheSubscriptionWithoutARowCount() {
        GraphQLRequest request = GraphQLRequest.of("subscription { events { at: occurredAt kind: eventType data } }");
        FlightInfo info = bed.client().getInfo(FlightDescriptor.command(request.toJson()));
        assertThat(info.getRecords()).isEqualTo(-1);
        assertThat(info.getSchema().getFields()).extracting(Field::getName).containsExactly("at", "kind", "data");
        assertThat(info.getSchema().findField("at").getType())
                .isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
        assertThat(info.getSchema().findField("kind").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
        assertThat(bed.client().getSchema(FlightDescriptor.command(request.toJson())).getSchema())
                .isEqualTo(info.getSchema());
    }

    @Test
    void aOneMebibyteEventPassesThrough() throws Exception {
        try (FlightStream stream = bed.subscribe("subscription { events(entityType: \"Blob\") { entityId data } }")) {
            ObserverEvent probe = event("Blob", EventType.CREATED, "big", "{\"blob\":\"\"}");
            int envelope = ObserverEventJson.encode(probe).length;
            String blob = "x".repeat(ObserverEventJson.MAX_EVENT_BYTES - envelope);
            ObserverEvent big = event("Blob", EventType.CREATED, "big", "{\"blob\":\"" + blob + "\"}");
            ObserverEvent bigToo = event("Blob", EventType.UPDATED, "big", "{\"blob\":\"" + blob + "\"}");
            assertThat(ObserverEventJson.encode(big).length).isEqualTo(ObserverEventJson.MAX_EVENT_BYTES);
            bed.publish(List.of(big, bigToo, event("Blob", EventType.CREATED, "fence", "{}")));

            List<Map<String, Object>> rows = LiveRows.readUntil(stream, row -> "fence".equals(row.get("entityId")));
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).get("data")).isEqualTo(big.data());
            assertThat(rows.get(1).get("data")).isEqualTo(bigToo.data());
            assertThat(((String) rows.get(0).get("data")).length()).isGreaterThan(1_048_000);
            stream.cancel("done", null);
        }
    }

    @Test
    void anEventPublishedTwiceWithTheSameMessageIdArrivesOnce() throws Exception {
        try (FlightStream stream = bed.subscribe("subscription { events(entityType: \"Twice\") { eventId entityId } }")) {
            ObserverEvent once = event("Twice", EventType.UPDATED, "once", "{}");
            bed.publish(List.of(once, once, event("Twice", EventType.UPDATED, "fence", "{}")));

            List<Map<String, Object>> rows = LiveRows.readUntil(stream, row -> "fence".equals(row.get("entityId")));
            assertThat(rows).extracting(row -> row.get("entityId")).containsExactly("once", "fence");
            stream.cancel("done", null);
        }
    }

    @Test
    void aPoisonMessageIsSkippedAndCountedAndTheStreamGoesOn() throws Exception {
        try (FlightStream stream = bed.subscribe("subscription { events(entityType: \"Poison\") { entityId } }")) {
            long poisonBefore = bed.server().subscriptionStats().poisonMessages();
            bed.publishRaw(bed.subject("Poison", EventType.CREATED), "{not json".getBytes(StandardCharsets.UTF_8));
            bed.publishRaw(bed.subject("Poison", EventType.CREATED),
                    "{\"event_id\":\"nope\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));
            bed.publish(List.of(event("Poison", EventType.CREATED, "after", "{}")));

            List<Map<String, Object>> rows = LiveRows.readUntil(stream, row -> "after".equals(row.get("entityId")));
            assertThat(rows).extracting(row -> row.get("entityId")).containsExactly("after");
            assertThat(bed.server().subscriptionStats().poisonMessages()).isEqualTo(poisonBefore + 2);
            stream.cancel("done", null);
        }
    }

    private static void assertInvalid(String query, String named) {
        GraphQLRequest request = GraphQLRequest.of(query);
        assertThatThrownBy(() -> read(request)).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(named);
        });
        assertThatThrownBy(() -> bed.client().getInfo(FlightDescriptor.command(request.toJson())))
                .isInstanceOfSatisfying(FlightRuntimeException.class,
                        e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT));
    }

    private static void read(GraphQLRequest request) throws Exception {
        try (FlightStream stream = bed.client().getStream(new Ticket(request.toJson()))) {
            stream.next();
        }
    }

    private static List<String> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> (String) row.get("entityId")).collect(Collectors.toList());
    }

    private static List<String> ids(List<ObserverEvent> events, java.util.function.Predicate<ObserverEvent> filter) {
        return events.stream().filter(filter).map(ObserverEvent::entityId).collect(Collectors.toList());
    }
}
