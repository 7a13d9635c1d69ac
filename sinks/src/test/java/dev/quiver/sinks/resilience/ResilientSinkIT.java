package dev.quiver.sinks.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.clickhouse.ClickHouseEventCounter;
import dev.quiver.sinks.clickhouse.ClickHouseSink;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig;
import dev.quiver.sinks.clickhouse.internal.ClickHouseRequests;
import dev.quiver.sinks.elasticsearch.ElasticsearchEventCounter;
import dev.quiver.sinks.elasticsearch.ElasticsearchSink;
import dev.quiver.sinks.elasticsearch.ElasticsearchSinkConfig;
import dev.quiver.sinks.elasticsearch.internal.ElasticsearchConnection;
import dev.quiver.testsupport.time.ManualClock;
import dev.quiver.sinks.testing.PrivateProxy;
import dev.quiver.sinks.testing.TestEvents;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each real sink behind {@link ResilientSink}, reached through a toxiproxy proxy of this test's own: cutting
 * the proxy makes writes fail as retriable and opens the breaker, which then fails fast; restoring the proxy
 * lets the trial call through and closes the breaker, and every event is stored exactly once.
 */
@Timeout(60)
class ResilientSinkIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final Duration OPEN_WAIT = Duration.ofMillis(800);
    /** 2 attempts per write, 20-40 ms apart; open at 50 % failures once 2 calls were made; 1 trial call. */
    private static final ResilienceConfig RESILIENCE = new ResilienceConfig(2, Duration.ofMillis(20), 2.0, 0.2,
            Duration.ofMillis(40), 50f, 4, 2, OPEN_WAIT, 1);

    private final TestEvents events = new TestEvents(3);
    private BufferAllocator allocator;

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.TOXIPROXY, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH);
    }

    @BeforeEach
    void allocate() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void release() {
        allocator.close();
    }

    @Test
    void clickHouseOutageOpensTheBreakerAndRecoveryClosesIt() throws Exception {
        var settings = SERVICES.clickhouse();
        String database = "quiver_sinks_it_" + RUN;
        try (PrivateProxy proxy = PrivateProxy.create(SERVICES, "ch-breaker", settings.host(), settings.httpPort())) {
            ClickHouseSinkConfig config = new ClickHouseSinkConfig(URI.create(proxy.httpUrl()), settings.user(),
                    settings.password(), database, "events", Duration.ofSeconds(1), Duration.ofSeconds(10),
                    ClickHouseSinkConfig.InsertFormat.ROW_BINARY);
            try (ClickHouseEventCounter counter = new ClickHouseEventCounter(config)) {
                outageOpensTheBreakerAndRecoveryClosesIt(new ClickHouseSink(config), proxy, () -> counter.countFinal());
            } finally {
                try (ClickHouseRequests requests = new ClickHouseRequests(config)) {
                    requests.execute("DROP DATABASE IF EXISTS " + database);
                }
            }
        }
    }

    @Test
    void elasticsearchOutageOpensTheBreakerAndRecoveryClosesIt() throws Exception {
        var settings = SERVICES.elasticsearch();
        String prefix = "quiver-sinks-it-" + RUN + "-breaker";
        try (PrivateProxy proxy = PrivateProxy.create(SERVICES, "es-breaker", settings.host(), settings.port())) {
            ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(URI.create(proxy.httpUrl()), "", "", prefix,
                    Duration.ofSeconds(1), Duration.ofSeconds(10), 8_388_608, 3, Duration.ofMillis(100));
            try (ElasticsearchEventCounter counter = new ElasticsearchEventCounter(config)) {
                outageOpensTheBreakerAndRecoveryClosesIt(new ElasticsearchSink(config), proxy, () -> counter.count());
            } finally {
                try (ElasticsearchConnection admin = new ElasticsearchConnection(config)) {
                    List<String> indices = List.copyOf(admin.client().indices()
                            .get(g -> g.index(config.indexPattern()).allowNoIndices(true)).result().keySet());
                    if (!indices.isEmpty()) {
                        admin.client().indices().delete(d -> d.index(indices));
                    }
                    admin.client().indices().deleteIndexTemplate(t -> t.name(prefix));
                }
            }
        }
    }

    /** Counts stored events exactly. */
    private interface Count {
        long get() throws Exception;
    }

    private void outageOpensTheBreakerAndRecoveryClosesIt(Sink sink, PrivateProxy proxy, Count count) throws Exception {
        Instant march = Instant.parse("2025-03-01T00:00:00Z");
        // the breaker's open-state wait runs on a clock of the test's: on the real clock a pause of the machine
        // longer than the wait, between the breaker opening and the next write, let that write through as the
        // trial call and failed the test; now the breaker stays open until the test moves its clock
        ManualClock clock = new ManualClock();
        try (ResilientSink resilient = new ResilientSink(sink, RESILIENCE, clock);
             VectorSchemaRoot before = TestEvents.batch(allocator, events.events(10, march, Duration.ofHours(1)));
             VectorSchemaRoot during = TestEvents.batch(allocator, events.events(10, march, Duration.ofHours(1)))) {
            resilient.start();
            assertThat(resilient.write(before).stored()).isEqualTo(10);

            proxy.cutOff();
            assertThatThrownBy(() -> resilient.write(during))
                    .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.isRetriable()).isTrue());
            assertThat(resilient.circuitBreaker().getState()).isEqualTo(State.OPEN);

            CircuitBreaker.Metrics metrics = resilient.circuitBreaker().getMetrics();
            long refusedBefore = metrics.getNumberOfNotPermittedCalls();
            int callsBefore = metrics.getNumberOfBufferedCalls();
            assertThatThrownBy(() -> resilient.write(during))
                    .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.isRetriable()).isTrue())
                    .hasMessageContaining("CircuitBreaker '" + sink.name() + "' is OPEN and does not permit further calls");
            // an open breaker fails fast: it refused the write without calling the sink (counted, not timed)
            assertThat(metrics.getNumberOfNotPermittedCalls()).as("writes the open breaker refused")
                    .isEqualTo(refusedBefore + 1);
            assertThat(metrics.getNumberOfBufferedCalls()).as("calls that reached the sink").isEqualTo(callsBefore);
            assertThat(resilient.health().detail()).contains("circuit breaker OPEN");

            proxy.restore();
            clock.advance(OPEN_WAIT.minusMillis(1));
            assertThatThrownBy(() -> resilient.write(during)).as("still open 1 ms before the wait is over")
                    .hasMessageContaining("is OPEN and does not permit further calls");
            clock.advance(Duration.ofMillis(2));
            assertThat(resilient.write(during).stored()).as("the trial call after the wait").isEqualTo(10);
            assertThat(resilient.circuitBreaker().getState()).isEqualTo(State.CLOSED);
            assertThat(count.get()).isEqualTo(20);
        }
    }
}
