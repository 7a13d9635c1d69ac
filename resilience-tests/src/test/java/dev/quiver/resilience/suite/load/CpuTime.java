package dev.quiver.resilience.suite.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used so far (user + system) by the test JVM (the load clients) and by a child process, so a scenario
 * can report how much of the machine each side took and show the client was not the bottleneck.
 */
final class CpuTime {
    /** Linux clock ticks per second ({@code getconf CLK_TCK}), 100 on every common kernel. */
    private static final double TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    /** CPU seconds of this JVM. */
    static double ofThisJvm() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean.getProcessCpuTime() / 1e9;
        }
        throw new IllegalStateException("this JVM does not report its CPU time");
    }

    /** CPU seconds of process {@code pid}, from {@code /proc/<pid>/stat} (fields 14 and 15, utime and stime). */
    static double ofProcess(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of pid " + pid, e);
        }
    }
}
