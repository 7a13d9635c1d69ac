package dev.quiver.flight.transport.http;

import dev.quiver.flight.admission.Admission;
import dev.quiver.flight.admission.RunningQueries;
import dev.quiver.flight.admission.StreamSlots;
import dev.quiver.flight.auth.Authenticator;
import dev.quiver.flight.history.EventHistory;
import dev.quiver.flight.history.HistoryConfig;
import dev.quiver.flight.request.PlanRunner;
import dev.quiver.flight.request.RequestPlanner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.query.QueryExecutor;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.source.Database;
import dev.quiver.flight.subscription.SubscriptionConfig;
import dev.quiver.flight.subscription.SubscriptionService;
import io.micrometer.core.instrument.MockClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP endpoint over a source that refuses connections: health says so with 503, queries get a generic 500;
 * neither repeats the database's message.
 */
class SourceDownHttpTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final QuiverMetrics metrics = new QuiverMetrics(new MockClock());
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final RunningQueries queries = RunningQueries.withTimeout(Duration.ofMinutes(1));
    private final StreamSlots slots = new StreamSlots(Integer.MAX_VALUE);
    private final SubscriptionService subscriptions = SubscriptionService.start(SubscriptionConfig.disabled(), allocator,
            () -> {
                throw new AssertionError("no feed with subscriptions off");
            }, () -> {
                throw new AssertionError("no scheduler with subscriptions off");
            });
    private QuiverHttpServer server;
    private HttpTestClient http;

    @BeforeEach
    void start() throws Exception {
        Catalog catalog = new CatalogLoader().load(DemoShop.sdl());
        Database down = new Database() {
            @Override
            public Connection connect() throws SQLException {
                throw new SQLException("Connection to 127.0.0.1:5 refused");
            }

            @Override
            public String kind() {
                return "postgres";
            }
        };
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        server = QuiverHttpServer.start(HttpSettings.of("127.0.0.1", 0, QueryLimits.DEFAULTS),
                new RequestPlanner(catalog, QueryLimits.DEFAULTS),
                new PlanRunner(new QueryExecutor(down, allocator, 100), new EventHistory(HistoryConfig.disabled(),
                        allocator, 100), null, dev.quiver.flight.auth.Permissions.ALL), // queries only: mutations would need the source at start
                new Admission(slots, queries), slots, subscriptions, new ServerHealth(down, catalog, clock), metrics,
                Authenticator.disabled());
        http = new HttpTestClient(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        subscriptions.close();
        queries.close();
        metrics.close();
        allocator.close();
    }

    @Test
    void healthIs503NamingTheProblem() {
        now.set(now.get().plus(Duration.ofMillis(90_500)));
        HttpTestClient.Response response = http.get("/health");
        assertThat(response.status()).isEqualTo(503);
        JsonNode health = response.json();
        assertThat(health.path("status").asText()).isEqualTo("unavailable");
        assertThat(health.path("source").asText()).isEqualTo("postgres");
        assertThat(health.path("uptimeSeconds").doubleValue()).isEqualTo(90.5);
        assertThat(health.path("problem").asText()).contains("postgres source refused a connection")
                .doesNotContain("127.0.0.1:5"); // the database's own words go to the server's log only
    }

    @Test
    void aQueryIsA500WithAGenericMessageAndAReference() {
        HttpTestClient.Response response = http.postGraphQL("{\"query\": \"{ users { id } }\"}");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.errorCode()).isEqualTo("INTERNAL");
        assertThat(response.errorMessage()).contains("the server failed to answer this request (ref ")
                .doesNotContain("refused", "SQLException");
        assertThat(metrics.registry().get(QuiverMetrics.REQUESTS).tag("transport", "http").tag("outcome", "error")
                .counter().count()).isEqualTo(1);
    }
}
