package dev.quiver.flight.demo;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The seeded generator of the demo rows: the same seed and size give the same rows, whichever database they go
 * to. Columns added after the first version draw from a second random stream so the original columns keep their
 * values.
 */
final class DemoRows {
    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Ken", "Dennis", "Margaret",
            "Linus", "Guido", "Frances", "John", "Radia", "Tim", "Sophie", "Niklaus", "Donald", "Leslie", "Shafi", "Yukihiro"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Thompson", "Ritchie",
            "Hamilton", "Torvalds", "van Rossum", "Allen", "McCarthy", "Perlman", "Berners-Lee", "Wilson", "Wirth", "Knuth",
            "Lamport", "Goldwasser", "Matsumoto"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "JP", "BR", "IN", "NL", "SE", "ES", null};
    private static final String[] CATEGORIES = {"books", "games", "garden", "kitchen", "music", "office", "sports", "toys"};
    private static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "cancelled"};
    private static final String[] COLORS = {"red", "green", "blue", "black", "white", "yellow"};
    private static final OffsetDateTime START = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final LocalDate OLDEST_BIRTH_DATE = LocalDate.of(1950, 1, 1);
    private static final long PROGRESS_EVERY = 100_000;

    private final DemoShop.Size size;
    private final SplittableRandom random;
    private final SplittableRandom extra;

    DemoRows(DemoShop.Size size, long seed) {
        this.size = size;
        this.random = new SplittableRandom(seed);
        this.extra = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    void writeTo(DemoRowSink sink) throws SQLException {
        users(sink);
        BigDecimal[] prices = products(sink);
        sink.ordersWritten(0);
        orders(sink, prices);
        sink.finish();
    }

    private void users(DemoRowSink sink) throws SQLException {
        for (long id = 1; id <= size.users(); id++) {
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            String email = (first + "." + last).toLowerCase(Locale.ROOT).replace(' ', '-') + id + "@example.com";
            String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
            OffsetDateTime created = START.plusSeconds(random.nextLong(86_400L * 365));
            boolean vip = extra.nextInt(10) == 0;
            LocalDate birthDate = extra.nextInt(4) == 0 ? null : OLDEST_BIRTH_DATE.plusDays(extra.nextInt(365 * 55));
            Long referredBy = id > 1 && extra.nextInt(10) < 3 ? 1 + extra.nextLong(id - 1) : null;
            sink.row(DemoTable.USERS, id, first + " " + last, email, country, created, vip, birthDate, referredBy);
        }
    }

    private BigDecimal[] products(DemoRowSink sink) throws SQLException {
        BigDecimal[] prices = new BigDecimal[(int) size.products() + 1];
        for (int id = 1; id <= size.products(); id++) {
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            prices[id] = BigDecimal.valueOf(99 + random.nextInt(99_900), 2);
            int stock = random.nextInt(1_000);
            Double rating = extra.nextInt(5) == 0 ? null : 1 + extra.nextInt(4_001) / 1000.0;
            long barcode = 4_000_000_000_000L + extra.nextLong(1_000_000_000_000L);
            String attributes = extra.nextInt(3) == 0 ? null : "{\"color\":\"" + COLORS[extra.nextInt(COLORS.length)]
                    + "\",\"weight_g\":" + (50 + extra.nextInt(5_000)) + "}";
            sink.row(DemoTable.PRODUCTS, (long) id, category + " item " + id, category, prices[id], stock, rating, barcode,
                    attributes);
        }
        return prices;
    }

    private void orders(DemoRowSink sink, BigDecimal[] prices) throws SQLException {
        long itemId = 0;
        for (long id = 1; id <= size.orders(); id++) {
            int items = 1 + random.nextInt(3);
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < items; i++) {
                int product = 1 + random.nextInt(prices.length - 1);
                int quantity = 1 + random.nextInt(4);
                sink.row(DemoTable.ORDER_ITEMS, ++itemId, id, (long) product, quantity, prices[product]);
                total = total.add(prices[product].multiply(BigDecimal.valueOf(quantity)));
            }
            long user = 1 + random.nextLong(size.users());
            String status = STATUSES[random.nextInt(STATUSES.length)];
            OffsetDateTime created = START.plusSeconds(random.nextLong(86_400L * 365));
            sink.row(DemoTable.ORDERS, id, user, status, total, items, created);
            if (id % PROGRESS_EVERY == 0 || id == size.orders()) {
                sink.ordersWritten(id);
            }
        }
    }
}
