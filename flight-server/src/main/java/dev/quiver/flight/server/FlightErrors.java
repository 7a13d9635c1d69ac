package dev.quiver.flight.server;

import dev.quiver.flight.auth.AuthenticationException;
import dev.quiver.flight.compile.InvalidRequestException;
import dev.quiver.flight.compile.LimitExceededException;
import dev.quiver.flight.control.QueryStoppedException;
import dev.quiver.flight.control.TooManyStreamsException;
import dev.quiver.flight.control.UnknownQueryException;
import dev.quiver.flight.history.HistoryUnavailableException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Flight status per failure: client errors keep their message, anything unexpected becomes a generic INTERNAL. */
final class FlightErrors {
    private static final Logger LOG = LoggerFactory.getLogger(FlightErrors.class);

    private FlightErrors() {
    }

    static FlightRuntimeException toFlight(Throwable error) {
        if (error instanceof FlightRuntimeException) {
            return (FlightRuntimeException) error;
        }
        if (error instanceof InvalidRequestException) {
            return CallStatus.INVALID_ARGUMENT.withDescription(error.getMessage()).toRuntimeException();
        }
        if (error instanceof LimitExceededException || error instanceof TooManyStreamsException) {
            return CallStatus.RESOURCE_EXHAUSTED.withDescription(error.getMessage()).toRuntimeException();
        }
        if (error instanceof QueryStoppedException stopped) {
            CallStatus status = switch (stopped.reason()) {
                case TIMED_OUT -> CallStatus.TIMED_OUT;
                case CANCELLED, CLIENT_GONE -> CallStatus.CANCELLED;
            };
            return status.withDescription(error.getMessage()).toRuntimeException();
        }
        if (error instanceof UnknownQueryException) {
            return CallStatus.NOT_FOUND.withDescription(error.getMessage()).toRuntimeException();
        }
        if (error instanceof HistoryUnavailableException) {
            return CallStatus.UNAVAILABLE.withDescription(error.getMessage()).toRuntimeException();
        }
        if (error instanceof AuthenticationException) {
            return CallStatus.UNAUTHENTICATED.withDescription(error.getMessage()).toRuntimeException();
        }
        String reference = Long.toHexString(System.nanoTime());
        LOG.error("request failed [ref {}]", reference, error);
        return CallStatus.INTERNAL.withDescription("the server failed to answer this request (ref " + reference
                + "); its log has the details").toRuntimeException();
    }
}
