package dev.quiver.bridge;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventBatch;
import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.SinkHealth;
import dev.quiver.sinks.api.WriteResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A sink whose write outcomes are scripted, and which records every batch it was handed. */
final class ScriptedSink implements Sink {

    /** One scripted write outcome. */
    interface Step {
        WriteResult apply(List<ObserverEvent> batch) throws SinkException;
    }

    private final Deque<Step> script = new ArrayDeque<>();
    private final List<List<ObserverEvent>> attempts = new ArrayList<>();
    private Runnable onWrite = () -> { };
    private Runnable onClose = () -> { };
    private volatile String crashOn;
    private volatile SinkHealth health = SinkHealth.up("scripted");
    private boolean started;
    private boolean closed;

    ScriptedSink then(Step step) {
        script.add(step);
        return this;
    }

    ScriptedSink failRetriably(int times) {
        for (int i = 0; i < times; i++) {
            script.add(batch -> {
                throw SinkException.retriable("scripted", "connection refused", null);
            });
        }
        return this;
    }

    /** Runs during every write, before its outcome (to look at the messages' state). */
    ScriptedSink onWrite(Runnable action) {
        this.onWrite = action;
        return this;
    }

    /** Runs when the sink is closed. */
    ScriptedSink onClose(Runnable action) {
        this.onClose = action;
        return this;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public void start() {
        started = true;
    }

    /** From now on, every write whose batch holds {@code eventId} throws an unclassified runtime exception. */
    ScriptedSink crashOn(String eventId) {
        this.crashOn = eventId;
        return this;
    }

    @Override
    public WriteResult write(VectorSchemaRoot batch) throws SinkException {
        List<ObserverEvent> events = ObserverEventBatch.readAll(batch);
        attempts.add(events);
        onWrite.run();
        if (crashOn != null && events.stream().anyMatch(event -> event.eventId().equals(crashOn))) {
            throw new IllegalStateException("scripted bug on event " + crashOn);
        }
        Step step = script.poll();
        return step == null ? WriteResult.allStored(events.size()) : step.apply(events);
    }

    @Override
    public SinkHealth health() {
        return health;
    }

    /** What {@link #health()} answers from now on. */
    ScriptedSink health(SinkHealth health) {
        this.health = health;
        return this;
    }

    @Override
    public void close() {
        onClose.run();
        closed = true;
    }

    /** Every write attempt's events, in order. */
    List<List<ObserverEvent>> attempts() {
        return attempts;
    }

    boolean started() {
        return started;
    }

    boolean closed() {
        return closed;
    }
}
