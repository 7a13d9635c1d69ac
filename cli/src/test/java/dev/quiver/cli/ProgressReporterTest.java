package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    @Test
    void onATerminalOneLineIsRedrawnAtMostFiveTimesASecondThenErased() {
        ProgressReporter progress = new ProgressReporter(err, true, now::get, -1);
        now.set(100_000_000L);
        progress.update(1_000);           // too soon: nothing
        now.set(250_000_000L);
        progress.update(25_000);
        now.set(2_000_000_000L);
        progress.update(1_000_000);
        progress.finish(1_234_567);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\r\033[K25,000 rows  100,000 rows/s"
                + "\r\033[K1,000,000 rows  500,000 rows/s"
                + "\r\033[K1,234,567 rows in 2.0 s (617,284 rows/s)\n");
    }

    @Test
    void offATerminalItPrintsALineAtMostEverySecond() {
        ProgressReporter progress = new ProgressReporter(err, false, now::get, 5_000);
        now.set(500_000_000L);
        progress.update(100);
        now.set(1_000_000_000L);
        progress.update(2_000);
        progress.finish(5_000);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("2,000 of ~5,000 rows  2,000 rows/s\n5,000 rows in 1.0 s (5,000 rows/s)\n");
    }
}
