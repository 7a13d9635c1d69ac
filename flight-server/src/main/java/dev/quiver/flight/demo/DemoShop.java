package dev.quiver.flight.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * The demo "shop": its SDL, its tables, and a seeded generator of realistic rows at any size. The same seed
 * and size give the same rows on PostgreSQL and on the embedded database.
 */
public final class DemoShop {
    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Ken", "Dennis", "Margaret",
            "Linus", "Guido", "Frances", "John", "Radia", "Tim", "Sophie", "Niklaus", "Donald", "Leslie", "Shafi", "Yukihiro"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Thompson", "Ritchie",
            "Hamilton", "Torvalds", "van Rossum", "Allen", "McCarthy", "Perlman", "Berners-Lee", "Wilson", "Wirth", "Knuth",
            "Lamport", "Goldwasser", "Matsumoto"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "JP", "BR", "IN", "NL", "SE", "ES", null};
    private static final String[] CATEGORIES = {"books", "games", "garden", "kitchen", "music", "office", "sports", "toys"};
    private static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "cancelled"};
    private static final OffsetDateTime START = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final int INSERT_BATCH = 5_000;

    private DemoShop() {
    }

    public static String sdl() {
        return resource("shop.graphql");
    }

    /** Sizes derived from the number of orders. */
    public record Size(long orders) {
        public long users() {
            return Math.max(10, orders / 10);
        }

        public long products() {
            return Math.max(10, Math.min(10_000, orders / 100));
        }
    }

    public static void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : resource("shop.sql").split(";")) {
                String sql = ddl.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
                if (!sql.isEmpty()) {
                    statement.execute(sql);
                }
            }
        }
    }

    /** Inserts the demo rows for {@code size} with {@code seed}; {@code progress} hears the orders written so far. */
    public static void load(Connection connection, Size size, long seed, LongConsumer progress) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            SplittableRandom random = new SplittableRandom(seed);
            insertUsers(connection, size, random);
            BigDecimal[] prices = insertProducts(connection, size, random);
            insertOrders(connection, size, random, prices, progress);
            restartKeys(connection);
            connection.commit();
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

    private static void insertUsers(Connection connection, Size size, SplittableRandom random) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO users (id, name, email, country, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (long id = 1; id <= size.users(); id++) {
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                insert.setLong(1, id);
                insert.setString(2, first + " " + last);
                insert.setString(3, (first + "." + last).toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + id + "@example.com");
                insert.setString(4, COUNTRIES[random.nextInt(COUNTRIES.length)]);
                insert.setObject(5, START.plusSeconds(random.nextLong(86_400L * 365)));
                addBatch(insert, id);
            }
            insert.executeBatch();
        }
    }

    private static BigDecimal[] insertProducts(Connection connection, Size size, SplittableRandom random) throws SQLException {
        BigDecimal[] prices = new BigDecimal[(int) size.products() + 1];
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO products (id, name, category, price, stock) VALUES (?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= size.products(); id++) {
                String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
                prices[id] = BigDecimal.valueOf(99 + random.nextInt(99_900), 2);
                insert.setLong(1, id);
                insert.setString(2, category + " item " + id);
                insert.setString(3, category);
                insert.setBigDecimal(4, prices[id]);
                insert.setInt(5, random.nextInt(1_000));
                addBatch(insert, id);
            }
            insert.executeBatch();
        }
        return prices;
    }

    private static void insertOrders(Connection connection, Size size, SplittableRandom random, BigDecimal[] prices,
                                     LongConsumer progress) throws SQLException {
        long itemId = 0;
        try (PreparedStatement order = connection.prepareStatement(
                "INSERT INTO orders (id, user_id, status, total, item_count, created_at) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement item = connection.prepareStatement(
                     "INSERT INTO order_items (id, order_id, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)")) {
            for (long id = 1; id <= size.orders(); id++) {
                int items = 1 + random.nextInt(3);
                BigDecimal total = BigDecimal.ZERO;
                for (int i = 0; i < items; i++) {
                    int product = 1 + random.nextInt(prices.length - 1);
                    int quantity = 1 + random.nextInt(4);
                    item.setLong(1, ++itemId);
                    item.setLong(2, id);
                    item.setLong(3, product);
                    item.setInt(4, quantity);
                    item.setBigDecimal(5, prices[product]);
                    addBatch(item, itemId);
                    total = total.add(prices[product].multiply(BigDecimal.valueOf(quantity)));
                }
                order.setLong(1, id);
                order.setLong(2, 1 + random.nextLong(size.users()));
                order.setString(3, STATUSES[random.nextInt(STATUSES.length)]);
                order.setBigDecimal(4, total);
                order.setInt(5, items);
                order.setObject(6, START.plusSeconds(random.nextLong(86_400L * 365)));
                addBatch(order, id);
                if (id % 100_000 == 0 && id < size.orders()) {
                    progress.accept(id);
                }
            }
            order.executeBatch();
            item.executeBatch();
        }
        progress.accept(size.orders());
    }

    private static void addBatch(PreparedStatement statement, long count) throws SQLException {
        statement.addBatch();
        if (count % INSERT_BATCH == 0) {
            statement.executeBatch();
        }
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
