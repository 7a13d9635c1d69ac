package dev.quiver.flight.demo;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Test access to the package-private demo generator: writes the demo rows through {@link BatchInsertSink} (the
 * embedded path of {@link DemoShop#load}) in one transaction, without the keys, indexes and identity restarts
 * {@link DemoShop#load} adds after them, for sources whose DDL differs (EmbeddedEngineMeasure).
 */
public final class DemoRowsLoader {
    private DemoRowsLoader() {
    }

    /** The same rows through DuckDB's appender ({@link DuckDBAppenderSink}). */
    public static void appendRows(org.duckdb.DuckDBConnection connection, DemoShop.Size size, long seed) throws SQLException {
        try (DuckDBAppenderSink appender = new DuckDBAppenderSink(connection)) {
            new DemoRows(size, seed).writeTo(appender);
        }
    }

    public static void insertRows(Connection connection, DemoShop.Size size, long seed) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (BatchInsertSink inserts = new BatchInsertSink(connection)) {
            new DemoRows(size, seed).writeTo(inserts);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
