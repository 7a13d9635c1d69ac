package dev.quiver.flight.demo;

import java.sql.SQLException;

/** Where {@link DemoRows} puts what it generates: one call per row, values in {@link DemoTable#columns()} order. */
interface DemoRowSink {
    void row(DemoTable table, Object... values) throws SQLException;

    /** Called after all users and products, and then after every order with its items, with the orders so far. */
    default void ordersWritten(long orders) throws SQLException {
    }

    /** Called once after the last row; writes anything still buffered. */
    void finish() throws SQLException;
}
