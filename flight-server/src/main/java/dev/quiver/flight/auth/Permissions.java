package dev.quiver.flight.auth;

/** Whether a caller may do what it asks; checked once, in the request path, before a plan runs. */
@FunctionalInterface
public interface Permissions {
    /** Everyone may do everything: authentication off. */
    Permissions ALL = user -> { };

    /**
     * @param user the authenticated user's name (null or empty when anonymous)
     * @throws PermissionDeniedException when the user may not run mutations
     */
    void checkMayMutate(String user);
}
