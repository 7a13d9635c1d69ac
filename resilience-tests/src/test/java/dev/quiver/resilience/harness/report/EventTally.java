package dev.quiver.resilience.harness.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one store of the pipeline holds against the events produced for it (acknowledged by JetStream).
 *
 * @param store       clickhouse, elasticsearch
 * @param produced    events produced
 * @param stored      distinct events the store holds
 * @param duplicated  extra copies a user can see: ClickHouse {@code count() FINAL} above its distinct event ids (and
 *                    ids beyond those produced), Elasticsearch documents above the produced count
 * @param redelivered copies stored again after a redelivery that no user sees: ClickHouse raw rows above its
 *                    distinct event ids, which a merge (and any query with {@code FINAL}) collapses. Elasticsearch
 *                    overwrites a redelivered document in place (its id is the event id), so it has none to count
 */
public record EventTally(String store, long produced, long stored, long duplicated, long redelivered) {

    /** A tally without redelivered copies to show. */
    public EventTally(String store, long produced, long stored, long duplicated) {
        this(store, produced, stored, duplicated, 0);
    }

    /** Produced but not stored. */
    @JsonProperty("lost")
    public long lost() {
        return Math.max(0, produced - stored);
    }
}
