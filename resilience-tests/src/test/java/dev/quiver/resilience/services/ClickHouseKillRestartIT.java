package dev.quiver.resilience.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.testsupport.ProbeResult;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGKILL ClickHouse through {@code scripts/services.sh kill}, restart it, and find the rows written before
 * the crash. ClickHouse is restarted even when an assertion fails, so later tests find it up.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class ClickHouseKillRestartIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.CLICKHOUSE);
    }

    @Test
    void rowsWrittenBeforeAKillSurviveTheRestart() throws Exception {
        String table = "itest_" + UUID.randomUUID().toString().replace("-", "");
        List<String> rows = IntStream.range(0, 500).mapToObj(i -> "{\"id\":" + i + ",\"amount\":" + i + "}").toList();
        try {
            try (ClickHouseTestClient clickhouse = new ClickHouseTestClient(SERVICES.clickhouse())) {
                clickhouse.execute("CREATE TABLE " + table + " (id UInt32, amount Int64) ENGINE = MergeTree ORDER BY id");
                clickhouse.insertJsonRows(table, rows);
                assertThat(clickhouse.scalar("SELECT count() FROM " + table)).isEqualTo("500");
            }

            SERVICES.kill(ServiceName.CLICKHOUSE);
            ProbeResult afterKill = awaitDown(Duration.ofSeconds(10));
            assertThat(afterKill.ready()).as("ClickHouse probe after kill: %s", afterKill.observed()).isFalse();

            SERVICES.restart(ServiceName.CLICKHOUSE);
            SERVICES.awaitReady(ServiceName.CLICKHOUSE, READY_TIMEOUT);

            // a new client: the old one's pooled connections died with the server
            try (ClickHouseTestClient clickhouse = new ClickHouseTestClient(SERVICES.clickhouse())) {
                assertThat(clickhouse.scalar("SELECT count() FROM " + table)).isEqualTo("500");
                assertThat(clickhouse.scalar("SELECT sum(amount) FROM " + table)).isEqualTo("124750");
            }
        } finally {
            restoreAndDrop(table);
        }
    }

    /** The kill is asynchronous to the socket closing; poll briefly until the probe sees the server gone. */
    private static ProbeResult awaitDown(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ProbeResult result = SERVICES.probe(ServiceName.CLICKHOUSE);
        while (result.ready() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            result = SERVICES.probe(ServiceName.CLICKHOUSE);
        }
        return result;
    }

    private static void restoreAndDrop(String table) throws Exception {
        if (!SERVICES.isReady(ServiceName.CLICKHOUSE)) {
            SERVICES.restart(ServiceName.CLICKHOUSE);
            SERVICES.awaitReady(ServiceName.CLICKHOUSE, READY_TIMEOUT);
        }
        try (ClickHouseTestClient clickhouse = new ClickHouseTestClient(SERVICES.clickhouse())) {
            clickhouse.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
