package dev.quiver.bridge;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventBatch;
import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.SinkHealth;
import dev.quiver.sinks.api.WriteResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An in-memory destination that is idempotent per event id, as the real sinks are, and counts how often an id
 * it already had was written again. Several sinks (one per bridge instance) may share one destination.
 */
final class RecordingSink implements Sink {
    private final String name;
    private final Destination destination;

    RecordingSink(String name, Destination destination) {
        this.name = name;
        this.destination = destination;
    }

    /** What the sinks sharing it have stored. */
    static final class Destination {
        private final Map<String, ObserverEvent> events = new ConcurrentHashMap<>();
        private final AtomicLong rewrites = new AtomicLong();
        private final AtomicLong writes = new AtomicLong();
        private final AtomicInteger failuresLeft = new AtomicInteger();

        /** The next {@code count} writes fail retriably (as a sink whose database is down would). */
        void failNextWrites(int count) {
            failuresLeft.set(count);
        }

        int size() {
            return events.size();
        }

        Map<String, ObserverEvent> events() {
            return events;
        }

        /** Events written whose id the destination already had (absorbed by idempotence). */
        long rewrites() {
            return rewrites.get();
        }

        /** Successful write calls. */
        long writes() {
            return writes.get();
        }

        int failuresLeft() {
            return failuresLeft.get();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
    }

    @Override
    public WriteResult write(VectorSchemaRoot batch) throws SinkException {
        if (destination.failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw SinkException.retriable(name, "scripted outage: destination unreachable", null);
        }
        for (ObserverEvent event : ObserverEventBatch.readAll(batch)) {
            if (destination.events.putIfAbsent(event.eventId(), event) != null) {
                destination.rewrites.incrementAndGet();
            }
        }
        destination.writes.incrementAndGet();
        return WriteResult.allStored(batch.getRowCount());
    }

    @Override
    public SinkHealth health() {
        return destination.failuresLeft() > 0 ? SinkHealth.down("scripted outage") : SinkHealth.up("in memory");
    }

    @Override
    public void close() {
    }
}
