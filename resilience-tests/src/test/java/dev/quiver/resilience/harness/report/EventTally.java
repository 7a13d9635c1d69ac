package dev.quiver.resilience.harness.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one store (or one set of subscribers) holds against what was produced for it.
 *
 * @param store      clickhouse, elasticsearch, subscribers, ...
 * @param produced   events produced (acknowledged by JetStream)
 * @param stored     distinct events the store holds
 * @param duplicated extra copies users can see (e.g. ClickHouse {@code count() FINAL} above distinct ids, or a
 *                   subscriber receiving an event twice)
 */
public record EventTally(String store, long produced, long stored, long duplicated) {

    /** Produced but not stored. */
    @JsonProperty("lost")
    public long lost() {
        return Math.max(0, produced - stored);
    }
}
