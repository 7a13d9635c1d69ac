package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.source.Database;
import dev.quiver.flight.source.JdbcDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * M5 of the security review: a flood of {@code /health} requests must not become a flood of database connections,
 * and a failing source's own words (host, port, user) never reach the answer.
 */
class ServerHealthTest {
    private static final Catalog CATALOG = new CatalogLoader().load(DemoShop.sdl());

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    private final JdbcDatabase embedded = JdbcDatabase.embedded("health-" + UUID.randomUUID());
    private final AtomicInteger connections = new AtomicInteger();

    @AfterEach
    void close() {
        embedded.close();
    }

    @Test
    void checksWithinASecondShareOneConnection() {
        ServerHealth health = new ServerHealth(counting(embedded), CATALOG, clock);

        for (int i = 0; i < 100; i++) {
            assertThat(health.check().healthy()).isTrue();
            now.set(now.get().plusMillis(5)); // 100 checks in half a second
        }
        assertThat(connections).hasValue(1);

        now.set(now.get().plus(Duration.ofSeconds(1)));
        assertThat(health.check().healthy()).isTrue();
        assertThat(connections).hasValue(2);
    }

    @Test
    void theUptimeIsMeasuredAtEachCheckEvenWhenTheSourceCheckIsCached() {
        ServerHealth health = new ServerHealth(counting(embedded), CATALOG, clock);
        health.check();
        now.set(now.get().plusMillis(500));

        assertThat(health.check().uptime()).isEqualTo(Duration.ofMillis(500));
        assertThat(connections).hasValue(1);
    }

    @Test
    void aRefusedConnectionIsReportedWithoutTheDatabasesMessage() {
        Database down = new Database() {
            @Override
            public Connection connect() throws SQLException {
                connections.incrementAndGet();
                throw new SQLException("FATAL: password authentication failed for user \"quiver\" at 10.0.0.7:5432");
            }

            @Override
            public String kind() {
                return "postgres";
            }
        };
        ServerHealth health = new ServerHealth(down, CATALOG, clock);

        ServerHealth.Report report = health.check();
        assertThat(report.healthy()).isFalse();
        assertThat(report.problem()).contains("postgres source refused a connection")
                .doesNotContain("password", "quiver", "10.0.0.7", "5432", "FATAL");
        health.check();
        assertThat(connections).as("a failing source is not asked again within the second").hasValue(1);
    }

    private Database counting(Database database) {
        return new Database() {
            @Override
            public Connection connect() throws SQLException {
                connections.incrementAndGet();
                return database.connect();
            }

            @Override
            public String kind() {
                return database.kind();
            }
        };
    }
}
