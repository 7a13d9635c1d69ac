package dev.quiver.resilience.harness.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A latency distribution in milliseconds.
 *
 * @param name   what was timed
 * @param count  samples
 * @param errors samples that failed (shed requests included)
 * @param shed   samples refused by load shedding ({@code RESOURCE_EXHAUSTED} / HTTP 429)
 */
public record Latency(String name, long count, long errors, long shed, double p50Ms, double p95Ms, double p99Ms,
                      double maxMs) {

    /** Failed samples over all samples, 0 when there were none. */
    @JsonProperty("errorRate")
    public double errorRate() {
        return count == 0 ? 0 : (double) errors / count;
    }
}
