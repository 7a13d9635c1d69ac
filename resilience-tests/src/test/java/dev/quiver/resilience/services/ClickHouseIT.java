package dev.quiver.resilience.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** clickhouse-java client-v2 against the real server (18.16 here): MergeTree DDL, JSONEachRow insert, TSV read. */
@Timeout(120)
class ClickHouseIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final int ROWS = 1000;

    private final String table = "itest_" + UUID.randomUUID().toString().replace("-", "");
    private ClickHouseTestClient clickhouse;

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.CLICKHOUSE);
    }

    @BeforeEach
    void createTable() throws Exception {
        clickhouse = new ClickHouseTestClient(SERVICES.clickhouse());
        clickhouse.execute("CREATE TABLE " + table
                + " (id UInt32, amount Int64, label String) ENGINE = MergeTree ORDER BY id");
    }

    @AfterEach
    void dropTable() throws Exception {
        try {
            clickhouse.execute("DROP TABLE IF EXISTS " + table);
        } finally {
            clickhouse.close();
        }
    }

    @Test
    void thousandRowsInsertedAsJsonEachRowAreCountedAndSummed() throws Exception {
        List<String> rows = IntStream.range(0, ROWS)
                .mapToObj(i -> "{\"id\":" + i + ",\"amount\":" + (i * 3L - 500) + ",\"label\":\"row\\t" + i + "\"}")
                .toList();

        clickhouse.insertJsonRows(table, rows);

        assertThat(clickhouse.scalar("SELECT count() FROM " + table)).isEqualTo("1000");
        long expectedSum = IntStream.range(0, ROWS).mapToLong(i -> i * 3L - 500).sum();
        assertThat(clickhouse.scalar("SELECT sum(amount) FROM " + table)).isEqualTo(Long.toString(expectedSum));
        assertThat(clickhouse.query("SELECT id, amount, label FROM " + table + " WHERE id IN (0, 999) ORDER BY id"))
                .containsExactly(List.of("0", "-500", "row\t0"), List.of("999", "2497", "row\t999"));
    }
}
