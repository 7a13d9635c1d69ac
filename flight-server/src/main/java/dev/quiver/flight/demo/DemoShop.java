package dev.quiver.flight.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;

/**
 * The demo "shop": its SDL, its tables, and a seeded generator of realistic rows at any size. The same seed
 * and size give the same rows on PostgreSQL and on the embedded database.
 */
public final class DemoShop {
    /** The seed the server generates the demo with, so every database gets the same rows. */
    public static final long SEED = 42L;

    private DemoShop() {
    }

    public static String sdl() {
        return resource("shop.graphql");
    }

    /** Sizes derived from the number of orders (each order has 1 to 3 items). */
    public record Size(long orders) {
        public Size {
            if (orders < 0) {
                throw new IllegalArgumentException("the demo needs 0 or more orders, got " + orders);
            }
        }

        public long users() {
            return Math.max(10, orders / 10);
        }

        public long products() {
            return Math.max(10, Math.min(10_000, orders / 100));
        }
    }

    /** Creates the demo tables where absent; {@link #load} adds their keys and indexes after the rows. */
    public static void createTables(Connection connection) throws SQLException {
        try {
            execute(connection, "shop.sql");
        } catch (SQLException e) {
            throw new SQLException("cannot create the demo tables (" + e.getMessage() + "); when the JDBC URL names a"
                    + " schema with ?currentSchema=NAME, create it first (CREATE SCHEMA NAME)", e.getSQLState(), e);
        }
    }

    /** Creates the demo tables' keys and indexes where absent. */
    public static void createIndexes(Connection connection) throws SQLException {
        execute(connection, "shop-indexes.sql");
    }

    private static void execute(Connection connection, String script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : resource(script).split(";")) {
                String sql = ddl.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
                if (!sql.isEmpty()) {
                    statement.execute(sql);
                }
            }
        }
    }

    /** The number of rows already in the demo tables (0 when they are all empty). */
    public static long existingRows(Connection connection) throws SQLException {
        long rows = 0;
        try (Statement statement = connection.createStatement()) {
            for (DemoTable table : DemoTable.values()) {
                try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table.table())) {
                    count.next();
                    rows += count.getLong(1);
                }
            }
        }
        return rows;
    }

    /**
     * Writes the demo rows for {@code size} with {@code seed} in one transaction, on PostgreSQL with COPY, elsewhere
     * with batched INSERTs, then creates the keys and indexes ({@link #createIndexes}). {@code progress} hears the
     * orders written so far, every 100,000 and at the end.
     */
    public static void load(Connection connection, Size size, long seed, LongConsumer progress) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            DemoRows rows = new DemoRows(size, seed);
            if (connection.isWrapperFor(PGConnection.class)) {
                rows.writeTo(reporting(new PostgresCopySink(connection), progress));
            } else {
                try (BatchInsertSink inserts = new BatchInsertSink(connection)) {
                    rows.writeTo(reporting(inserts, progress));
                }
            }
            createIndexes(connection);
            restartKeys(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Restarts each table's identity after its highest seeded id, so inserts that omit the key get fresh ones. */
    private static void restartKeys(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : new String[] {"users", "products", "orders", "order_items"}) {
                long next;
                try (java.sql.ResultSet max = statement.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table)) {
                    max.next();
                    next = max.getLong(1);
                }
                statement.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + next);
            }
        }
    }

    private static DemoRowSink reporting(DemoRowSink sink, LongConsumer progress) {
        return new DemoRowSink() {
            @Override
            public void row(DemoTable table, Object... values) throws SQLException {
                sink.row(table, values);
            }

            @Override
            public void ordersWritten(long orders) throws SQLException {
                sink.ordersWritten(orders);
                if (orders > 0) {
                    progress.accept(orders);
                }
            }

            @Override
            public void finish() throws SQLException {
                sink.finish();
            }
        };
    }

    private static String resource(String name) {
        try (InputStream in = DemoShop.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
