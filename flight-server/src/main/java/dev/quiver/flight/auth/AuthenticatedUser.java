package dev.quiver.flight.auth;

/**
 * Who a call belongs to.
 *
 * @param name        the user name (empty when authentication is off)
 * @param issuedToken a new bearer token to hand back to the caller after a password login; {@code null} when the
 *                    caller presented a token (or authentication is off)
 */
public record AuthenticatedUser(String name, String issuedToken) {
    public static final AuthenticatedUser ANONYMOUS = new AuthenticatedUser("", null);

    public AuthenticatedUser {
        java.util.Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return "AuthenticatedUser[" + name + (issuedToken == null ? "" : ", new token") + "]";
    }
}
