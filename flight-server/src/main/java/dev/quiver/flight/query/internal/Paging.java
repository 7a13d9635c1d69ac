package dev.quiver.flight.query.internal;

import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.LimitExceededException;
import dev.quiver.flight.request.QueryLimits;

/** Checks the {@code limit} and {@code offset} arguments of list fields against the server's limits. */
public final class Paging {
    private Paging() {
    }

    /** The requested limit, or the server's row limit when none is given. */
    public static long limit(Object limit, QueryLimits limits) {
        if (limit == null) {
            return limits.maxRows();
        }
        long requested = ((Number) limit).longValue();
        if (requested < 0) {
            throw new InvalidRequestException("limit must be 0 or more, got " + requested);
        }
        if (requested > limits.maxRows()) {
            throw new LimitExceededException("limit " + requested + " exceeds this server's maximum of " + limits.maxRows()
                    + " rows per request; ask for fewer rows or page with offset");
        }
        return requested;
    }

    public static long offset(Object offset) {
        long value = offset == null ? 0 : ((Number) offset).longValue();
        if (value < 0) {
            throw new InvalidRequestException("offset must be 0 or more, got " + value);
        }
        return value;
    }
}
