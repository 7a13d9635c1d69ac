package dev.quiver.flight.request;

/**
 * Limits on one request, each checked once on the request path ({@link RequestPlanner}, {@link Documents}) before
 * any SQL runs or any Arrow memory is allocated.
 *
 * @param maxRows             most rows one request may return; a larger {@code limit} is refused (default 10,000,000)
 * @param maxDepth            deepest selection nesting, counted through named fragments (default 8)
 * @param maxQueryChars       longest accepted GraphQL text (default 100,000)
 * @param maxOutputColumns    most output columns one request may select: every selected field counts, each alias
 *                            of it again, and so do a relation and each of its fields (default 256); each column
 *                            costs an Arrow vector of {@code --batch-rows} values per batch
 * @param maxInList           most values in one list argument, e.g. a filter's {@code in} (default 1,000)
 * @param maxWhereDepth       deepest nesting of input objects in an argument, e.g. {@code not}, {@code and},
 *                            {@code or} inside a {@code where} (default 16)
 * @param maxCachedQueryChars total characters of GraphQL text the document cache keeps (default 2,000,000; the
 *                            parsed documents take a few tens of times that in heap)
 */
public record QueryLimits(long maxRows, int maxDepth, int maxQueryChars, int maxOutputColumns, int maxInList,
                          int maxWhereDepth, long maxCachedQueryChars) {
    public static final int DEFAULT_MAX_OUTPUT_COLUMNS = 256;
    public static final int DEFAULT_MAX_IN_LIST = 1_000;
    public static final int DEFAULT_MAX_WHERE_DEPTH = 16;
    public static final long DEFAULT_MAX_CACHED_QUERY_CHARS = 2_000_000L;
    public static final QueryLimits DEFAULTS = new QueryLimits(10_000_000L, 8, 100_000);

    public QueryLimits {
        if (maxRows < 1 || maxDepth < 1 || maxQueryChars < 1 || maxOutputColumns < 1 || maxInList < 1
                || maxWhereDepth < 1 || maxCachedQueryChars < 0) {
            throw new IllegalArgumentException("limits must be positive: maxRows=" + maxRows + ", maxDepth=" + maxDepth
                    + ", maxQueryChars=" + maxQueryChars + ", maxOutputColumns=" + maxOutputColumns + ", maxInList="
                    + maxInList + ", maxWhereDepth=" + maxWhereDepth + ", maxCachedQueryChars=" + maxCachedQueryChars
                    + " (0 is allowed only for maxCachedQueryChars: no cache)");
        }
    }

    /** These row, depth and text limits, with the default budgets for columns, lists, nesting and the cache. */
    public QueryLimits(long maxRows, int maxDepth, int maxQueryChars) {
        this(maxRows, maxDepth, maxQueryChars, DEFAULT_MAX_OUTPUT_COLUMNS, DEFAULT_MAX_IN_LIST, DEFAULT_MAX_WHERE_DEPTH,
                DEFAULT_MAX_CACHED_QUERY_CHARS);
    }
}
