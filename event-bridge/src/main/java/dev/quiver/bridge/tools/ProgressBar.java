package dev.quiver.bridge.tools;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on a terminal stream, redrawn at most every 200 ms. */
final class ProgressBar {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintWriter out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(done, now);
        }
    }

    void finish(long done) {
        draw(done, System.nanoTime());
        out.println();
    }

    private void draw(long done, long now) {
        double fraction = total == 0 ? 1 : (double) done / total;
        int width = 30;
        int filled = (int) Math.round(fraction * width);
        double seconds = (now - started) / 1e9;
        out.printf(Locale.ROOT, "\r%s [%s%s] %,d/%,d %3.0f%% %,.0f/s %.1fs", label, "#".repeat(filled),
                " ".repeat(width - filled), done, total, fraction * 100, seconds > 0 ? done / seconds : 0.0, seconds);
        out.flush();
    }
}
