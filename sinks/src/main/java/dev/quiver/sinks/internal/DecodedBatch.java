package dev.quiver.sinks.internal;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventBatch;
import dev.quiver.sinks.api.ObserverEventSchema;
import dev.quiver.sinks.api.WriteResult;
import dev.quiver.sinks.api.WriteResult.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A batch's rows decoded into {@link ObserverEvent}s, split into the events a sink can store and the rows it
 * refuses for good (a row that is not a valid event, or one the destination cannot hold).
 */
public final class DecodedBatch {

    /** An event and the row it came from. */
    public record Row(int index, ObserverEvent event) {
    }

    private final List<Row> accepted;
    private final List<Rejection> rejected;

    private DecodedBatch(List<Row> accepted, List<Rejection> rejected) {
        this.accepted = accepted;
        this.rejected = rejected;
    }

    /**
     * Decodes every row of {@code root}; {@code check} returns why an otherwise valid event cannot be stored
     * by this sink, or {@code null} if it can.
     *
     * @throws IllegalArgumentException if the root's schema is not {@link ObserverEventSchema#schema()}
     */
    public static DecodedBatch decode(VectorSchemaRoot root, Function<ObserverEvent, String> check) {
        if (!ObserverEventSchema.schema().equals(root.getSchema())) {
            throw new IllegalArgumentException("batch schema must be ObserverEventSchema.schema() but was "
                    + root.getSchema());
        }
        int rows = root.getRowCount();
        ObserverEventBatch.Reader reader = new ObserverEventBatch.Reader(root);
        List<Row> accepted = new ArrayList<>(rows);
        List<Rejection> rejected = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            ObserverEvent event;
            try {
                event = reader.read(row);
            } catch (RuntimeException e) {
                rejected.add(new Rejection(row, eventIdOrNull(root, row), "not a valid observer event: " + e.getMessage()));
                continue;
            }
            String problem = check.apply(event);
            if (problem == null) {
                accepted.add(new Row(row, event));
            } else {
                rejected.add(new Rejection(row, event.eventId(), problem));
            }
        }
        return new DecodedBatch(accepted, rejected);
    }

    /** The storable events in row order. */
    public List<Row> accepted() {
        return accepted;
    }

    /** The refused rows in row order. */
    public List<Rejection> rejected() {
        return rejected;
    }

    /**
     * The outcome when the destination stored every accepted row except {@code refusedByDestination} (each
     * one of the accepted rows); all rejections sorted by row.
     */
    public WriteResult result(List<Rejection> refusedByDestination) {
        List<Rejection> all = new ArrayList<>(rejected);
        all.addAll(refusedByDestination);
        all.sort((a, b) -> Integer.compare(a.row(), b.row()));
        return new WriteResult(accepted.size() - refusedByDestination.size(), all);
    }

    private static String eventIdOrNull(VectorSchemaRoot root, int row) {
        try {
            return ObserverEventBatch.eventId(root, row);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
