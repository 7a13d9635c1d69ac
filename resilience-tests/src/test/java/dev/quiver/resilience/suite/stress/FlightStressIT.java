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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A 1M-row and a 10M-row GraphQL query streamed over Flight from the flight-server jar at {@code -Xmx256m} on
 * PostgreSQL, read by the Java client ({@link QuiverClient}) in this JVM. Asserted: exactly the rows PostgreSQL holds
 * arrive, with the same {@code sum(id)} and {@code sum(item_count)}; while they stream (first batch to last), the
 * server's heap (from its {@code /metrics}, every 250 ms) stays below 90% of the 256 MiB limit and its RSS is flat
 * (the largest RSS of the last third of the stream is at most 32 MiB above that of the first third: a server
 * buffering its result would grow by ~100 bytes a row, 100 MiB over 1M rows); the server still answers
 * {@code /health} afterwards. The server runs with {@code -Xms256m -XX:+AlwaysPreTouch} beside the limit, so its heap
 * is resident from the start and RSS measures only what lives outside it (Arrow buffers, Netty, metaspace, code),
 * and it answers a 50k-row warm-up query first, so the measured stream runs on a warm JVM.
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
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
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
        StressOrders.Checksum expected = orders.checksum();
        assertThat(expected.rows()).as("rows in %s.orders", orders.schema()).isEqualTo(rows);

        String query = "{ orders(limit: " + rows + ") { id userId status total itemCount createdAt } }";
        log.load(String.format("%,d orders (6 columns) in one Flight DoGet from a %s server", rows, HEAP));
        log.note("query: " + query);
        try (ServerProcess server = ServerProcess.start("flight-server-" + rows, JVM,
                List.of("--jdbc-url", orders.jdbcUrl(), "--db-user", SERVICES.postgres().user(), "--db-password",
                        SERVICES.postgres().password(), "--nats-url", "off"),
                Map.of(), Path.of("target", "stress-logs"), Duration.ofSeconds(60))) {
            warmUp(server);
            MemoryTrace memory = new MemoryTrace(log);
            AtomicLong read = new AtomicLong();
            long idSum = 0;
            long itemCountSum = 0;
            long queriedMs;
            long startMs;
            long endMs;
            try (QuiverClient client = QuiverClient.connect(QuiverClientConfig.builder().uri(server.flightUri()).build());
                 Sampler sampler = log.sampler(SAMPLE_EVERY)
                         .gauge("server heap", "MiB", () -> memory.heap(server))
                         .gauge("server RSS", "MiB", () -> memory.rss(server))
                         .gauge("rows read per second", "rows/s", new CounterRate(read::get))) {
                queriedMs = log.elapsedMillis();
                startMs = -1;
                try (QueryResult result = client.query(query)) {
                    for (VectorSchemaRoot batch : result) {
                        if (startMs < 0) {
                            startMs = log.elapsedMillis();
                            log.figure("time to first batch", (startMs - queriedMs) / 1000.0, "s");
                        }
                        FieldVector ids = batch.getVector("id");
                        BaseIntVector itemCounts = (BaseIntVector) batch.getVector("itemCount");
                        for (int i = 0; i < batch.getRowCount(); i++) {
                            idSum += id(ids, i);
                            itemCountSum += itemCounts.getValueAsLong(i);
                        }
                        read.addAndGet(batch.getRowCount());
                    }
                }
                endMs = log.elapsedMillis();
            }
            double seconds = (endMs - queriedMs) / 1000.0;
            log.figure("rows streamed", read.get(), "rows");
            log.figure("query time (GetFlightInfo to last row)", seconds, "s");
            log.figure("rows per second", Math.round(read.get() / seconds), "rows/s");
            MemoryTrace.Thirds heap = memory.heapThirds(startMs, endMs);
            MemoryTrace.Thirds rss = memory.rssThirds(startMs, endMs);
            log.figure("server heap max, first third", Math.round(heap.first() / MIB), "MiB");
            log.figure("server heap max, middle third", Math.round(heap.middle() / MIB), "MiB");
            log.figure("server heap max, last third", Math.round(heap.last() / MIB), "MiB");
            log.figure("server RSS max, first third", Math.round(rss.first() / MIB), "MiB");
            log.figure("server RSS max, last third", Math.round(rss.last() / MIB), "MiB");
            log.figure("memory samples while streaming", memory.samplesBetween(startMs, endMs), "samples");

            assertThat(read.get()).as("rows streamed").isEqualTo(expected.rows());
            assertThat(idSum).as("sum(id) of the streamed rows vs PostgreSQL").isEqualTo(expected.idSum());
            assertThat(itemCountSum).as("sum(item_count) of the streamed rows vs PostgreSQL")
                    .isEqualTo(expected.itemCountSum());
            assertThat(memory.samplesBetween(startMs, endMs)).as("memory samples taken while the rows streamed")
                    .isGreaterThanOrEqualTo(6);
            assertThat(heap.max()).as("server heap never near its %s limit (< 90%%)", HEAP)
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
             QueryResult result = client.query("{ orders(limit: " + WARM_UP_ROWS + ") { id userId status total itemCount"
                     + " createdAt } }")) {
            long rows = 0;
            for (VectorSchemaRoot batch : result) {
                rows += batch.getRowCount();
            }
            assertThat(rows).as("warm-up rows").isEqualTo(WARM_UP_ROWS);
        }
    }

    private static long id(FieldVector ids, int row) {
        if (ids instanceof BaseIntVector numbers) {
            return numbers.getValueAsLong(row);
        }
        if (ids instanceof VarCharVector text) {
            return Long.parseLong(new String(text.get(row), java.nio.charset.StandardCharsets.UTF_8));
        }
        throw new IllegalStateException("id arrived as " + ids.getField().getType() + ", expected an integer or utf8");
    }

    /** Heap and RSS samples of the server with their times, for the report's series and the thirds. */
    private static final class MemoryTrace {
        private final ScenarioLog log;
        private final List<double[]> heap = new ArrayList<>();
        private final List<double[]> rss = new ArrayList<>();

        record Thirds(double first, double middle, double last, double max) {
        }

        MemoryTrace(ScenarioLog log) {
            this.log = log;
        }

        double heap(ServerProcess server) throws Exception {
            double bytes = server.metrics().sum("jvm_memory_used_bytes", "area", "heap");
            synchronized (this) {
                heap.add(new double[] {log.elapsedMillis(), bytes});
            }
            return bytes / MIB;
        }

        double rss(ServerProcess server) {
            double bytes = server.process().rssBytes();
            synchronized (this) {
                rss.add(new double[] {log.elapsedMillis(), bytes});
            }
            return bytes / MIB;
        }

        synchronized int samplesBetween(long fromMs, long toMs) {
            return (int) rss.stream().filter(p -> p[0] >= fromMs && p[0] <= toMs).count();
        }

        synchronized Thirds heapThirds(long fromMs, long toMs) {
            return thirds(heap, fromMs, toMs);
        }

        synchronized Thirds rssThirds(long fromMs, long toMs) {
            return thirds(rss, fromMs, toMs);
        }

        /** The largest value in each third of the samples taken between the two times (by count, as the bench does). */
        private static Thirds thirds(List<double[]> samples, long fromMs, long toMs) {
            List<Double> values = new ArrayList<>();
            for (double[] sample : samples) {
                if (sample[0] >= fromMs && sample[0] <= toMs) {
                    values.add(sample[1]);
                }
            }
            if (values.isEmpty()) {
                return new Thirds(0, 0, 0, 0);
            }
            int third = Math.max(1, values.size() / 3);
            double first = max(values.subList(0, third));
            double last = max(values.subList(values.size() - third, values.size()));
            double middle = values.size() > 2 * third ? max(values.subList(third, values.size() - third)) : first;
            return new Thirds(first, middle, last, max(values));
        }

        private static double max(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }
}
