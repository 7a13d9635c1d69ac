package dev.quiver.flight.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/**
 * Transport-neutral authentication and the one authorization rule:
 * <ul>
 *   <li>a Flight login (user name and password, checked against {@link Users}) is exchanged for a bearer token
 *       ({@link BearerTokens}), which later calls present instead; tokens are shared, so one issued on Flight works
 *       over HTTP too;</li>
 *   <li>HTTP calls {@link #authenticate(String, String)} with the {@code Authorization} header: Basic credentials are
 *       checked on each request and issue no token (a client sending them on every request used to mint a token
 *       each time and evict the user's other tokens);</li>
 *   <li>failed logins are counted per user name and per client address ({@link LoginThrottle}); past the limit a
 *       login is refused with a {@link LoginThrottledException} before its password is hashed;</li>
 *   <li>{@link #checkMayMutate} lets only {@link Role#READ_WRITE} users run mutations.</li>
 * </ul>
 *
 * <p>With no users configured authentication is off: {@link #enabled()} is false, every caller is
 * {@link AuthenticatedUser#ANONYMOUS} and may do everything.
 */
public final class Authenticator implements Permissions {
    private static final String BASIC = "basic ";
    private static final String BEARER = "bearer ";

    private final Users users;
    private final BearerTokens tokens;
    private final LoginThrottle throttle;
    private final RecentLogins recent;

    public Authenticator(Users users, BearerTokens tokens, LoginThrottle throttle, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.throttle = throttle;
        this.recent = new RecentLogins(clock);
    }

    /** With the default login throttling ({@code --login-failures-per-minute 10}, 50 per address) on the system clock. */
    public Authenticator(Users users, BearerTokens tokens) {
        this(users, tokens, new LoginThrottle(10, 50, Clock.systemUTC()), Clock.systemUTC());
    }

    /** Authentication off: everyone is anonymous. */
    public static Authenticator disabled() {
        return new Authenticator(Users.NONE, new BearerTokens(BearerTokens.DEFAULT_IDLE_TIMEOUT, Clock.systemUTC()));
    }

    public boolean enabled() {
        return !users.isEmpty();
    }

    public Users users() {
        return users;
    }

    /** Checks the password and issues a new token for the user (a Flight login). */
    public AuthenticatedUser login(String user, String password) {
        return login(user, password, null);
    }

    /** Checks the password of a caller at {@code address} (null when unknown) and issues a new token. */
    public AuthenticatedUser login(String user, String password, String address) {
        verify(user, password, address);
        return new AuthenticatedUser(user, tokens.issue(user));
    }

    /**
     * Checks the password of a caller at {@code address} (null when unknown), issuing nothing.
     *
     * @throws LoginThrottledException     when the user name or address has too many recent failures
     * @throws AuthenticationException     when the user name or password is wrong
     */
    public AuthenticatedUser verify(String user, String password, String address) {
        if (users.contains(user) && recent.remembers(user, password)) {
            return new AuthenticatedUser(user, null);
        }
        throttle.check(user, address);
        if (!users.matches(user, password)) {
            throttle.failed(user, users.contains(user), address);
            throw AuthenticationException.wrongCredentials();
        }
        recent.remember(user, password);
        return new AuthenticatedUser(user, null);
    }

    /** The user a bearer token belongs to. */
    public AuthenticatedUser checkToken(String token) {
        return tokens.userOf(token).map(user -> new AuthenticatedUser(user, null))
                .orElseThrow(() -> AuthenticationException.unknownToken(tokens.idleTimeout(), tokens.lifetime()));
    }

    /** {@link #authenticate(String, String)} for a caller whose address is unknown. */
    public AuthenticatedUser authenticate(String authorization) {
        return authenticate(authorization, null);
    }

    /**
     * Authenticates an {@code Authorization} header value: {@code Basic base64(user:password)} checks the password
     * (issuing no token), {@code Bearer <token>} checks the token; {@code null} or blank means no credentials.
     *
     * @param address the caller's address, for counting failed logins per address (null when unknown)
     */
    public AuthenticatedUser authenticate(String authorization, String address) {
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
            return verify(credentials[0], credentials[1], address);
        }
        int space = value.indexOf(' ');
        throw AuthenticationException.malformed("scheme '" + (space < 0 ? "?" : value.substring(0, space))
                + "' is not Basic or Bearer");
    }

    /** The user's role; everyone is read-write when authentication is off. */
    public Role roleOf(String user) {
        return enabled() ? users.role(user) : Role.READ_WRITE;
    }

    @Override
    public void checkMayMutate(String user) {
        Role role = roleOf(user);
        if (!role.mayMutate()) {
            throw PermissionDeniedException.mutation(user, role);
        }
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

    /** Bearer tokens currently held (expired ones may count until they are next looked at). */
    public int tokenCount() {
        return tokens.size();
    }

    @Override
    public String toString() {
        return enabled() ? "Authenticator[" + users.names().size() + " users]" : "Authenticator[off]";
    }
}
