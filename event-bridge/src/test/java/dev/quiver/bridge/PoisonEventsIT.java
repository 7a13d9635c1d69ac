package dev.quiver.bridge;

import static dev.quiver.bridge.BridgeTestRun.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventBatch;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.SinkHealth;
import dev.quiver.sinks.api.WriteResult;
import dev.quiver.sinks.clickhouse.ClickHouseEventCounter;
import dev.quiver.sinks.clickhouse.internal.ClickHouseRequests;
import dev.quiver.sinks.elasticsearch.ElasticsearchEventCounter;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Poison against the real services (NATS, Redis, ClickHouse, Elasticsearch): one poison message of each kind in the
 * middle of good events never stalls a sink, and a message a sink keeps failing on is dead-lettered after
 * {@code --max-deliveries}, counted by JetStream itself.
 */
@Timeout(300)
class PoisonEventsIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int MAX_EVENT_BYTES = 4096;

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.NATS, ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH);
    }

    /** One poison payload per kind, by the reason its letter must carry. */
    private static Map<String, byte[]> poison(String run) {
        String valid = TestEvents.json(TestEvents.event(run, 1_000));
        Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put("occurred_at +300000-01-01T00:00:00Z is outside [1970-01-01T00:00:00Z, 2106-01-01T00:00:00Z)",
                utf8(valid.replaceFirst("\"occurred_at\":\"[^\"]+\"", "\"occurred_at\":\"+300000-01-01T00:00:00Z\"")));
        poison.put("occurred_at 1960-01-01T00:00:00Z is outside",
                utf8(valid.replaceFirst("\"occurred_at\":\"[^\"]+\"", "\"occurred_at\":\"1960-01-01T00:00:00Z\"")));
        poison.put("field 'entity_id' must be a string but is number",
                utf8(valid.replaceFirst("\"entity_id\":\"[^\"]+\"", "\"entity_id\":1000")));
        poison.put("field 'data' must be a JSON object but is array",
                utf8(valid.replaceFirst("\"data\":\\{[^}]*\\}", "\"data\":[1,2]")));
        poison.put("exceeds the limit of " + MAX_EVENT_BYTES + " bytes (--max-event-bytes)",
                utf8(valid.replace("\"status\":\"NEW\"", "\"status\":\"" + "x".repeat(MAX_EVENT_BYTES) + "\"")));
        byte[] badUtf8 = utf8(valid.replace("\"entity_type\":\"Order\"", "\"entity_type\":\"Ord@r\""));
        int at = new String(badUtf8, StandardCharsets.UTF_8).indexOf("Ord@r") + 3;
        badUtf8[at] = (byte) 0xC0; // an over-long form: never valid UTF-8
        poison.put("invalid UTF-8 at byte " + at, badUtf8);
        poison.put("missing field 'event_id'", utf8(valid.replaceFirst("\"event_id\":\"[^\"]+\",", "")));
        return poison;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onePoisonOfEachKindAmongGoodEventsIsDeadLetteredOncePerSinkAndEveryGoodEventIsStoredOnce() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            String database = "itest_poison_" + run.id;
            String index = "itest-poison-" + run.id;
            BridgeConfig config = run.config("--sinks", "clickhouse,elasticsearch",
                    "--clickhouse-url", SERVICES.clickhouse().httpUrl(),
                    "--clickhouse-user", SERVICES.clickhouse().user(),
                    "--clickhouse-database", database,
                    "--elasticsearch-url", SERVICES.elasticsearch().httpUrl(),
                    "--elasticsearch-index-prefix", index,
                    "--max-event-bytes", Integer.toString(MAX_EVENT_BYTES));
            Map<String, byte[]> poison = poison(run.id);
            List<ObserverEvent> before = new ArrayList<>();
            List<ObserverEvent> after = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                (i < 100 ? before : after).add(TestEvents.event(run.id, i));
            }
            try (ClickHouseEventCounter clickhouse = new ClickHouseEventCounter(config.sinkSettings().clickhouse());
                 ElasticsearchEventCounter elasticsearch =
                         new ElasticsearchEventCounter(config.sinkSettings().elasticsearch())) {
                try (EventBridge bridge = EventBridge.start(config, SinkFactories.builtIn())) {
                    run.publish(before);
                    for (byte[] payload : poison.values()) {
                        run.publishRaw(payload);
                    }
                    run.publish(after);

                    await(WAIT, () -> stored(clickhouse::countFinal) == 200 && stored(elasticsearch::count) == 200,
                            () -> "200 good events in both sinks (the ones after the poison too)");
                    for (String sink : List.of("clickhouse", "elasticsearch")) {
                        await(WAIT, () -> drained(run, sink), "consumer of " + sink + " drained");
                    }

                    assertThat(clickhouse.countFinal()).isEqualTo(200);
                    assertThat(clickhouse.distinctEventIds()).isEqualTo(200);
                    assertThat(elasticsearch.count()).as("one document per event id").isEqualTo(200);
                    for (String sink : List.of("clickhouse", "elasticsearch")) {
                        BridgeMetrics metrics = bridge.pipelines().get(sink).metrics();
                        assertThat(metrics.storedCount()).as(sink + " stored").isEqualTo(200);
                        assertThat(metrics.deadLetteredCount(DeadLetter.Cause.POISON)).isEqualTo(poison.size());
                        assertThat(metrics.deadLetteredCount(DeadLetter.Cause.REJECTED)).isZero();
                        assertThat(metrics.deadLetteredCount(DeadLetter.Cause.BATCH_FAILED)).isZero();
                    }
                }

                List<MessageInfo> letters = run.deadLetters();
                assertThat(letters).hasSize(2 * poison.size());
                for (String sink : List.of("clickhouse", "elasticsearch")) {
                    List<MessageInfo> ofSink = letters.stream()
                            .filter(letter -> letter.getSubject().equals(run.streams.deadLetterSubject(sink))).toList();
                    assertThat(ofSink).as("letters of " + sink).hasSize(poison.size());
                    assertThat(ofSink).allSatisfy(letter -> {
                        assertThat(letter.getHeaders().getFirst(DeadLetter.HEADER_CAUSE)).isEqualTo("poison");
                        assertThat(letter.getHeaders().getFirst(DeadLetter.HEADER_SINK)).isEqualTo(sink);
                    });
                    assertThat(ofSink.stream().map(letter -> letter.getHeaders()
                            .getFirst(DeadLetter.HEADER_ORIGINAL_SEQUENCE)).distinct().count())
                            .as("each poison once").isEqualTo(poison.size());
                    for (Map.Entry<String, byte[]> kind : poison.entrySet()) {
                        assertThat(ofSink).as(sink + ": " + kind.getKey()).filteredOn(letter ->
                                        java.util.Arrays.equals(letter.getData(), kind.getValue()))
                                .singleElement()
                                .satisfies(letter -> assertThat(letter.getHeaders().getFirst(DeadLetter.HEADER_REASON))
                                        .contains(kind.getKey()));
                    }
                }
            } finally {
                dropDatabaseAndIndex(config, index);
            }
        }
    }

    @Test
    void anEventASinkAlwaysFailsOnIsDeadLetteredAfterMaxDeliveriesAndTheRestIsStored() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            List<ObserverEvent> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                events.add(TestEvents.event(run.id, i));
            }
            String cursed = events.get(25).eventId();
            RecordingSink.Destination destination = new RecordingSink.Destination();
            BridgeConfig config = run.config("--max-deliveries", "3", "--retry-backoff", "50ms",
                    "--retry-backoff-max", "200ms");
            try (EventBridge bridge = EventBridge.start(config, SinkFactories.of(Map.of(BridgeTestRun.SINK,
                    c -> new CursedSink(new RecordingSink(BridgeTestRun.SINK, destination), cursed))))) {
                run.publish(events);
                List<ObserverEvent> later = List.of(TestEvents.event(run.id, 100), TestEvents.event(run.id, 101));

                await(WAIT, () -> run.deadLetters().size() == 1, "the cursed event dead-lettered");
                run.publish(later);
                await(WAIT, () -> destination.size() == 51, "every other event stored");
                run.awaitConsumerDrained(WAIT);

                assertThat(destination.events().keySet()).doesNotContain(cursed).hasSize(51);
                MessageInfo letter = run.deadLetters().get(0);
                assertThat(letter.getHeaders().getFirst(DeadLetter.HEADER_CAUSE)).isEqualTo("max_deliveries");
                assertThat(letter.getHeaders().getFirst(DeadLetter.HEADER_REASON))
                        .startsWith("delivered 4 times (more than --max-deliveries 3)");
                assertThat(letter.getHeaders().getFirst(DeadLetter.HEADER_EVENT_ID)).isEqualTo(cursed);
                assertThat(bridge.pipelines().get(BridgeTestRun.SINK).metrics()
                        .deadLetteredCount(DeadLetter.Cause.MAX_DELIVERIES)).isEqualTo(1);
            }
        }
    }

    interface Count {
        long get() throws SinkException;
    }

    /** The count, or -1 while the sink has not created its table or index yet. */
    private static long stored(Count count) {
        try {
            return count.get();
        } catch (SinkException e) {
            return -1;
        }
    }

    private static boolean drained(BridgeTestRun run, String sink) throws Exception {
        ConsumerInfo info = run.jsm.getConsumerInfo(run.streams.events(), EventStreams.durableName(sink));
        return info.getNumPending() == 0 && info.getNumAckPending() == 0;
    }

    private static void dropDatabaseAndIndex(BridgeConfig config, String index) throws Exception {
        try (ClickHouseRequests requests = new ClickHouseRequests(config.sinkSettings().clickhouse())) {
            requests.execute("DROP DATABASE IF EXISTS " + config.sinkSettings().clickhouse().database());
        }
        HttpClient http = HttpClient.newHttpClient();
        String es = SERVICES.elasticsearch().httpUrl();
        http.send(HttpRequest.newBuilder(URI.create(es + "/" + index + "-2026.01")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        http.send(HttpRequest.newBuilder(URI.create(es + "/_index_template/" + index)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** A sink with a bug: any batch holding one event id makes it throw an unclassified runtime exception. */
    private static final class CursedSink implements dev.quiver.sinks.api.Sink {
        private final RecordingSink delegate;
        private final String cursed;

        CursedSink(RecordingSink delegate, String cursed) {
            this.delegate = delegate;
            this.cursed = cursed;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void start() {
            delegate.start();
        }

        @Override
        public WriteResult write(VectorSchemaRoot batch) throws SinkException {
            for (int row = 0; row < batch.getRowCount(); row++) {
                if (ObserverEventBatch.eventId(batch, row).equals(cursed)) {
                    throw new IllegalStateException("a bug this event triggers");
                }
            }
            return delegate.write(batch);
        }

        @Override
        public SinkHealth health() {
            return delegate.health();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
