package dev.quiver.flight.compile;

/** SQL text helpers shared by the compilers. Identifiers are validated by the catalog before they get here. */
final class Sql {
    private Sql() {
    }

    static String quote(String identifier) {
        return '"' + identifier + '"';
    }
}
