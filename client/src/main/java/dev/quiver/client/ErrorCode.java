package dev.quiver.client;

/**
 * Why a Quiver call failed, from the Flight status the server (or the transport) answered with.
 * {@link #isRetryable()} says whether the same call may succeed later without changing it.
 */
public enum ErrorCode {
    /** The GraphQL request is wrong (unknown field, bad variable, syntax); fix the query. */
    INVALID_QUERY(false),
    /** No credentials, wrong credentials or an expired token. */
    UNAUTHENTICATED(false),
    /** Authenticated, but not allowed to do this. */
    UNAUTHORIZED(false),
    /** A server limit was hit (rows, depth, concurrent queries); narrow the query or try later. */
    RESOURCE_EXHAUSTED(true),
    /** The server (or a source behind it) cannot be reached right now. */
    UNAVAILABLE(true),
    /** The call's deadline ({@link QuiverClientConfig#callTimeout()}) passed. */
    TIMED_OUT(true),
    /** The call was cancelled. */
    CANCELLED(false),
    /** The server does not know this action or request. */
    UNIMPLEMENTED(false),
    /** The server failed; its log has the details. */
    INTERNAL(false),
    /** Any other status. */
    UNKNOWN(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
