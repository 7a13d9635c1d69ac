package dev.quiver.resilience.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.testsupport.PostgresSettings;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PostgreSQL through the JDBC driver: a uniquely named table, batch insert, aggregate read, drop. */
@Timeout(60)
class PostgresIT {
    private static final Services SERVICES = Services.fromEnvironment();

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.POSTGRES);
    }

    private static Connection connect() throws SQLException {
        PostgresSettings pg = SERVICES.postgres();
        DriverManager.setLoginTimeout(10);
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    @Test
    void insertedRowsAreCountedAndSummed() throws SQLException {
        String table = "itest_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id integer PRIMARY KEY, amount numeric(12, 2) NOT NULL)");
            try {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + table + " (id, amount) VALUES (?, ?)")) {
                    for (int i = 1; i <= 250; i++) {
                        insert.setInt(1, i);
                        insert.setBigDecimal(2, new java.math.BigDecimal(i).movePointLeft(1)); // 0.1, 0.2, …
                        insert.addBatch();
                    }
                    assertThat(insert.executeBatch()).hasSize(250).containsOnly(1);
                }

                try (ResultSet rs = statement.executeQuery("SELECT count(*), sum(amount), max(id) FROM " + table)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(250);
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("3137.50"); // 0.1 * (250 * 251 / 2)
                    assertThat(rs.getInt(3)).isEqualTo(250);
                }
            } finally {
                statement.execute("DROP TABLE " + table);
            }
        }
    }
}
