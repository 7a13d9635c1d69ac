package dev.quiver.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.WriteResult;
import dev.quiver.sinks.api.WriteResult.Rejection;
import dev.quiver.sinks.elasticsearch.internal.ElasticsearchConnection;
import dev.quiver.sinks.testing.PrivateProxy;
import dev.quiver.sinks.testing.TestEvents;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ElasticsearchSink} against the real Elasticsearch node: one index prefix (and so one template) per
 * test, deleted with its indices afterwards.
 */
@Timeout(60)
class ElasticsearchSinkIT {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkIT.class);
    private static final Services SERVICES = Services.fromEnvironment();
    private static final String RUN_PREFIX = "quiver-sinks-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static final Instant MARCH = Instant.parse("2025-03-01T00:00:00Z");
    private static final int BATCH = 10_000;

    private final TestEvents events = new TestEvents(7);
    private BufferAllocator allocator;
    private ElasticsearchSinkConfig config;
    private ElasticsearchConnection admin;

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.ELASTICSEARCH);
    }

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
        config = configFor(SERVICES.elasticsearch().httpUrl(), RUN_PREFIX + "-" + TESTS.incrementAndGet());
        admin = new ElasticsearchConnection(config);
    }

    @AfterEach
    void deleteIndicesAndTemplate() throws Exception {
        try {
            ElasticsearchClient es = admin.client();
            // wildcard deletes are refused (action.destructive_requires_name): name each index
            List<String> indices = List.copyOf(es.indices().get(g -> g.index(config.indexPattern()).allowNoIndices(true))
                    .result().keySet());
            if (!indices.isEmpty()) {
                es.indices().delete(d -> d.index(indices));
            }
            if (es.indices().existsIndexTemplate(t -> t.name(config.indexPrefix())).value()) {
                es.indices().deleteIndexTemplate(t -> t.name(config.indexPrefix()));
            }
        } finally {
            admin.close();
            allocator.close();
        }
    }

    @Test
    void tenThousandEventsAreCountedExactlyAlsoWhenWrittenTwice() throws Exception {
        try (ElasticsearchSink sink = new ElasticsearchSink(config);
             ElasticsearchEventCounter counter = new ElasticsearchEventCounter(config);
             VectorSchemaRoot warmUp = TestEvents.batch(allocator, events.events(500, MARCH, Duration.ofDays(20)));
             VectorSchemaRoot root = TestEvents.batch(allocator, events.events(BATCH, MARCH, Duration.ofDays(20)))) {
            sink.start();
            sink.write(warmUp); // creates the index, warms the JIT and the connection

            long start = System.nanoTime();
            WriteResult first = sink.write(root);
            long firstNanos = System.nanoTime() - start;
            start = System.nanoTime();
            WriteResult again = sink.write(root);
            long againNanos = System.nanoTime() - start;
            LOG.info("Elasticsearch bulk of {} events: {} ms ({} events/s) new, {} ms ({} events/s) redelivered",
                    BATCH, firstNanos / 1_000_000, Math.round(BATCH / (firstNanos / 1e9)), againNanos / 1_000_000,
                    Math.round(BATCH / (againNanos / 1e9)));

            assertThat(first).isEqualTo(WriteResult.allStored(BATCH));
            assertThat(again).isEqualTo(WriteResult.allStored(BATCH));
            assertThat(counter.count()).isEqualTo(500 + BATCH);
        }
    }

    @Test
    void documentsFollowTheTemplateAndKeepMicroseconds() throws Exception {
        ObserverEvent event = events.event(Instant.parse("2025-03-04T05:06:07.123456Z"));
        try (ElasticsearchSink sink = new ElasticsearchSink(config);
             VectorSchemaRoot root = TestEvents.batch(allocator, List.of(event))) {
            assertThat(sink.write(root).stored()).as("write starts the sink itself").isEqualTo(1);

            String index = config.indexPrefix() + "-2025.03";
            var mapping = admin.client().indices().getMapping(m -> m.index(index)).get(index).mappings();
            assertThat(mapping.properties().get("occurred_at").isDateNanos()).isTrue();
            assertThat(mapping.properties().get("event_id").isKeyword()).isTrue();
            assertThat(mapping.properties().get("data").isObject()).isTrue();
            @SuppressWarnings("unchecked")
            Map<String, Object> source = admin.client().get(g -> g.index(index).id(event.eventId()), Map.class).source();
            assertThat(source).containsEntry("occurred_at", "2025-03-04T05:06:07.123456Z")
                    .containsEntry("entity_type", event.entityType())
                    .containsEntry("event_type", event.eventType().wireName());
            assertThat(source.get("data")).isInstanceOf(Map.class);
            var data = mapping.properties().get("data").object().properties();
            assertThat(data.get("status").isKeyword()).as("data strings are keywords").isTrue();
            assertThat(data.get("customer").object().properties().get("name").isKeyword()).isTrue();
        }
    }

    @Test
    void aBatchSpanningTwoMonthsLandsInTwoIndices() throws Exception {
        List<ObserverEvent> batch = events.events(1_000, Instant.parse("2025-03-25T00:00:00Z"), Duration.ofDays(14));
        long inMarch = batch.stream().filter(e -> e.occurredAt().isBefore(Instant.parse("2025-04-01T00:00:00Z"))).count();
        try (ElasticsearchSink sink = new ElasticsearchSink(config);
             ElasticsearchEventCounter counter = new ElasticsearchEventCounter(config);
             VectorSchemaRoot root = TestEvents.batch(allocator, batch)) {
            sink.start();

            assertThat(sink.write(root).stored()).isEqualTo(1_000);

            assertThat(inMarch).isBetween(1L, 999L);
            assertThat(counter.countByIndex()).isEqualTo(Map.of(
                    config.indexPrefix() + "-2025.03", inMarch,
                    config.indexPrefix() + "-2025.04", 1_000 - inMarch));
        }
    }

    @Test
    void documentsElasticsearchRefusesAreRejectedAndTheRestStored() throws Exception {
        List<ObserverEvent> batch = new ArrayList<>(events.events(97, MARCH, Duration.ofHours(1)));
        ObserverEvent conflicting = withData(events.event(MARCH.plusSeconds(10)), "{\"customer\":\"just a name\"}");
        ObserverEvent beforeEpoch = events.event(Instant.parse("1969-12-31T23:59:59Z"));
        ObserverEvent notAnObject = withData(events.event(MARCH.plusSeconds(20)), "[1,2,3]");
        batch.add(10, conflicting);
        batch.add(20, beforeEpoch);
        batch.add(30, notAnObject);
        try (ElasticsearchSink sink = new ElasticsearchSink(config);
             ElasticsearchEventCounter counter = new ElasticsearchEventCounter(config);
             VectorSchemaRoot first = TestEvents.batch(allocator, events.events(3, MARCH, Duration.ofHours(1)));
             VectorSchemaRoot root = TestEvents.batch(allocator, batch)) {
            sink.start();
            sink.write(first); // maps data.customer as an object in March

            WriteResult result = sink.write(root);

            assertThat(result.stored()).isEqualTo(97);
            assertThat(result.rejected()).extracting(Rejection::row, Rejection::eventId).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(10, conflicting.eventId()),
                    org.assertj.core.groups.Tuple.tuple(20, beforeEpoch.eventId()),
                    org.assertj.core.groups.Tuple.tuple(30, notAnObject.eventId()));
            assertThat(result.rejected().get(0).reason()).contains("HTTP 400").contains("document_parsing_exception")
                    .contains("customer");
            assertThat(result.rejected().get(1).reason()).contains("outside what the Elasticsearch date_nanos field holds");
            assertThat(result.rejected().get(2).reason()).contains("data must be a JSON object");
            assertThat(counter.count()).isEqualTo(3 + 97);
        }
    }

    @Test
    void anUnreachableClusterIsARetriableFailure() throws Exception {
        var settings = SERVICES.elasticsearch();
        try (PrivateProxy proxy = PrivateProxy.create(SERVICES, "es", settings.host(), settings.port());
             ElasticsearchSink sink = new ElasticsearchSink(configFor(proxy.httpUrl(), config.indexPrefix()));
             ElasticsearchEventCounter counter = new ElasticsearchEventCounter(config);
             VectorSchemaRoot root = TestEvents.batch(allocator, events.events(10, MARCH, Duration.ofMinutes(1)))) {
            sink.start();
            assertThat(sink.health().up()).isTrue();
            proxy.cutOff();

            assertThatThrownBy(() -> sink.write(root))
                    .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.isRetriable()).isTrue())
                    .hasMessageContaining("elasticsearch: indexing 10 events into " + config.indexPattern());
            assertThat(sink.health().up()).isFalse();

            proxy.restore();
            assertThat(sink.write(root).stored()).isEqualTo(10);
            assertThat(counter.count()).isEqualTo(10);
        }
    }

    private static ObserverEvent withData(ObserverEvent event, String data) {
        return new ObserverEvent(event.eventId(), event.eventType(), event.entityType(), event.entityId(),
                event.occurredAt(), event.userId(), event.orgId(), data);
    }

    private static ElasticsearchSinkConfig configFor(String url, String prefix) {
        return new ElasticsearchSinkConfig(URI.create(url), "", "", prefix, Duration.ofSeconds(2),
                Duration.ofSeconds(20), 8_388_608, 3, Duration.ofMillis(50));
    }
}
