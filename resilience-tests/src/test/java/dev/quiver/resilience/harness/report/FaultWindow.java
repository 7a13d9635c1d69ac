package dev.quiver.resilience.harness.report;

/**
 * A fault injected during a scenario.
 *
 * @param fault   what was done, e.g. {@code kill -9 clickhouse} or {@code latency 200 ms on bridge→elasticsearch}
 * @param startMs when it began, ms after the scenario started
 * @param endMs   when it was lifted (the service back, the toxic removed), ms after the start
 */
public record FaultWindow(String fault, long startMs, long endMs) {
}
