package dev.quiver.flight.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Transport-neutral authentication: user name and password (checked against {@link Users}) are exchanged for a
 * bearer token ({@link BearerTokens}), which later calls present instead. The Flight server plugs this into
 * Flight's header middleware; the HTTP endpoint can call {@link #authenticate(String)} with the
 * {@code Authorization} header and answer 401 with the {@link AuthenticationException}'s message. Tokens are
 * shared, so one issued on one transport works on the other.
 *
 * <p>With no users configured authentication is off: {@link #enabled()} is false and every caller is
 * {@link AuthenticatedUser#ANONYMOUS}.
 */
public final class Authenticator {
    private static final String BASIC = "basic ";
    private static final String BEARER = "bearer ";

    private final Users users;
    private final BearerTokens tokens;

    public Authenticator(Users users, BearerTokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    /** Authentication off: everyone is anonymous. */
    public static Authenticator disabled() {
        return new Authenticator(Users.NONE, new BearerTokens(BearerTokens.DEFAULT_IDLE_TIMEOUT, java.time.Clock.systemUTC()));
    }

    public boolean enabled() {
        return !users.isEmpty();
    }

    public Users users() {
        return users;
    }

    /** Checks the password and issues a new token for the user. */
    public AuthenticatedUser login(String user, String password) {
        if (!users.matches(user, password)) {
            throw AuthenticationException.wrongCredentials();
        }
        return new AuthenticatedUser(user, tokens.issue(user));
    }

    /** The user a bearer token belongs to. */
    public AuthenticatedUser checkToken(String token) {
        return tokens.userOf(token).map(user -> new AuthenticatedUser(user, null))
                .orElseThrow(() -> AuthenticationException.unknownToken(tokens.idleTimeout()));
    }

    /**
     * Authenticates an {@code Authorization} header value: {@code Basic base64(user:password)} logs in (and
     * issues a token), {@code Bearer <token>} checks the token; {@code null} or blank means no credentials.
     */
    public AuthenticatedUser authenticate(String authorization) {
        if (!enabled()) {
            return AuthenticatedUser.ANONYMOUS;
        }
        if (authorization == null || authorization.isBlank()) {
            throw AuthenticationException.missing();
        }
        String value = authorization.strip();
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith(BEARER)) {
            return checkToken(value.substring(BEARER.length()).strip());
        }
        if (lower.startsWith(BASIC)) {
            String[] credentials = decodeBasic(value.substring(BASIC.length()).strip());
            return login(credentials[0], credentials[1]);
        }
        int space = value.indexOf(' ');
        throw AuthenticationException.malformed("scheme '" + (space < 0 ? "?" : value.substring(0, space))
                + "' is not Basic or Bearer");
    }

    /** {@code [user, password]} from the Base64 part of a Basic header. */
    public static String[] decodeBasic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AuthenticationException.malformed("the Basic value is not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw AuthenticationException.malformed("the Basic value is not base64 of user:password");
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    @Override
    public String toString() {
        return enabled() ? "Authenticator[" + users.names().size() + " users]" : "Authenticator[off]";
    }
}
