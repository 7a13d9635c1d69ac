package dev.quiver.resilience.suite.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.client.QueryResult;
import dev.quiver.client.QuiverClient;
import dev.quiver.client.QuiverClientConfig;
import dev.quiver.resilience.harness.CounterRate;
import dev.quiver.resilience.harness.Sampler;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.ServerProcess;
import dev.quiver.resilience.harness.Smoke;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A 1M-row and a 10M-row GraphQL query streamed over Flight from the flight-server jar at {@code -Xmx256m} on
 * PostgreSQL, read by the Java client ({@link QuiverClient}) in this JVM.
 *
 * <p>Asserted: exactly the rows PostgreSQL holds arrive, and each of the six columns matches PostgreSQL's checksum of
 * it ({@link OrderChecksums}: per column, the sum of {@code id × value}, so a wrong or misplaced value shows); the
 * server's heap and RSS stay flat while the rows stream; the server still answers {@code /health} afterwards.
 *
 * <p>Memory is sampled by progress, not by the clock: after each batch it receives, the consumer reads the server's
 * heap in use (its {@code /metrics}) and RSS, so a stream gets one sample per batch (16 for 1M rows at the server's
 * 65,536 rows a batch) however fast the machine is; and at a quarter, half and three quarters of the rows it has the
 * server run a full GC ({@code jcmd GC.class_histogram}) and records the live heap. While it samples, the server is
 * held at that point of the stream by Flight's backpressure. Flat means:
 * <ul>
 *   <li>heap: the live heap at half and three quarters of the rows is at most {@value #LIVE_HEAP_MARGIN_MIB} MiB above
 *       the one at a quarter, and the heap in use never reaches 90% of the limit. Each live-heap point finds the
 *       server in the same state (held by backpressure after a batch, its JDBC driver holding that batch's fetch of
 *       ~14 MiB) or, near the end of a short stream, done reading (lower), so the margin only covers noise (measured
 *       here: 28, 29 and 14 MiB on 1M rows; 37, 29 and 29 MiB on 10M): a server keeping more than ~64 bytes a row on
 *       1M rows (~3 on 10M) goes past it;</li>
 *   <li>RSS: the largest RSS in the last third of the rows is at most 32 MiB above the largest in the first third (a
 *       server buffering its result off-heap would grow by ~60 bytes a row, 40 MiB over two thirds of 1M rows).</li>
 * </ul>
 * The server runs with {@code -Xms256m -XX:+AlwaysPreTouch} beside the limit, so its heap is resident from the start
 * and RSS measures only what lives outside it (Arrow buffers, Netty, metaspace, code), and it answers a 50k-row
 * warm-up query first, so the measured stream runs on a warm JVM.
 *
 * <p>Both scenarios share one table, grown in place (1M rows, then to 10M), so the full run seeds 10M rows once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlightStressIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final String HEAP = "-Xmx256m";
    /** The heap committed and touched up front, so RSS moves only with what lives outside it (Arrow buffers,
     *  Netty, metaspace, code): growth there is what a leak in the streaming path would show. */
    private static final List<String> JVM = List.of(HEAP, "-Xms256m", "-XX:+AlwaysPreTouch");
    private static final long WARM_UP_ROWS = 50_000;
    private static final double HEAP_LIMIT_BYTES = 256.0 * 1024 * 1024;
    private static final double MIB = 1024.0 * 1024.0;
    private static final long RSS_MARGIN_BYTES = 32L * 1024 * 1024;
    private static final int LIVE_HEAP_MARGIN_MIB = 16;
    private static final long LIVE_HEAP_MARGIN_BYTES = (long) LIVE_HEAP_MARGIN_MIB << 20;
    /** Fewer batches than this and the thirds of the stream are too thin to compare: the rows did not stream. */
    private static final int MIN_BATCHES = 6;
    private static final String QUERY_FIELDS = "{ id userId status total itemCount createdAt }";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static StressOrders orders;

    @AfterAll
    static void dropTheTable() throws Exception {
        if (orders != null) {
            orders.close();
        }
    }

    @Scenario(group = "stress", title = "1M rows over Flight from a -Xmx256m server: exact rows, flat heap and RSS")
    @Smoke
    @Order(1)
    void oneMillionRows(ScenarioLog log) throws Exception {
        stream(log, 1_000_000);
    }

    @Scenario(group = "stress", title = "10M rows over Flight from a -Xmx256m server: exact rows, flat heap and RSS")
    @Order(2)
    void tenMillionRows(ScenarioLog log) throws Exception {
        stream(log, 10_000_000);
    }

    private void stream(ScenarioLog log, long rows) throws Exception {
        SERVICES.require(ServiceName.POSTGRES);
        if (orders == null) {
            orders = StressOrders.create(SERVICES.postgres());
        }
        long before = orders.rows();
        Duration seeding = orders.growTo(rows);
        log.figure("PostgreSQL seeding (" + (rows - before) + " rows added by generate_series)",
                seeding.toMillis() / 1000.0, "s");
        OrderChecksums.Checksum expected = orders.checksum();
        assertThat(expected.rows()).as("rows in %s.orders", orders.schema()).isEqualTo(rows);

        String query = "{ orders(limit: " + rows + ") " + QUERY_FIELDS + " }";
        log.load(String.format("%,d orders (6 columns) in one Flight DoGet from a %s server", rows, HEAP));
        log.note("query: " + query);
        try (ServerProcess server = ServerProcess.start("flight-server-" + rows, JVM,
                List.of("--jdbc-url", orders.jdbcUrl(), "--db-user", SERVICES.postgres().user(), "--db-password",
                        SERVICES.postgres().password(), "--no-relay"),
                Map.of(), Path.of("target", "stress-logs"), Duration.ofSeconds(60))) {
            warmUp(server);
            StreamMemory memory = new StreamMemory(log, server, rows);
            OrderChecksums received = new OrderChecksums();
            AtomicLong read = new AtomicLong();
            long queriedMs;
            long firstBatchMs = -1;
            long endMs;
            try (QuiverClient client = QuiverClient.connect(QuiverClientConfig.builder().uri(server.flightUri()).build());
                 Sampler sampler = log.sampler(Duration.ofMillis(500))
                         .gauge("rows read per second", "rows/s", new CounterRate(read::get))) {
                queriedMs = log.elapsedMillis();
                try (QueryResult result = client.query(query)) {
                    for (VectorSchemaRoot batch : result) {
                        if (firstBatchMs < 0) {
                            firstBatchMs = log.elapsedMillis();
                            log.figure("time to first batch", (firstBatchMs - queriedMs) / 1000.0, "s");
                        }
                        received.add(batch);
                        read.set(received.rows());
                        memory.afterBatch(received.rows());
                    }
                }
                endMs = log.elapsedMillis();
            }
            double seconds = (endMs - queriedMs) / 1000.0;
            log.figure("rows streamed", received.rows(), "rows");
            log.figure("query time (GetFlightInfo to last row)", seconds, "s");
            log.figure("rows per second (memory sampling pauses included)", Math.round(received.rows() / seconds),
                    "rows/s");
            StreamMemory.Thirds heap = memory.heapThirds();
            StreamMemory.Thirds rss = memory.rssThirds();
            log.figure("batches received (one heap and RSS sample each)", memory.batches(), "batches");
            log.figure("server heap in use max, first third of the rows", Math.round(heap.first() / MIB), "MiB");
            log.figure("server heap in use max, middle third", Math.round(heap.middle() / MIB), "MiB");
            log.figure("server heap in use max, last third", Math.round(heap.last() / MIB), "MiB");
            log.figure("server RSS max, first third of the rows", Math.round(rss.first() / MIB), "MiB");
            log.figure("server RSS max, last third", Math.round(rss.last() / MIB), "MiB");
            List<StreamMemory.Live> live = memory.liveHeap();
            live.forEach(point -> log.figure(String.format("server live heap (after a full GC) at %,d rows",
                    point.rows()), Math.round(point.bytes() / MIB), "MiB"));

            assertThat(received.rows()).as("rows streamed").isEqualTo(expected.rows());
            assertThat(received.result()).as("checksums of the six columns (sum of id x value, mod 2^64) vs"
                    + " PostgreSQL's").isEqualTo(expected);
            assertThat(memory.batches()).as("batches the rows arrived in (the thirds of the stream are compared)")
                    .isGreaterThanOrEqualTo(MIN_BATCHES);
            assertThat(live).as("live-heap points (a quarter, half, three quarters of the rows)").hasSize(3);
            for (StreamMemory.Live later : live.subList(1, live.size())) {
                assertThat(later.bytes()).as("server live heap flat: %.0f MiB at %,d rows vs %.0f MiB at %,d rows"
                                + " (+%d MiB)", later.bytes() / MIB, later.rows(), live.get(0).bytes() / MIB,
                        live.get(0).rows(), LIVE_HEAP_MARGIN_MIB)
                        .isLessThanOrEqualTo(live.get(0).bytes() + LIVE_HEAP_MARGIN_BYTES);
            }
            assertThat(heap.max()).as("server heap in use never near its %s limit (< 90%%)", HEAP)
                    .isLessThan(0.9 * HEAP_LIMIT_BYTES);
            assertThat(rss.last()).as("server RSS flat: last third max %.0f MiB vs first third max %.0f MiB (+32 MiB)",
                    rss.last() / MIB, rss.first() / MIB).isLessThanOrEqualTo(rss.first() + RSS_MARGIN_BYTES);
            assertThat(server.process().isAlive()).as("the server survived the stream").isTrue();
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(server.httpBase().resolve("/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("/health after the stream: %s", health.body()).isEqualTo(200);
        }
    }

    /** A first, smaller query, so the measured one runs on a warm server (JIT, pools, PostgreSQL's buffers). */
    private static void warmUp(ServerProcess server) {
        try (QuiverClient client = QuiverClient.connect(QuiverClientConfig.builder().uri(server.flightUri()).build());
             QueryResult result = client.query("{ orders(limit: " + WARM_UP_ROWS + ") " + QUERY_FIELDS + " }")) {
            long rows = 0;
            for (VectorSchemaRoot batch : result) {
                rows += batch.getRowCount();
            }
            assertThat(rows).as("warm-up rows").isEqualTo(WARM_UP_ROWS);
        }
    }
}
