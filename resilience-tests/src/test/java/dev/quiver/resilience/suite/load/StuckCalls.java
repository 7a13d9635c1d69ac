package dev.quiver.resilience.suite.load;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** For a failure message: where load threads that are still in a call past every deadline are stuck. */
final class StuckCalls {
    private static final int FRAMES = 25;

    private StuckCalls() {
    }

    /** The stack of one live thread whose name starts with {@code prefix} and that is inside a transport call. */
    static String describe(String prefix) {
        for (Map.Entry<Thread, StackTraceElement[]> each : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = each.getValue();
            boolean inCall = Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("ask"));
            if (each.getKey().getName().startsWith(prefix) && inCall) {
                return "; one of them (" + each.getKey().getName() + ", " + each.getKey().getState() + ") is at:\n    "
                        + Arrays.stream(stack).limit(FRAMES).map(String::valueOf).collect(Collectors.joining("\n    "));
            }
        }
        return "; no thread " + prefix + "* is inside a call";
    }
}
