package dev.quiver.flight;

import java.time.Duration;

/**
 * How long a bearer token lives and how many failed logins are answered before the server stops checking passwords
 * for a while. Only used when authentication is on ({@code --users} / {@code --users-file}).
 *
 * @param tokenLifetime            {@code --token-lifetime D} [QUIVER_TOKEN_LIFETIME]: a bearer token ends this long
 *                                 after it was issued, however often it is used (it also ends after 2 hours unused);
 *                                 the client logs in again (default PT12H)
 * @param loginFailuresPerUser     {@code --login-failures-per-minute N} [QUIVER_LOGIN_FAILURES_PER_MINUTE]: failed
 *                                 logins one user name may see in a minute; past it, logins as that user are refused
 *                                 (Flight RESOURCE_EXHAUSTED, HTTP 429 with Retry-After) without checking the password
 *                                 until the minute has passed (default 10)
 * @param loginFailuresPerAddress  {@code --login-failures-per-address N} [QUIVER_LOGIN_FAILURES_PER_ADDRESS]: failed
 *                                 logins one client address may cause in a minute, whatever user names it tries
 *                                 (default 50)
 */
public record AuthSettings(Duration tokenLifetime, int loginFailuresPerUser, int loginFailuresPerAddress) {
    public static final AuthSettings DEFAULTS = new AuthSettings(
            dev.quiver.flight.auth.BearerTokens.DEFAULT_LIFETIME, 10, 50);

    public AuthSettings {
        if (tokenLifetime == null || tokenLifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("--token-lifetime must be at least 1 second, got " + tokenLifetime);
        }
        if (loginFailuresPerUser < 1) {
            throw new IllegalArgumentException("--login-failures-per-minute must be at least 1, got "
                    + loginFailuresPerUser);
        }
        if (loginFailuresPerAddress < 1) {
            throw new IllegalArgumentException("--login-failures-per-address must be at least 1, got "
                    + loginFailuresPerAddress);
        }
    }
}
