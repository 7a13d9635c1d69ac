package dev.quiver.flight.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.flight.admission.QueryStoppedException;
import dev.quiver.flight.admission.RunningQueries;
import dev.quiver.flight.admission.RunningQuery;
import dev.quiver.flight.admission.StopReason;
import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.request.BatchStream;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.LimitExceededException;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.testing.Plans;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Security review M3 for history: an events query that ClickHouse works on for long (a {@code FINAL ... ORDER BY}
 * sorts before its first byte) went on in ClickHouse after the query had stopped, since closing the HTTP answer
 * does not stop it there. A fake ClickHouse (this test's own seam: the real one cannot be made to sort slowly on
 * demand) shows what the server now sends: the query's own id and {@code max_execution_time}, and on a stop, even
 * before the answer has begun, {@code KILL QUERY} for that id.
 */
@Timeout(60)
class EventHistoryStopTest {
    private static final RequestPlanner PLANNER = new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()),
            new QueryLimits(1_000, 8, 10_000));
    private static final Pattern QUERY_ID = Pattern.compile("query_id=(quiver-history-[0-9a-f-]+)");

    private final List<String> historyQueries = new CopyOnWriteArrayList<>();
    private final List<String> kills = new CopyOnWriteArrayList<>();
    private final CountDownLatch killed = new CountDownLatch(1);
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private HttpServer clickhouse;
    /** Events of {@link #largeData} the fake answers a history query with, instead of "sorting" until killed. */
    private volatile int largeEvents;
    private volatile String largeData;

    @AfterEach
    void stop() {
        killed.countDown();
        if (clickhouse != null) {
            clickhouse.stop(0);
        }
        workers.shutdownNow();
    }

    @Test
    void aStoppedHistoryQueryIsKilledInClickHouseByItsIdAndCarriesATimeLimit() throws Exception {
        startFakeClickHouse();
        HistoryConfig config = HistoryConfig.of("http://127.0.0.1:" + clickhouse.getAddress().getPort(), "quiver",
                "events");
        HistoryPlan plan = Plans.history(PLANNER, GraphQLRequest.of("{ events(entityType: \"Order\", from:"
                + " \"1970-01-01T00:00:00Z\", to: \"2100-01-01T00:00:00Z\") { eventId } }"));
        try (RootAllocator allocator = new RootAllocator();
             RunningQueries queries = RunningQueries.withTimeout(Duration.ofSeconds(2));
             RunningQuery query = queries.start(null, "")) {
            EventHistory history = new EventHistory(config, allocator, 100);

            assertThatThrownBy(() -> history.execute(plan, new Discard(), query))
                    .isInstanceOfSatisfying(QueryStoppedException.class,
                            e -> assertThat(e.reason()).isEqualTo(StopReason.TIMED_OUT));

            assertThat(killed.await(10, TimeUnit.SECONDS)).as("KILL QUERY reached ClickHouse").isTrue();
        }
        assertThat(historyQueries).hasSize(1);
        Matcher id = QUERY_ID.matcher(historyQueries.get(0));
        assertThat(id.find()).as("the history query names its id: " + historyQueries.get(0)).isTrue();
        assertThat(historyQueries.get(0)).as("ClickHouse's own limit: what is left of the 2 s, rounded up")
                .containsPattern("max_execution_time=[12](&|$)");
        assertThat(kills).containsExactly("KILL QUERY WHERE query_id = '" + id.group(1) + "' ASYNC");
    }

    /**
     * Batches were bounded by rows only (10,000), and an event's data may be 1 MiB: a window of large events would
     * have held gigabytes in one batch. Now a batch also ends at {@link EventHistory#BATCH_BYTES}, and its vectors
     * come from a child allocator limited to the request's memory budget.
     */
    @Test
    void aWindowOfLargeEventsComesInBatchesBoundedByBytesAndPastTheBudgetFailsAlone() throws Exception {
        String data = "{\\\"p\\\":\\\"" + "x".repeat(1 << 20) + "\\\"}";
        largeEvents = 20;
        largeData = data;
        startFakeClickHouse();
        HistoryConfig config = HistoryConfig.of("http://127.0.0.1:" + clickhouse.getAddress().getPort(), "quiver",
                "events");
        HistoryPlan plan = Plans.history(PLANNER, GraphQLRequest.of("{ events(entityType: \"Order\", from:"
                + " \"1970-01-01T00:00:00Z\", to: \"2100-01-01T00:00:00Z\") { eventId data } }"));
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (RootAllocator allocator = new RootAllocator();
             RunningQueries queries = RunningQueries.withTimeout(Duration.ofSeconds(30))) {
            try (RunningQuery query = queries.start(null, "")) {
                new EventHistory(config, allocator, 10_000, 64L << 20).execute(plan, new Discard() {
                    @Override
                    public boolean batch(VectorSchemaRoot root, int rows) {
                        batches.add(rows);
                        return true;
                    }
                }, query);
            }
            assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
            assertThat(batches).as("about 8 MiB of events a batch").allSatisfy(rows -> assertThat(rows).isLessThanOrEqualTo(8));

            try (RunningQuery query = queries.start(null, "")) {
                assertThatThrownBy(() -> new EventHistory(config, allocator, 10_000, 4L << 20)
                        .execute(plan, new Discard(), query))
                        .isInstanceOf(LimitExceededException.class).hasMessageContaining("--max-request-memory");
            }
        }
    }

    private void startFakeClickHouse() throws IOException {
        clickhouse = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        clickhouse.setExecutor(workers);
        clickhouse.createContext("/", exchange -> {
            String sql = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (sql.contains("system.columns")) {
                answer(exchange, "event_id\tString\nevent_type\tEnum8('created' = 1, 'updated' = 2, 'deleted' = 3)\n"
                        + "entity_type\tString\nentity_id\tString\noccurred_at\tDateTime('UTC')\noccurred_at_us\tInt64\n"
                        + "user_id\tNullable(String)\norg_id\tNullable(String)\ndata\tString\n");
            } else if (sql.startsWith("KILL QUERY")) {
                kills.add(sql);
                answer(exchange, "");
                killed.countDown();
            } else if (largeEvents > 0) {
                StringBuilder rows = new StringBuilder();
                for (int i = 0; i < largeEvents; i++) {
                    rows.append("{\"event_id\":\"00000000-0000-4000-8000-").append("%012d".formatted(i))
                            .append("\",\"event_type\":\"updated\",\"entity_type\":\"Order\",\"entity_id\":\"").append(i)
                            .append("\",\"occurred_us\":\"1000000\",\"user_id\":null,\"org_id\":null,\"data\":\"")
                            .append(largeData).append("\"}\n");
                }
                answer(exchange, rows.toString());
            } else {
                historyQueries.add(exchange.getRequestURI().toString());
                try {
                    killed.await(30, TimeUnit.SECONDS); // "sorting": no byte of the answer until killed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(exchange, "");
            }
        });
        clickhouse.start();
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static class Discard implements BatchStream {
        @Override
        public void start(VectorSchemaRoot root) {
        }

        @Override
        public boolean batch(VectorSchemaRoot root, int rows) {
            return true;
        }
    }
}
