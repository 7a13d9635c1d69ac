package dev.quiver.flight.metrics;

/** How a request reached the server; the {@code transport} tag of every request meter. */
public enum Transport {
    /** Arrow Flight DoGet. */
    FLIGHT("flight"),
    /** GraphQL over HTTP/JSON ({@code POST /graphql}, {@code GET /graphql}). */
    HTTP("http");

    private final String tag;

    Transport(String tag) {
        this.tag = tag;
    }

    /** The tag value, e.g. {@code flight}. */
    public String tag() {
        return tag;
    }
}
