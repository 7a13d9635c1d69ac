package dev.quiver.flight.auth;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;

/**
 * A caller could not be authenticated. The message tells the caller what to send instead and never contains a
 * secret; every transport answers it as "unauthenticated" (Flight {@code UNAUTHENTICATED}, HTTP 401).
 */
public final class AuthenticationException extends QuiverException {
    private static final long serialVersionUID = 1L;

    /** Why authentication failed. */
    public enum Reason {
        /** No credentials were sent. */
        MISSING,
        /** The credentials are not in a form the server reads. */
        MALFORMED,
        /** The user name or password is wrong. */
        WRONG_CREDENTIALS,
        /** The bearer token is unknown, expired, or from before a restart. */
        UNKNOWN_TOKEN
    }

    private static final String HOW = "log in with your user name and password (header 'authorization: Basic "
            + "base64(user:password)', which Flight clients send with their basic-token handshake) and send the bearer"
            + " token the answer carries as 'authorization: Bearer <token>' on later calls";

    private final Reason reason;

    private AuthenticationException(Reason reason, String message) {
        super(Status.UNAUTHENTICATED, message, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static AuthenticationException missing() {
        return new AuthenticationException(Reason.MISSING, "this server requires authentication: " + HOW);
    }

    public static AuthenticationException malformed(String what) {
        return new AuthenticationException(Reason.MALFORMED, "the authorization header is malformed (" + what
                + "); send 'authorization: Basic base64(user:password)' or 'authorization: Bearer <token>'");
    }

    public static AuthenticationException wrongCredentials() {
        return new AuthenticationException(Reason.WRONG_CREDENTIALS,
                "wrong user name or password; check the credentials you send (the server's operator sets them with"
                        + " --users or --users-file)");
    }

    public static AuthenticationException unknownToken(java.time.Duration idleTimeout, java.time.Duration lifetime) {
        return new AuthenticationException(Reason.UNKNOWN_TOKEN, "the bearer token is unknown or has expired (tokens"
                + " end after " + idleTimeout.toMinutes() + " minutes unused, " + lifetime.toMinutes() + " minutes after"
                + " they were issued (--token-lifetime), and when the server restarts); " + HOW);
    }
}
