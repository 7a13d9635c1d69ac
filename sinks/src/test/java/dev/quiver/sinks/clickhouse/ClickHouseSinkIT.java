package dev.quiver.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.WriteResult;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig.InsertFormat;
import dev.quiver.sinks.clickhouse.internal.ClickHouseRequests;
import dev.quiver.sinks.testing.PrivateProxy;
import dev.quiver.sinks.testing.TestEvents;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClickHouseSink} against the real ClickHouse server: one database per run, one table per test, both
 * dropped afterwards.
 */
@Timeout(60)
class ClickHouseSinkIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkIT.class);
    private static final Services SERVICES = Services.fromEnvironment();
    private static final String DATABASE = "quiver_sinks_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final Instant MARCH = Instant.parse("2025-03-01T00:00:00Z");
    private static final int BATCH = 10_000;

    private final TestEvents events = new TestEvents(42);
    private BufferAllocator allocator;
    private ClickHouseSinkConfig config;

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.CLICKHOUSE);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        try (ClickHouseRequests requests = new ClickHouseRequests(configFor(SERVICES.clickhouse().httpUrl(), "unused"))) {
            requests.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    @BeforeEach
    void setUp(TestInfo test) {
        allocator = new RootAllocator();
        config = configFor(SERVICES.clickhouse().httpUrl(), test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    @Test
    void tenThousandEventsAreCountedExactlyAndKeepMicroseconds() throws Exception {
        List<ObserverEvent> batch = events.events(BATCH, MARCH, Duration.ofDays(20));
        try (ClickHouseSink sink = new ClickHouseSink(config);
             ClickHouseEventCounter counter = new ClickHouseEventCounter(config);
             VectorSchemaRoot root = TestEvents.batch(allocator, batch)) {
            sink.start();

            WriteResult result = sink.write(root);

            assertThat(result.stored()).isEqualTo(BATCH);
            assertThat(result.rejected()).isEmpty();
            assertThat(counter.countFinal()).isEqualTo(BATCH);
            assertThat(counter.distinctEventIds()).isEqualTo(BATCH);
            ObserverEvent first = batch.get(0);
            assertThat(storedRow(first.eventId())).containsExactly(first.eventType().wireName(), first.entityType(),
                    first.entityId(), String.valueOf(micros(first.occurredAt())), nullText(first.userId()),
                    nullText(first.orgId()), first.data());
        }
    }

    @Test
    void theSameBatchWrittenTwiceIsStillCountedOnce() throws Exception {
        try (ClickHouseSink sink = new ClickHouseSink(config);
             ClickHouseEventCounter counter = new ClickHouseEventCounter(config);
             VectorSchemaRoot root = TestEvents.batch(allocator, events.events(BATCH, MARCH, Duration.ofDays(20)))) {
            sink.start();

            assertThat(sink.write(root).stored()).isEqualTo(BATCH);
            assertThat(sink.write(root).stored()).isEqualTo(BATCH);

            assertThat(counter.countFinal()).isEqualTo(BATCH);
            assertThat(counter.distinctEventIds()).isEqualTo(BATCH);
            assertThat(counter.rows()).as("raw rows before or after merges").isBetween((long) BATCH, 2L * BATCH);
        }
    }

    @Test
    void aBatchSpanningTwoMonthsLandsInTwoPartitions() throws Exception {
        List<ObserverEvent> batch = events.events(1_000, Instant.parse("2025-03-25T00:00:00Z"), Duration.ofDays(14));
        long inMarch = batch.stream().filter(e -> e.occurredAt().isBefore(Instant.parse("2025-04-01T00:00:00Z"))).count();
        try (ClickHouseSink sink = new ClickHouseSink(config);
             ClickHouseEventCounter counter = new ClickHouseEventCounter(config);
             VectorSchemaRoot root = TestEvents.batch(allocator, batch)) {

            assertThat(sink.write(root).stored()).as("write starts the sink itself").isEqualTo(1_000);

            assertThat(counter.rowsByPartition()).containsOnlyKeys("202503", "202504");
            assertThat(inMarch).isBetween(1L, 999L);
            assertThat(counter.countFinalByMonth()).isEqualTo(Map.of(202503, inMarch, 202504, 1_000 - inMarch));
        }
    }

    @Test
    void anEventTheTableCannotHoldIsRejectedAndTheRestStored() throws Exception {
        List<ObserverEvent> batch = new ArrayList<>(events.events(99, MARCH, Duration.ofHours(1)));
        ObserverEvent ancient = events.event(Instant.parse("1901-06-01T00:00:00Z"));
        batch.add(50, ancient);
        try (ClickHouseSink sink = new ClickHouseSink(config);
             ClickHouseEventCounter counter = new ClickHouseEventCounter(config);
             VectorSchemaRoot root = TestEvents.batch(allocator, batch)) {

            WriteResult result = sink.write(root);

            assertThat(result.stored()).isEqualTo(99);
            assertThat(result.rejected()).singleElement().satisfies(rejection -> {
                assertThat(rejection.row()).isEqualTo(50);
                assertThat(rejection.eventId()).isEqualTo(ancient.eventId());
                assertThat(rejection.reason()).contains("occurred_at 1901-06-01T00:00:00Z is outside");
            });
            assertThat(counter.countFinal()).isEqualTo(99);
        }
    }

    @Test
    void insertRatesOfBothFormatsForTenThousandEventBatches() throws Exception {
        List<ObserverEvent> batch = events.events(BATCH, MARCH, Duration.ofDays(20));
        Map<ClickHouseSinkConfig.InsertFormat, Double> rates = new HashMap<>();
        for (ClickHouseSinkConfig.InsertFormat format : ClickHouseSinkConfig.InsertFormat.values()) {
            ClickHouseSinkConfig formatConfig = new ClickHouseSinkConfig(config.endpoint(), config.user(),
                    config.password(), config.database(), config.table() + "_" + format.name().toLowerCase(),
                    config.connectTimeout(), config.socketTimeout(), format);
            try (ClickHouseSink sink = new ClickHouseSink(formatConfig);
                 ClickHouseEventCounter counter = new ClickHouseEventCounter(formatConfig);
                 VectorSchemaRoot root = TestEvents.batch(allocator, batch)) {
                sink.start();
                sink.write(root); // warm-up: connection, JIT
                int rounds = 5;
                long best = Long.MAX_VALUE;
                for (int i = 0; i < rounds; i++) {
                    long start = System.nanoTime();
                    sink.write(root);
                    best = Math.min(best, System.nanoTime() - start);
                }
                double rate = BATCH / (best / 1e9);
                rates.put(format, rate);
                LOG.info("ClickHouse {} insert of {} events: best of {} = {} ms, {} events/s", format, BATCH, rounds,
                        best / 1_000_000, Math.round(rate));
                assertThat(counter.countFinal()).isEqualTo(BATCH);
            }
        }
        // speed is measured by make bench, not here (the figures are only logged above). This floor is for one bug:
        // a write that sends a request per event (each one an INSERT, i.e. a new MergeTree part, a few ms even on a
        // quiet machine: well under 1,000/s). It is 150 times below what a quiet machine measures (about 300k/s),
        // and the best of five rounds, so only a machine stalled for 5 s on every round could fail it.
        assertThat(rates.get(ClickHouseSinkConfig.InsertFormat.ROW_BINARY)).as("RowBinary events/s").isGreaterThan(2_000);
    }

    @Test
    void anUnreachableServerIsARetriableFailure() throws Exception {
        var settings = SERVICES.clickhouse();
        try (PrivateProxy proxy = PrivateProxy.create(SERVICES, "ch", settings.host(), settings.httpPort());
             ClickHouseSink sink = new ClickHouseSink(configFor(proxy.httpUrl(), config.table()));
             VectorSchemaRoot root = TestEvents.batch(allocator, events.events(10, MARCH, Duration.ofMinutes(1)))) {
            sink.start();
            assertThat(sink.health().up()).isTrue();
            proxy.cutOff();

            assertThatThrownBy(() -> sink.write(root))
                    .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.isRetriable()).isTrue())
                    .hasMessageContaining("clickhouse: inserting 10 events into " + config.qualifiedTable());
            assertThat(sink.health().up()).isFalse();

            proxy.restore();
            assertThat(sink.write(root).stored()).isEqualTo(10);
        }
    }

    @Test
    void aWrongPasswordIsAPermanentFailure() {
        ClickHouseSinkConfig wrong = new ClickHouseSinkConfig(config.endpoint(), config.user(), "not-the-password",
                config.database(), config.table(), config.connectTimeout(), config.socketTimeout(), config.insertFormat());
        try (ClickHouseSink sink = new ClickHouseSink(wrong)) {
            assertThatThrownBy(sink::start)
                    .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.isRetriable()).isFalse())
                    .hasMessageContaining("QUIVER_CLICKHOUSE_PASSWORD");
        }
    }

    private List<String> storedRow(String eventId) throws Exception {
        String occurredAt = legacyLayout() ? "occurred_at_us" : "toUnixTimestamp64Micro(occurred_at)";
        try (ClickHouseRequests requests = new ClickHouseRequests(config)) {
            List<List<String>> rows = requests.rows("SELECT toString(event_type), entity_type, entity_id, "
                    + occurredAt + ", user_id, org_id, data FROM " + config.qualifiedTable() + " FINAL WHERE event_id = '"
                    + eventId + "'");
            assertThat(rows).hasSize(1);
            return rows.get(0).stream().map(ClickHouseSinkIT::nullText).toList();
        }
    }

    private boolean legacyLayout() throws Exception {
        try (ClickHouseRequests requests = new ClickHouseRequests(config)) {
            return Long.parseLong(requests.scalar("SELECT count() FROM system.columns WHERE database = '" + DATABASE
                    + "' AND table = '" + config.table() + "' AND name = 'occurred_at_us'")) == 1;
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static String nullText(String value) {
        return value == null ? "<null>" : value;
    }

    private static ClickHouseSinkConfig configFor(String url, String table) {
        var settings = SERVICES.clickhouse();
        return new ClickHouseSinkConfig(URI.create(url), settings.user(), settings.password(), DATABASE, table,
                Duration.ofSeconds(2), Duration.ofSeconds(20), InsertFormat.ROW_BINARY);
    }
}
