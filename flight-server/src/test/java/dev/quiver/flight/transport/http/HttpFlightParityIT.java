package dev.quiver.flight.transport.http;

import static dev.quiver.flight.subscription.SubscriptionTestBed.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.history.HistoryConfig;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.subscription.SubscriptionTestBed;
import dev.quiver.flight.testing.Await;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operation kinds that need the real services, over Flight and over HTTP against one in-process server: an
 * {@code events} history query (ClickHouse, events written by the real {@link ClickHouseSink}) and a subscription
 * (NATS JetStream) must answer the same rows, value for value. Queries, mutations and errors are in
 * {@code HttpFlightParityTest}, the timeout and cancel in {@code HttpFlightLimitsParityTest}.
 */
@Timeout(120)
class HttpFlightParityIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final String DATABASE = "qparity_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00.123456Z");
    private static final String SELECTION = "{ id: eventId eventType entityType entityId occurredAt userId orgId data"
            + " __typename }";

    private static BufferAllocator allocator;
    private static SubscriptionTestBed bed;

    @BeforeAll
    static void writeHistoryAndStart() throws Exception {
        SERVICES.require(ServiceName.CLICKHOUSE);
        ClickHouseSettings settings = SERVICES.clickhouse();
        allocator = new RootAllocator();
        ClickHouseSinkConfig sinkConfig = new ClickHouseSinkConfig(URI.create(settings.httpUrl()), settings.user(),
                settings.password(), DATABASE, "events", Duration.ofSeconds(5), Duration.ofSeconds(30),
                ClickHouseSinkConfig.InsertFormat.ROW_BINARY);
        try (ClickHouseSink sink = new ClickHouseSink(sinkConfig);
             VectorSchemaRoot batch = ObserverEventBatch.create(allocator)) {
            sink.start();
            List<ObserverEvent> events = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                events.add(new ObserverEvent(UUID.randomUUID().toString(), EventType.values()[i % 3], "Order", "o" + i,
                        BASE.plusMillis(1_001L * i), i % 4 == 0 ? null : "user-" + i, i % 5 == 0 ? "acme" : null,
                        "{\"id\":" + i + ",\"note\":\"caf\u00e9 \\\"" + i + "\\\" \u2713\",\"tab\":\"a\\tb\"}"));
            }
            ObserverEventBatch.fill(batch, events);
            sink.write(batch);
        }
        bed = SubscriptionTestBed.start(10_000, 1, config -> config.history(new HistoryConfig(
                URI.create(settings.httpUrl()), settings.user(), settings.password(), DATABASE, "events")));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (bed != null) {
                bed.close();
            }
        } finally {
            clickhouse("DROP DATABASE IF EXISTS " + DATABASE);
            if (allocator != null) {
                allocator.close();
            }
        }
    }

    @Test
    void anEventsQueryAnswersTheSameEventsOverBothTransports() throws Exception {
        HttpTestClient http = new HttpTestClient(bed.server().httpPort());
        GraphQLRequest window = new GraphQLRequest("query Past($from: DateTime!, $to: DateTime!) { past: events("
                + "entityType: \"Order\", from: $from, to: $to, types: [CREATED, UPDATED]) " + SELECTION + " }",
                Map.of("from", BASE.toString(), "to", BASE.plusSeconds(20).toString()), "Past");
        List<Map<String, Object>> rows = TwinResults.assertSame(bed.client(), http, window, "past");
        assertThat(rows).hasSize(14); // 20 events in the window, a third of them DELETED
        assertThat(rows.get(0)).containsEntry("entityId", "o0").containsEntry("eventType", "CREATED")
                .containsEntry("occurredAt", BASE).containsEntry("userId", null).containsEntry("orgId", "acme")
                .containsEntry("__typename", "ObserverEvent");
    }

    @Test
    void aSubscriptionDeliversTheSameEventOverBothTransports() throws Exception {
        String subscription = "subscription { live: events(entityType: \"Twin\", types: [UPDATED]) " + SELECTION + " }";
        try (FlightStream overFlight = bed.subscribe(subscription);
             EventStreamClient overHttp = EventStreamClient.open(bed.server().httpPort(),
                     new String(GraphQLRequest.of(subscription).toJson(), StandardCharsets.UTF_8));
             EventStreamClient overGet = EventStreamClient.get(bed.server().httpPort(), subscription)) {
            assertThat(overHttp.status()).isEqualTo(200);
            assertThat(overGet.status()).as("GET, as a browser's EventSource sends it").isEqualTo(200);
            Await.until("three live subscribers", Duration.ofSeconds(20),
                    () -> bed.server().subscriptionStats().liveSubscribers() == 3);

            ObserverEvent skipped = event("Twin", EventType.CREATED, "not-this-one", "{}");
            ObserverEvent wanted = new ObserverEvent(UUID.randomUUID().toString(), EventType.UPDATED, "Twin", "t-1",
                    Instant.parse("2026-11-22T10:15:30.123456Z"), "u-1", null,
                    "{\"note\":\"caf\u00e9 \\\"quoted\\\" \u2713\",\"n\":2}");
            bed.publish(List.of(skipped, wanted));

            TwinResults.Answer arrow = TwinResults.read(overFlight, 1);
            TwinResults.Answer json = TwinResults.overEventStream(overHttp, "live", arrow.schema(), 1);
            TwinResults.Answer viaGet = TwinResults.overEventStream(overGet, "live", arrow.schema(), 1);
            assertThat(arrow.rows()).hasSize(1);
            assertThat(json.rows()).isEqualTo(arrow.rows());
            assertThat(viaGet.rows()).isEqualTo(arrow.rows());
            assertThat(arrow.rows().get(0)).containsEntry("id", wanted.eventId()).containsEntry("entityId", "t-1")
                    .containsEntry("eventType", "UPDATED").containsEntry("orgId", null)
                    .containsEntry("occurredAt", wanted.occurredAt()).containsEntry("data", wanted.data());
            overFlight.cancel("done", null);
        }
    }

    private static String clickhouse(String sql) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(SERVICES.clickhouse().httpUrl() + "/")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(sql + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
