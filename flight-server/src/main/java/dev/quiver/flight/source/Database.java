package dev.quiver.flight.source;

import java.sql.Connection;
import java.sql.SQLException;

/** Where rows come from: PostgreSQL or the embedded demo database. */
public interface Database extends AutoCloseable {
    /** A new connection; the caller closes it. */
    Connection connect() throws SQLException;

    /** A short name for logs and health, e.g. {@code postgres} or {@code embedded}. */
    String kind();

    @Override
    default void close() {
    }
}
