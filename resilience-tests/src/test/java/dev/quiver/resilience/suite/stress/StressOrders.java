package dev.quiver.resilience.suite.stress;

import dev.quiver.testsupport.PostgresSettings;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The demo shop's tables in a schema of their own on the shared PostgreSQL ({@code stress_<random>}), with
 * {@code orders} filled by {@code generate_series} (ids 1..N, no gaps) and grown in place, so a 1M-row scenario
 * followed by a 10M-row one seeds 10M rows in all, not 11M. {@code orders} is UNLOGGED (no WAL: the rows are
 * throw-away and seeding is the slow part). {@link #close()} drops the schema.
 */
final class StressOrders implements AutoCloseable {
    private static final String SHOP_SQL = "/dev/quiver/flight/demo/shop.sql";
    /** Concurrent INSERT sessions while seeding: one per core of the machine the suite is sized for. */
    private static final int SEEDING_SESSIONS = 2;

    /** The statuses the seeding cycles through; {@link OrderChecksums} codes a status as its position here (1..5). */
    static final List<String> STATUSES = List.of("pending", "paid", "shipped", "delivered", "cancelled");

    private final PostgresSettings postgres;
    private final String schema = "stress_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private long rows;

    private StressOrders(PostgresSettings postgres) {
        this.postgres = postgres;
    }

    /** Creates the schema and the shop's (empty) tables. */
    static StressOrders create(PostgresSettings postgres) throws SQLException, IOException {
        StressOrders orders = new StressOrders(postgres);
        String ddl;
        try (InputStream in = StressOrders.class.getResourceAsStream(SHOP_SQL)) {
            if (in == null) {
                throw new IllegalStateException(SHOP_SQL + " is not on the test classpath (it ships in the flight-server jar)");
            }
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = orders.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + orders.schema);
            statement.execute("SET search_path TO " + orders.schema);
            statement.execute(ddl);
            statement.execute("ALTER TABLE orders SET UNLOGGED");
        } catch (SQLException e) {
            try {
                orders.close();
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return orders;
    }

    /** For the flight-server's {@code --jdbc-url}: this database with {@code currentSchema} set to the schema. */
    String jdbcUrl() {
        return postgres.jdbcUrl() + "?currentSchema=" + schema;
    }

    String schema() {
        return schema;
    }

    long rows() {
        return rows;
    }

    /**
     * Adds orders {@code rows()+1 .. total} in {@link #SEEDING_SESSIONS} sessions at once (each a slice of the ids;
     * PostgreSQL runs one INSERT on one core); returns how long it took (zero when the table is big enough).
     */
    Duration growTo(long total) throws SQLException, InterruptedException {
        if (total <= rows) {
            return Duration.ZERO;
        }
        long started = System.nanoTime();
        long from = rows + 1;
        long slice = (total - rows + SEEDING_SESSIONS - 1) / SEEDING_SESSIONS;
        ExecutorService sessions = Executors.newFixedThreadPool(SEEDING_SESSIONS);
        try {
            List<Future<Void>> inserts = new ArrayList<>();
            for (long first = from; first <= total; first += slice) {
                long last = Math.min(total, first + slice - 1);
                long firstId = first;
                inserts.add(sessions.submit(() -> {
                    insert(firstId, last);
                    return null;
                }));
            }
            for (Future<Void> insert : inserts) {
                try {
                    insert.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SQLException sql) {
                        throw sql;
                    }
                    throw new IllegalStateException("seeding " + schema + ".orders failed", e.getCause());
                }
            }
        } finally {
            sessions.shutdownNow();
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + schema + ".orders");
        }
        rows = total;
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void insert(long firstId, long lastId) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + schema + ".orders (id, user_id, status, total, item_count, created_at)"
                    + " SELECT g, 1 + g % 100000, (" + statusArray() + ")[1 + g % 5],"
                    + " (g % 100000) / 100.0, 1 + (g % 7)::int,"
                    + " timestamptz '2024-01-01 00:00:00+00' + (g % 31536000) * interval '1 second'"
                    + " FROM generate_series(" + firstId + "::bigint, " + lastId + "::bigint) AS g");
        }
    }

    /**
     * The table's {@link OrderChecksums.Checksum}, computed by PostgreSQL itself: each column's sum of
     * {@code id × value} exactly in {@code numeric}, then modulo 2^64.
     */
    OrderChecksums.Checksum checksum() throws SQLException {
        String weighted = "mod(coalesce(sum(id::numeric * (%s)), 0), 18446744073709551616)";
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*), mod(coalesce(sum(id), 0), 18446744073709551616), "
                     + String.join(", ", weighted.formatted("user_id"),
                             weighted.formatted("array_position(" + statusArray() + ", status::text)"),
                             weighted.formatted("total * 100"),
                             weighted.formatted("item_count"),
                             weighted.formatted("extract(epoch FROM created_at) * 1000000"))
                     + " FROM " + schema + ".orders")) {
            result.next();
            return new OrderChecksums.Checksum(result.getLong(1), integer(result, 2), integer(result, 3),
                    integer(result, 4), integer(result, 5), integer(result, 6), integer(result, 7));
        }
    }

    /** A numeric result column that must be a whole number (every weighted value is). */
    private static BigInteger integer(ResultSet result, int column) throws SQLException {
        return result.getBigDecimal(column).toBigIntegerExact();
    }

    private static String statusArray() {
        return "ARRAY[" + String.join(",", STATUSES.stream().map(status -> "'" + status + "'").toList()) + "]::text[]";
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }
}
