package dev.quiver.flight.admission;

/** Why a {@link RunningQuery} stopped before its last row. */
public enum StopReason {
    /** Someone asked for it with the {@code cancel} action. */
    CANCELLED,
    /** It ran past the server's query timeout. */
    TIMED_OUT,
    /** The client cancelled the call, went away, or its own deadline passed. */
    CLIENT_GONE
}
