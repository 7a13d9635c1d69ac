package dev.quiver.flight.request;

/** The request is malformed or asks for something the schema does not have; a client error (INVALID_ARGUMENT, HTTP 400). */
public class InvalidRequestException extends QuiverException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(Status.INVALID_ARGUMENT, message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(Status.INVALID_ARGUMENT, message, cause);
    }
}
