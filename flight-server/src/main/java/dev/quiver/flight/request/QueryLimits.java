package dev.quiver.flight.request;

/**
 * Limits on one request.
 *
 * @param maxRows       most rows one request may return; a larger {@code limit} is refused (default 10,000,000)
 * @param maxDepth      deepest selection nesting (default 8)
 * @param maxQueryChars longest accepted GraphQL text (default 100,000)
 */
public record QueryLimits(long maxRows, int maxDepth, int maxQueryChars) {
    public static final QueryLimits DEFAULTS = new QueryLimits(10_000_000L, 8, 100_000);

    public QueryLimits {
        if (maxRows < 1 || maxDepth < 1 || maxQueryChars < 1) {
            throw new IllegalArgumentException("limits must be positive: maxRows=" + maxRows + ", maxDepth=" + maxDepth
                    + ", maxQueryChars=" + maxQueryChars);
        }
    }
}
