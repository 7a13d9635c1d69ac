package dev.quiver.flight.transport.flight;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flight side of the one error taxonomy: each {@link Status} has one Flight status, both ways. A
 * {@link QuiverException} keeps its message; anything else is logged with a reference and answered as a generic
 * INTERNAL.
 */
final class FlightErrors {
    private static final Logger LOG = LoggerFactory.getLogger(FlightErrors.class);

    private FlightErrors() {
    }

    static FlightRuntimeException toFlight(Throwable error) {
        if (error instanceof FlightRuntimeException flight) {
            return flight;
        }
        Status status = QuiverException.statusOf(error);
        if (status == Status.INTERNAL) {
            String reference = Long.toHexString(System.nanoTime());
            LOG.error("request failed [ref {}]", reference, error);
            return CallStatus.INTERNAL.withDescription("the server failed to answer this request (ref " + reference
                    + "); its log has the details").toRuntimeException();
        }
        return callStatus(status).withDescription(error.getMessage()).toRuntimeException();
    }

    static CallStatus callStatus(Status status) {
        return switch (status) {
            case INVALID_ARGUMENT -> CallStatus.INVALID_ARGUMENT;
            case RESOURCE_EXHAUSTED -> CallStatus.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> CallStatus.UNAVAILABLE;
            case TIMED_OUT -> CallStatus.TIMED_OUT;
            case CANCELLED -> CallStatus.CANCELLED;
            case NOT_FOUND -> CallStatus.NOT_FOUND;
            case UNAUTHENTICATED -> CallStatus.UNAUTHENTICATED;
            case PERMISSION_DENIED -> CallStatus.UNAUTHORIZED;
            case INTERNAL -> CallStatus.INTERNAL;
        };
    }

    /** The status a Flight error stands for (what {@link #toFlight} made it from, for metrics). */
    static Status statusOf(FlightRuntimeException error) {
        return switch (error.status().code()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case TIMED_OUT -> Status.TIMED_OUT;
            case CANCELLED -> Status.CANCELLED;
            case NOT_FOUND -> Status.NOT_FOUND;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case UNAUTHORIZED -> Status.PERMISSION_DENIED;
            default -> Status.INTERNAL;
        };
    }
}
