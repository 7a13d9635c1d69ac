package dev.quiver.resilience.suite.load;

import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.ServerProcess;
import java.io.IOException;
import java.time.Duration;

/**
 * The server's own count of query requests per transport and outcome ({@code quiver_requests_total}), to reconcile
 * against what the clients saw: every answer the clients checked OK the server counted {@code ok}, every shed
 * {@code limit_exceeded}.
 */
record ServerTallies(double ok, double limitExceeded, double all) {
    static ServerTallies of(ServerProcess server, String transport) throws IOException, InterruptedException {
        var metrics = server.metrics();
        return new ServerTallies(metrics.sum("quiver_requests_total", "transport", transport, "outcome", "ok"),
                metrics.sum("quiver_requests_total", "transport", transport, "outcome", "limit_exceeded"),
                metrics.sum("quiver_requests_total", "transport", transport));
    }

    /** What was counted since {@code before}. */
    ServerTallies minus(ServerTallies before) {
        return new ServerTallies(ok - before.ok, limitExceeded - before.limitExceeded, all - before.all);
    }

    /**
     * Waits (a few seconds: the server counts a request when its stream has ended, which may be just after the
     * client read the end) until the server's counts since {@code before} are exactly {@code ok} and {@code shed}.
     */
    static void awaitMatching(ServerProcess server, String transport, ServerTallies before, long ok, long shed)
            throws InterruptedException {
        Polling.await(Duration.ofSeconds(10), transport + ": the server's quiver_requests_total to count " + ok + " ok and "
                        + shed + " limit_exceeded, as the clients saw",
                () -> {
                    ServerTallies since = of(server, transport).minus(before);
                    return since.ok() == ok && since.limitExceeded() == shed;
                },
                () -> of(server, transport).minus(before));
    }
}
