package dev.quiver.resilience.suite.load;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.source.JdbcDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The orders of the demo shop a {@link QueryServer} serves, as the expected answers: generated here, in this JVM, by
 * the same generator with the same seed and size ({@link DemoShop#load}) into a private in-memory database, then
 * read with plain SQL (orders joined to their users). So every answer's status, total and user name can be checked,
 * not only its ids, against values that did not come through the server's query path.
 */
final class DemoOrders {
    private final OrderRow[] byId;

    private DemoOrders(OrderRow[] byId) {
        this.byId = byId;
    }

    /** Generates the demo data for {@code orders} orders and reads every order back. */
    static DemoOrders generate(long orders) throws SQLException {
        JdbcDatabase database = JdbcDatabase.embedded("expected-orders-" + UUID.randomUUID());
        try (Connection connection = database.connect()) {
            DemoShop.createTables(connection);
            DemoShop.load(connection, new DemoShop.Size(orders), DemoShop.SEED, done -> { });
            OrderRow[] byId = new OrderRow[Math.toIntExact(orders) + 1];
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT o.id, o.status, o.total, u.name FROM orders o"
                         + " JOIN users u ON u.id = o.user_id ORDER BY o.id")) {
                long expectedId = 1;
                while (rows.next()) {
                    long id = rows.getLong(1);
                    if (id != expectedId++) {
                        throw new IllegalStateException("the demo's order ids are not 1.." + orders + " without gaps: "
                                + id + " after " + (expectedId - 2));
                    }
                    byId[(int) id] = new OrderRow(Long.toString(id), rows.getString(2), rows.getBigDecimal(3),
                            rows.getString(4));
                }
                if (expectedId - 1 != orders) {
                    throw new IllegalStateException("the demo generated " + (expectedId - 1) + " orders with a user, not "
                            + orders);
                }
            }
            return new DemoOrders(byId);
        } finally {
            database.close();
        }
    }

    /** Orders there are (ids 1..count). */
    long count() {
        return byId.length - 1;
    }

    /** The order with this id (1..{@link #count()}). */
    OrderRow order(long id) {
        return byId[Math.toIntExact(id)];
    }
}
