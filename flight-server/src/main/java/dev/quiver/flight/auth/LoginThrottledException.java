package dev.quiver.flight.auth;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import java.time.Duration;

/**
 * Too many failed logins for a user name or from a client address: the server refuses logins there, without
 * checking the password, until the failures leave the one-minute window. Flight answers RESOURCE_EXHAUSTED, HTTP
 * 429 with {@code Retry-After}.
 */
public final class LoginThrottledException extends QuiverException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    LoginThrottledException(String what, int failures, String flag, Duration retryAfter) {
        super(Status.RESOURCE_EXHAUSTED, "too many failed logins " + what + " (" + failures + " in the last minute, "
                + flag + " " + failures + "); retry in " + seconds(retryAfter) + " s with the right credentials, or"
                + " log in with a bearer token you already have", false);
        this.retryAfter = retryAfter;
    }

    /** How long until a login is checked again (HTTP's {@code Retry-After}), at least one second. */
    public Duration retryAfter() {
        return Duration.ofSeconds(seconds(retryAfter));
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
