package dev.quiver.flight.mutation;

/** The database failed a mutation for a reason that is not the client's (connection lost, deadlock); nothing was changed. */
public class MutationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MutationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
