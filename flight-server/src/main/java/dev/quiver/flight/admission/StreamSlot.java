package dev.quiver.flight.admission;

import java.util.concurrent.atomic.AtomicBoolean;

/** One taken {@link StreamSlots} slot; {@link #close()} gives it back exactly once, however often it is called. */
public final class StreamSlot implements AutoCloseable {
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    StreamSlot(Runnable release) {
        this.release = release;
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
