package dev.quiver.testsupport.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads heap figures from {@code jcmd} output: the heap in use from {@code GC.heap_info} (the single-heap collectors:
 * G1, the JDK default), and the live set from the total line of {@code GC.class_histogram}.
 */
final class HeapInfo {
    /** The first heap line: {@code garbage-first heap   total 262144K, used 23456K [...]}. */
    private static final Pattern USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");

    /** The histogram's last line: {@code Total        123456       98765432}. */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private HeapInfo() {
    }

    /**
     * @throws IllegalArgumentException if no heap line is found (the output is quoted)
     */
    static long usedBytes(String heapInfo) {
        Matcher matcher = USED.matcher(heapInfo);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no 'heap total …K, used …K' line in jcmd GC.heap_info output: "
                    + heapInfo);
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }

    /**
     * @throws IllegalArgumentException if there is no total line (the output is quoted)
     */
    static long histogramTotalBytes(String classHistogram) {
        Matcher matcher = HISTOGRAM_TOTAL.matcher(classHistogram);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no 'Total <instances> <bytes>' line in jcmd GC.class_histogram output: "
                    + classHistogram.substring(0, Math.min(500, classHistogram.length())));
        }
        return Long.parseLong(matcher.group(1));
    }
}
