package dev.quiver.bridge;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Hands out queued messages. With nothing queued, a fetch "waits" by advancing the fake clock by its whole
 * wait and returns nothing, as a pull request that expires would.
 */
final class FakeEventSource implements EventSource {
    private final FakeTime time;
    private final Deque<FakeMessage> queue = new ArrayDeque<>();
    private final List<Integer> fetchSizes = new ArrayList<>();
    private final List<Long> fetchBytes = new ArrayList<>();
    private int perFetchLimit = Integer.MAX_VALUE;
    private int flushes;
    private boolean closed;
    private java.util.function.IntConsumer afterFetch = fetches -> { };

    FakeEventSource(FakeTime time) {
        this.time = time;
    }

    void add(FakeMessage... messages) {
        queue.addAll(List.of(messages));
    }

    void add(List<FakeMessage> messages) {
        queue.addAll(messages);
    }

    /** At most this many messages per fetch (as if they trickled in). */
    void perFetchLimit(int limit) {
        perFetchLimit = limit;
    }

    /** Runs after each fetch with the number of fetches so far. */
    void afterFetch(java.util.function.IntConsumer action) {
        afterFetch = action;
    }

    @Override
    public List<InboundMessage> fetch(int max, Duration maxWait) {
        fetchSizes.add(max);
        List<InboundMessage> out = new ArrayList<>();
        if (queue.isEmpty()) {
            time.advance(maxWait);
        }
        while (!queue.isEmpty() && out.size() < Math.min(max, perFetchLimit)) {
            out.add(queue.poll());
        }
        afterFetch.accept(fetchSizes.size());
        return out;
    }

    /**
     * As a JetStream pull with {@code max_bytes}: stops before a message that would not fit (reported as
     * byte-limited), except that the first message of a fetch always comes.
     */
    @Override
    public Fetched fetch(int max, long maxBytes, Duration maxWait) {
        fetchSizes.add(max);
        fetchBytes.add(maxBytes);
        List<InboundMessage> out = new ArrayList<>();
        if (queue.isEmpty()) {
            time.advance(maxWait);
        }
        long bytes = 0;
        boolean byteLimited = false;
        while (!queue.isEmpty() && out.size() < Math.min(max, perFetchLimit)) {
            int size = queue.peek().size();
            if (!out.isEmpty() && bytes + size > maxBytes) {
                byteLimited = true;
                break;
            }
            bytes += size;
            out.add(queue.poll());
        }
        afterFetch.accept(fetchSizes.size());
        return new Fetched(out, byteLimited);
    }

    List<Long> fetchBytes() {
        return fetchBytes;
    }

    @Override
    public void flushAcks() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }

    int remaining() {
        return queue.size();
    }

    List<Integer> fetchSizes() {
        return fetchSizes;
    }

    int flushes() {
        return flushes;
    }

    boolean closed() {
        return closed;
    }
}
