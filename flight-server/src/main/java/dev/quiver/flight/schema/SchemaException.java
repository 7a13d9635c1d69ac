package dev.quiver.flight.schema;

/** The SDL cannot be mapped to tables and columns; the message names the type, field and problem. */
public class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
