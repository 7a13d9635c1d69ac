package dev.quiver.client.internal;

import dev.quiver.client.ErrorCode;
import dev.quiver.client.QuiverQueryException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/** Turns Flight's {@link FlightRuntimeException} into a {@link QuiverQueryException} that keeps the server's message. */
public final class FlightErrors {
    private FlightErrors() {
    }

    public static QuiverQueryException toQuiver(FlightRuntimeException e, URI server) {
        CallStatus status = e.status();
        ErrorCode code = code(status);
        Throwable transport = transportCause(e);
        String message;
        if (transport instanceof SSLException) {
            message = "TLS handshake with " + server + " failed (" + describe(transport)
                    + "); check the grpc+tls:// URI and the trusted certificate";
            code = ErrorCode.UNAVAILABLE;
        } else if (transport != null) {
            message = "server not reachable at " + server + " (" + describe(transport) + ")";
            code = ErrorCode.UNAVAILABLE;
        } else if (hasText(status.description())) {
            message = status.description();
        } else if (code == ErrorCode.TIMED_OUT) {
            message = "no answer from " + server + " within the call timeout";
        } else {
            message = status.code() + " from " + server + " without a message";
        }
        return new QuiverQueryException(code, message, server, e);
    }

    static ErrorCode code(CallStatus status) {
        return switch (status.code()) {
            case INVALID_ARGUMENT -> ErrorCode.INVALID_QUERY;
            case UNAUTHENTICATED -> ErrorCode.UNAUTHENTICATED;
            case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED;
            case RESOURCE_EXHAUSTED -> ErrorCode.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
            case TIMED_OUT -> ErrorCode.TIMED_OUT;
            case CANCELLED -> ErrorCode.CANCELLED;
            case UNIMPLEMENTED -> ErrorCode.UNIMPLEMENTED;
            case INTERNAL -> ErrorCode.INTERNAL;
            default -> ErrorCode.UNKNOWN;
        };
    }

    /** The network-level failure under an UNAVAILABLE status, if that is what it was; else {@code null}. */
    private static Throwable transportCause(FlightRuntimeException e) {
        if (e.status().code() != org.apache.arrow.flight.FlightStatusCode.UNAVAILABLE) {
            return null;
        }
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof ClosedChannelException || t instanceof SSLException) {
                return t;
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return hasText(message) ? message : t.getClass().getSimpleName();
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
