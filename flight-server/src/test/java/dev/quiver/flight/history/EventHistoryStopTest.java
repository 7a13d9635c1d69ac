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
                .containsPattern("max_execution_time=[12]$");
        assertThat(kills).containsExactly("KILL QUERY WHERE query_id = '" + id.group(1) + "' ASYNC");
    }

    private void startFakeClickHouse() throws IOException {
        clickhouse = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        clickhouse.setExecutor(workers);
        clickhouse.createContext("/", exchange -> {
            String sql = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (sql.contains("system.columns")) {
                answer(exchange, "occurred_at\noccurred_at_us\n");
            } else if (sql.startsWith("KILL QUERY")) {
                kills.add(sql);
                answer(exchange, "");
                killed.countDown();
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

    private static final class Discard implements BatchStream {
        @Override
        public void start(VectorSchemaRoot root) {
        }

        @Override
        public boolean batch(VectorSchemaRoot root, int rows) {
            return true;
        }
    }
}
