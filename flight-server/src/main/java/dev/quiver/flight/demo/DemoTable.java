package dev.quiver.flight.demo;

import java.sql.Types;
import java.util.List;

/** The demo shop's tables as the generator fills them: name and columns in insert order with their JDBC types. */
enum DemoTable {
    USERS("users", List.of(
            new Column("id", Types.BIGINT), new Column("name", Types.VARCHAR), new Column("email", Types.VARCHAR),
            new Column("country", Types.VARCHAR), new Column("created_at", Types.TIMESTAMP_WITH_TIMEZONE),
            new Column("vip", Types.BOOLEAN), new Column("birth_date", Types.DATE), new Column("referred_by", Types.BIGINT))),
    PRODUCTS("products", List.of(
            new Column("id", Types.BIGINT), new Column("name", Types.VARCHAR), new Column("category", Types.VARCHAR),
            new Column("price", Types.NUMERIC), new Column("stock", Types.INTEGER), new Column("rating", Types.DOUBLE),
            new Column("barcode", Types.BIGINT), new Column("attributes", Types.VARCHAR))),
    ORDERS("orders", List.of(
            new Column("id", Types.BIGINT), new Column("user_id", Types.BIGINT), new Column("status", Types.VARCHAR),
            new Column("total", Types.NUMERIC), new Column("item_count", Types.INTEGER),
            new Column("created_at", Types.TIMESTAMP_WITH_TIMEZONE))),
    ORDER_ITEMS("order_items", List.of(
            new Column("id", Types.BIGINT), new Column("order_id", Types.BIGINT), new Column("product_id", Types.BIGINT),
            new Column("quantity", Types.INTEGER), new Column("unit_price", Types.NUMERIC)));

    /** A column and its {@link Types} code, used to bind NULL. */
    record Column(String name, int sqlType) {
    }

    private final String table;
    private final List<Column> columns;

    DemoTable(String table, List<Column> columns) {
        this.table = table;
        this.columns = columns;
    }

    String table() {
        return table;
    }

    List<Column> columns() {
        return columns;
    }

    String columnList() {
        return String.join(", ", columns.stream().map(Column::name).toList());
    }
}
