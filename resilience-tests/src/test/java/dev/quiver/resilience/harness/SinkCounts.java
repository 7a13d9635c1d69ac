package dev.quiver.resilience.harness;

/**
 * What both sinks hold for one run, read from the stores themselves.
 *
 * @param clickhouseDistinctIds {@code uniqExact(event_id)}
 * @param clickhouseFinal       {@code count() FINAL}: rows after replacing duplicates
 * @param clickhouseRows        raw rows, redelivered duplicates included until ClickHouse merges them
 * @param elasticsearchDocs     documents after a refresh (keyed by event id)
 */
public record SinkCounts(long clickhouseDistinctIds, long clickhouseFinal, long clickhouseRows, long elasticsearchDocs) {

    /** Whether every count equals {@code produced}, i.e. nothing lost and no duplicate visible. */
    public boolean exactly(long produced) {
        return clickhouseDistinctIds == produced && clickhouseFinal == produced && elasticsearchDocs == produced;
    }
}
