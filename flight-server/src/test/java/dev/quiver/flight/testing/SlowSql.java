package dev.quiver.flight.testing;

/** An H2 function ({@code CREATE ALIAS}) that takes a millisecond per row, so a view over many rows runs for long. */
public final class SlowSql {
    private SlowSql() {
    }

    public static String note(long id) throws InterruptedException {
        Thread.sleep(1);
        return "row " + id;
    }
}
