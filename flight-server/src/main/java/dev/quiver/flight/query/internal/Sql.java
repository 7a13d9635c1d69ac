package dev.quiver.flight.query.internal;

/** SQL text helpers shared by the compilers. Identifiers are validated by the catalog before they get here. */
public final class Sql {
    private Sql() {
    }

    public static String quote(String identifier) {
        return '"' + identifier + '"';
    }
}
