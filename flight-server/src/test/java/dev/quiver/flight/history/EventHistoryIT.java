package dev.quiver.flight.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.testing.ArrowRows;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventBatch;
import dev.quiver.sinks.clickhouse.ClickHouseSink;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig;
import dev.quiver.testsupport.ClickHouseSettings;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Event history end to end against the real ClickHouse: events written by the real {@link ClickHouseSink} into a
 * database of this run (one of them twice, in two inserts), read back through an in-process server's DoGet.
 */
@Timeout(120)
class EventHistoryIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final String DATABASE = "qhist_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00.123456Z");
    private static final Instant FROM = BASE;
    private static final Instant TO = BASE.plusSeconds(60);

    private static final ObserverEvent CREATED = event("00000000-0000-4000-8000-000000000001", EventType.CREATED,
            "Order", "o1", BASE, "alice", "acme", "{\"id\":1}");
    private static final ObserverEvent UPDATED = event("00000000-0000-4000-8000-000000000002", EventType.UPDATED,
            "Order", "o1", BASE.plusSeconds(1), null, null, "{\"id\":1,\"note\":\"tab\\there, quote ' \\\\ é\"}");
    private static final ObserverEvent DELETED = event("00000000-0000-4000-8000-000000000003", EventType.DELETED,
            "Order", "o1", BASE.plusSeconds(2), "bob", null, "{}");
    /** Two events at the same instant: eventId decides their order. */
    private static final ObserverEvent TIE_B = event("00000000-0000-4000-8000-00000000000b", EventType.CREATED,
            "Order", "o2", BASE.plusSeconds(5), "carol", "acme", "{\"id\":2}");
    private static final ObserverEvent TIE_A = event("00000000-0000-4000-8000-00000000000a", EventType.CREATED,
            "Order", "o3", BASE.plusSeconds(5), "carol", "acme", "{\"id\":3}");
    private static final ObserverEvent BEFORE = event("00000000-0000-4000-8000-000000000004", EventType.CREATED,
            "Order", "o4", FROM.minusNanos(1_000), null, null, "{}");
    private static final ObserverEvent AT_END = event("00000000-0000-4000-8000-000000000005", EventType.CREATED,
            "Order", "o5", TO, null, null, "{}");
    private static final ObserverEvent OTHER_TYPE = event("00000000-0000-4000-8000-000000000006", EventType.CREATED,
            "Product", "p1", BASE.plusSeconds(3), null, null, "{}");

    private static final String SELECTION = "{ id: eventId eventType entityType entityId occurredAt userId orgId data"
            + " __typename }";

    private static BufferAllocator allocator;
    private static QuiverServer server;
    private static FlightClient client;

    @BeforeAll
    static void writeEventsAndStartServer() throws Exception {
        SERVICES.require(ServiceName.CLICKHOUSE);
        ClickHouseSettings settings = SERVICES.clickhouse();
        allocator = new RootAllocator();
        ClickHouseSinkConfig sinkConfig = new ClickHouseSinkConfig(URI.create(settings.httpUrl()), settings.user(),
                settings.password(), DATABASE, "events", Duration.ofSeconds(5), Duration.ofSeconds(30),
                ClickHouseSinkConfig.InsertFormat.ROW_BINARY);
        try (ClickHouseSink sink = new ClickHouseSink(sinkConfig);
                VectorSchemaRoot batch = ObserverEventBatch.create(allocator)) {
            sink.start();
            ObserverEventBatch.fill(batch, List.of(TIE_B, CREATED, UPDATED, BEFORE, AT_END, OTHER_TYPE));
            sink.write(batch);
            ObserverEventBatch.fill(batch, List.of(UPDATED, DELETED, TIE_A)); // UPDATED again: a redelivery
            sink.write(batch);
        }
        assertThat(clickhouse("SELECT count() FROM " + DATABASE + ".events FORMAT TabSeparated").trim())
                .as("both inserts stored, the duplicate too (not merged yet)").isEqualTo("9");
        server = QuiverServer.start(ServerConfig.builder().demoRows(10).batchRows(500)
                .history(new HistoryConfig(URI.create(settings.httpUrl()), settings.user(), settings.password(), DATABASE, "events"))
                .build());
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            clickhouse("DROP DATABASE IF EXISTS " + DATABASE);
            if (allocator != null) {
                allocator.close();
            }
        }
    }

    @Test
    void windowHoldsEachEventOnceInOrderWithSubscriptionTypesAndValues() throws Exception {
        Result result = get(events("entityType: \"Order\", from: \"" + FROM + "\", to: \"" + TO + "\""));

        assertThat(result.ids()).containsExactly(CREATED.eventId(), UPDATED.eventId(), DELETED.eventId(),
                TIE_A.eventId(), TIE_B.eventId());
        ArrowType timestamp = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
        assertThat(result.schema().getFields()).extracting(Field::getName).containsExactly("id", "eventType",
                "entityType", "entityId", "occurredAt", "userId", "orgId", "data", "__typename");
        assertThat(result.schema().findField("occurredAt").getType()).isEqualTo(timestamp);
        assertThat(result.schema().findField("occurredAt").isNullable()).isFalse();
        assertThat(result.schema().findField("data").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
        assertThat(result.schema().findField("userId").isNullable()).isTrue();

        Map<String, Object> updated = result.rows().get(1);
        assertThat(updated).containsEntry("eventType", "UPDATED").containsEntry("entityType", "Order")
                .containsEntry("entityId", "o1").containsEntry("userId", null).containsEntry("orgId", null)
                .containsEntry("data", UPDATED.data()).containsEntry("__typename", "ObserverEvent");
        assertThat(updated.get("occurredAt")).isEqualTo(micros(UPDATED.occurredAt()));
        assertThat(result.rows().get(0)).containsEntry("userId", "alice").containsEntry("orgId", "acme")
                .containsEntry("eventType", "CREATED");
        assertThat(result.rows().get(0).get("occurredAt")).as("microseconds kept")
                .isEqualTo(1_772_359_200_123_456L).isEqualTo(micros(BASE));
    }

    @Test
    void typesAndLimitFilter() throws Exception {
        String window = "entityType: \"Order\", from: \"" + FROM + "\", to: \"" + TO + "\"";
        assertThat(get(events(window + ", types: [DELETED, UPDATED]")).ids())
                .containsExactly(UPDATED.eventId(), DELETED.eventId());
        assertThat(get(events(window + ", limit: 2")).ids()).containsExactly(CREATED.eventId(), UPDATED.eventId());
        assertThat(get(events(window + ", limit: 0")).ids()).isEmpty();
        assertThat(get(events("entityType: \"Product\", from: \"" + FROM + "\", to: \"" + TO + "\"")).ids())
                .containsExactly(OTHER_TYPE.eventId());
        assertThat(get(events("entityType: \"Nobody\", from: \"" + FROM + "\", to: \"" + TO + "\"")).ids()).isEmpty();
    }

    @Test
    void variablesAndBatchesOfOneAreServedToo() throws Exception {
        String query = "query H($t: String!, $f: DateTime!, $u: DateTime!) { events(entityType: $t, from: $f, to: $u)"
                + " { eventId } }";
        GraphQLRequest request = new GraphQLRequest(query, Map.of("t", "Order", "f", BEFORE.occurredAt().toString(),
                "u", TO.plusNanos(1_000).toString()), null);
        assertThat(get(request).ids()).containsExactly(BEFORE.eventId(), CREATED.eventId(), UPDATED.eventId(),
                DELETED.eventId(), TIE_A.eventId(), TIE_B.eventId(), AT_END.eventId());
    }

    @Test
    void flightInfoAndSchemaDescribeTheStream() throws Exception {
        GraphQLRequest request = events("entityType: \"Order\", from: \"" + FROM + "\", to: \"" + TO + "\"");
        FlightDescriptor descriptor = FlightDescriptor.command(request.toJson());
        FlightInfo info = client.getInfo(descriptor);
        Result streamed = get(info.getEndpoints().get(0).getTicket());
        assertThat(info.getSchema()).isEqualTo(streamed.schema());
        assertThat(client.getSchema(descriptor).getSchema()).isEqualTo(streamed.schema());
        assertThat(streamed.ids()).hasSize(5);
    }

    @Test
    void badInputIsInvalidArgument() {
        String window = "from: \"" + FROM + "\", to: \"" + TO + "\"";
        assertInvalid(events("entityType: \"Order' OR 1=1 --\", " + window), "entityType");
        assertInvalid(events("entityType: \"Order\", from: \"" + TO + "\", to: \"" + FROM + "\""), "from must not be after to");
        assertInvalid(GraphQLRequest.of("{ events(entityType: \"Order\", " + window + ") { eventId nope } }"), "nope");
        assertInvalid(events("entityType: \"Order\", from: \"yesterday\", to: \"" + TO + "\""), "DateTime");
        assertInvalid(events("entityType: \"Order\", " + window + ", types: []"), "types");
        assertInvalid(events("entityType: \"Order\", " + window + ", limit: -1"), "limit");
        assertInvalid(GraphQLRequest.of("{ events(entityType: \"Order\", " + window + ") { eventId } orders { id } }"),
                "exactly one root field");
    }

    @Test
    void serverWithoutClickHouseAnswersUnavailable() throws Exception {
        try (QuiverServer plain = QuiverServer.start(ServerConfig.builder().demoRows(10).batchRows(500).build());
                FlightClient plainClient = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1",
                        plain.port())).build()) {
            GraphQLRequest request = events("entityType: \"Order\", from: \"" + FROM + "\", to: \"" + TO + "\"");
            assertThatThrownBy(() -> drain(plainClient, new Ticket(request.toJson())))
                    .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                        assertThat(e.status().code()).isEqualTo(CallStatus.UNAVAILABLE.code());
                        assertThat(e.getMessage()).contains("--history", "--clickhouse-url");
                    });
        }
    }

    private static void assertInvalid(GraphQLRequest request, String mentions) {
        assertThatThrownBy(() -> get(request)).as(request.query())
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(CallStatus.INVALID_ARGUMENT.code());
                    assertThat(e.getMessage()).contains(mentions);
                });
    }

    private static GraphQLRequest events(String arguments) {
        return GraphQLRequest.of("{ events(" + arguments + ") " + SELECTION + " }");
    }

    private record Result(Schema schema, List<Map<String, Object>> rows) {
        List<String> ids() {
            return rows.stream().map(r -> String.valueOf(r.containsKey("id") ? r.get("id") : r.get("eventId")))
                    .collect(Collectors.toList());
        }
    }

    private static Result get(GraphQLRequest request) throws Exception {
        return get(new Ticket(request.toJson()));
    }

    private static Result get(Ticket ticket) throws Exception {
        return drain(client, ticket);
    }

    private static Result drain(FlightClient from, Ticket ticket) throws Exception {
        try (FlightStream stream = from.getStream(ticket)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            Schema schema = stream.getSchema();
            while (stream.next()) {
                rows.addAll(ArrowRows.of(stream.getRoot()));
            }
            return new Result(schema, rows);
        }
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static ObserverEvent event(String id, EventType type, String entityType, String entityId, Instant at,
            String userId, String orgId, String data) {
        return new ObserverEvent(id, type, entityType, entityId, at, userId, orgId, data);
    }

    private static String clickhouse(String sql) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(SERVICES.clickhouse().httpUrl() + "/")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(sql + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
