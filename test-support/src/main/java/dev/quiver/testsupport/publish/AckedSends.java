package dev.quiver.testsupport.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends items asynchronously, at most {@code window} unacknowledged, and waits for every acknowledgement, sending an
 * item again when its acknowledgement was given up on. For JetStream publishes with a {@code Nats-Msg-Id}: nats.java
 * cancels a {@code publishAsync} future after about 5 s without an answer, which a busy machine (JetStream syncs
 * every message to disk) can exceed; the same message id makes the stream keep the event once, and the answer to
 * the repeat then says duplicate. Only idempotent sends may be repeated.
 */
public final class AckedSends<I, A> {
    private final Function<I, CompletableFuture<A>> send;
    private final int window;
    private final int attempts;
    private final Duration ackWait;
    private int repeats;

    /**
     * @param send     sends one item; its future completes with the acknowledgement
     * @param window   most items sent and not yet acknowledged
     * @param attempts most sends of one item (the first included)
     * @param ackWait  longest wait for one acknowledgement before it counts as given up on
     */
    public AckedSends(Function<I, CompletableFuture<A>> send, int window, int attempts, Duration ackWait) {
        if (window < 1 || attempts < 1) {
            throw new IllegalArgumentException("window and attempts must be at least 1, got " + window + " and "
                    + attempts);
        }
        this.send = send;
        this.window = window;
        this.attempts = attempts;
        this.ackWait = ackWait;
    }

    /** Sends every item and returns their acknowledgements, in order. */
    public List<A> sendAll(List<I> items) throws InterruptedException {
        List<A> acks = new ArrayList<>(items.size());
        for (int from = 0; from < items.size(); from += window) {
            List<I> chunk = items.subList(from, Math.min(items.size(), from + window));
            List<CompletableFuture<A>> pending = new ArrayList<>(chunk.size());
            for (I item : chunk) {
                pending.add(send.apply(item));
            }
            for (int i = 0; i < chunk.size(); i++) {
                acks.add(await(chunk.get(i), pending.get(i)));
            }
        }
        return acks;
    }

    /** How many sends were repeats of an item whose acknowledgement was given up on. */
    public int repeats() {
        return repeats;
    }

    private A await(I item, CompletableFuture<A> first) throws InterruptedException {
        CompletableFuture<A> ack = first;
        for (int attempt = 1; ; attempt++) {
            try {
                return ack.get(ackWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | CancellationException | TimeoutException e) {
                if (!givenUp(e) || attempt >= attempts) {
                    throw new IllegalStateException("no acknowledgement for " + item + " after " + attempt
                            + " send(s)", e);
                }
                ack.cancel(false);
                repeats++;
                ack = send.apply(item);
            }
        }
    }

    /** A wait that ran out, on either side; any other failure (a refusal) is not repeated. */
    private static boolean givenUp(Exception e) {
        return e instanceof TimeoutException || e instanceof CancellationException
                || e instanceof ExecutionException && (e.getCause() instanceof CancellationException
                        || e.getCause() instanceof TimeoutException);
    }
}
