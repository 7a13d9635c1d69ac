package dev.quiver.resilience.pipeline;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Bounded waits for conditions observed from outside (counts, metrics); a failed probe counts as "not yet". */
final class Polling {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private Polling() {
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @param state shown in the failure message: what was last seen
     * @throws AssertionError after {@code timeout}, naming {@code what} and the last state or probe error
     */
    static void await(Duration timeout, String what, Callable<Boolean> condition, Callable<Object> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not checked yet";
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = String.valueOf(state.call());
            } catch (Exception e) {
                last = "probe failed: " + e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; last seen: " + last);
            }
            Thread.sleep(INTERVAL.toMillis());
        }
    }
}
