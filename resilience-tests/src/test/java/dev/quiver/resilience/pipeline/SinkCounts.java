package dev.quiver.resilience.pipeline;

/**
 * What both sinks hold for one run, read from the stores themselves.
 *
 * @param clickhouseDistinctIds {@code uniqExact(event_id)}
 * @param clickhouseFinal       {@code count() FINAL}: rows after replacing duplicates
 * @param clickhouseRows        raw rows, redelivered duplicates included until ClickHouse merges them
 * @param elasticsearchDocs     documents after a refresh (keyed by event id)
 */
record SinkCounts(long clickhouseDistinctIds, long clickhouseFinal, long clickhouseRows, long elasticsearchDocs) {

    /** Whether every count equals {@code produced}, i.e. nothing lost and no duplicate visible. */
    boolean exactly(long produced) {
        return clickhouseDistinctIds == produced && clickhouseFinal == produced && elasticsearchDocs == produced;
    }
}
