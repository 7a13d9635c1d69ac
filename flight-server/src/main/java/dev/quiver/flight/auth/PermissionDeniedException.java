package dev.quiver.flight.auth;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;

/** The caller is authenticated but its role does not allow the request (Flight UNAUTHORIZED, i.e. gRPC PERMISSION_DENIED; HTTP 403). */
public final class PermissionDeniedException extends QuiverException {
    private static final long serialVersionUID = 1L;

    private PermissionDeniedException(String message) {
        super(Status.PERMISSION_DENIED, message, false);
    }

    static PermissionDeniedException mutation(String user, Role role) {
        return new PermissionDeniedException("user '" + user + "' is " + role.label() + " and may not run mutations"
                + " (queries, events history and subscriptions are allowed); ask the server's operator to give the user"
                + " the read-write role (user:password:read-write in --users or --users-file)");
    }
}
