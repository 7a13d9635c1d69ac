package dev.quiver.flight.query;

import dev.quiver.flight.source.Database;
import dev.quiver.flight.source.LinearLike;

/**
 * Where the SQL a query compiles to differs by source. Only {@code like} does: PostgreSQL's {@code LIKE} is
 * polynomial, the embedded H2's backtracks exponentially on {@code %} (security review H6), so there it becomes the
 * linear {@link LinearLike} function, with the same answers.
 */
public enum SqlDialect {
    /** PostgreSQL, and any source whose {@code LIKE} is safe. */
    STANDARD,
    /** The embedded H2 database, with {@link LinearLike} registered as {@value LinearLike#FUNCTION}. */
    EMBEDDED;

    /** The dialect of {@code database}'s SQL. */
    public static SqlDialect of(Database database) {
        return database.kind().equals("embedded") ? EMBEDDED : STANDARD;
    }

    /** The condition {@code column LIKE placeholder} in this dialect. */
    public String like(String column, String placeholder) {
        return this == EMBEDDED ? LinearLike.FUNCTION + "(" + column + ", " + placeholder + ")"
                : column + " LIKE " + placeholder;
    }
}
