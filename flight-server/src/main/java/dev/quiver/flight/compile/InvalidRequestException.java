package dev.quiver.flight.compile;

/** The request is malformed or asks for something the schema does not have; a client error (INVALID_ARGUMENT, HTTP 400). */
public class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
