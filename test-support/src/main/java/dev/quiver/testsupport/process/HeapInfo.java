package dev.quiver.testsupport.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the heap in use from the text of {@code jcmd <pid> GC.heap_info} (the single-heap collectors: G1, the JDK default). */
final class HeapInfo {
    /** The first heap line: {@code garbage-first heap   total 262144K, used 23456K [...]}. */
    private static final Pattern USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");

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
}
