package dev.quiver.resilience.harness;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bounded waits for conditions observed from outside (counts, metrics); a failed probe counts as "not yet". */
public final class Polling {
    private static final Logger LOG = LoggerFactory.getLogger(Polling.class);
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private Polling() {
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @param state shown in the failure message: what was last seen
     * @throws AssertionError after {@code timeout}, naming {@code what} and the last state or probe error
     */
    public static void await(Duration timeout, String what, Callable<Boolean> condition, Callable<Object> state)
            throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String last = "not checked yet";
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    LOG.info("{}: after {} ms", what, (System.nanoTime() - started) / 1_000_000);
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
