package dev.quiver.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A row counter with rows per second on standard error, and the server's row estimate ({@code of ~N}) when it gave
 * one: an estimate, so the count may end below or above it. On a terminal one line is redrawn at most five times a
 * second and erased at the end; elsewhere (a log file) a line is printed at most once a second. A final summary
 * line says how many rows came in how long.
 */
final class ProgressReporter {
    private static final long INTERACTIVE_INTERVAL_NANOS = 200_000_000L;
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintStream err;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final long estimatedRows;
    private final long startNanos;
    private long lastPrintNanos;
    private boolean lineShown;

    ProgressReporter(PrintStream err, boolean interactive, LongSupplier nanoClock, long estimatedRows) {
        this.err = err;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
        this.estimatedRows = estimatedRows;
        this.startNanos = nanoClock.getAsLong();
        this.lastPrintNanos = startNanos;
    }

    void update(long rows) {
        long now = nanoClock.getAsLong();
        if (now - lastPrintNanos < (interactive ? INTERACTIVE_INTERVAL_NANOS : LOG_INTERVAL_NANOS)) {
            return;
        }
        lastPrintNanos = now;
        String text = describe(rows, now);
        if (interactive) {
            err.print("\r\033[K" + text);
            lineShown = true;
        } else {
            err.print(text + "\n");
        }
        err.flush();
    }

    void finish(long rows) {
        long now = nanoClock.getAsLong();
        if (interactive && lineShown) {
            err.print("\r\033[K");
        }
        double seconds = Math.max(now - startNanos, 1) / 1e9;
        err.print(String.format(Locale.ROOT, "%,d rows in %.1f s (%,.0f rows/s)\n", rows, seconds, rows / seconds));
        err.flush();
    }

    private String describe(long rows, long now) {
        double seconds = Math.max(now - startNanos, 1) / 1e9;
        String of = estimatedRows >= 0 ? String.format(Locale.ROOT, " of ~%,d", estimatedRows) : "";
        return String.format(Locale.ROOT, "%,d%s rows  %,.0f rows/s", rows, of, rows / seconds);
    }
}
