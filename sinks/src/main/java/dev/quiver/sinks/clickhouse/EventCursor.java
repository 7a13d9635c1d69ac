package dev.quiver.sinks.clickhouse;

import java.util.Iterator;

/**
 * Stored events as ClickHouse streams them, one at a time: memory holds one row, never the whole answer.
 * {@link #close()} ends the read; it may be called from another thread to break off a read in progress (the reader
 * then fails with {@link ClickHouseReadException}).
 */
public interface EventCursor extends Iterator<dev.quiver.sinks.api.ObserverEvent>, AutoCloseable {
    /** @throws ClickHouseReadException when the answer breaks off or holds a row that is not an event */
    @Override
    boolean hasNext();

    @Override
    void close();
}
