package dev.quiver.resilience.suite.load;

import dev.quiver.resilience.harness.LatencyRecorder.Outcome;

/**
 * How one query request ended, as the client saw it: the expected rows ({@link Outcome#OK}), a clean refusal by the
 * server's stream limit ({@link Outcome#SHED}: Flight {@code RESOURCE_EXHAUSTED}, HTTP 429 with {@code Retry-After}),
 * or anything else ({@link Outcome#ERROR}: wrong rows, another status, a broken connection, a missed deadline).
 *
 * @param outcome what kind of ending
 * @param detail  for an error, what happened (status and message, or what was wrong with the rows); else empty
 */
record Answer(Outcome outcome, String detail) {
    static final Answer OK = new Answer(Outcome.OK, "");
    static final Answer SHED = new Answer(Outcome.SHED, "");

    static Answer error(String detail) {
        return new Answer(Outcome.ERROR, detail);
    }
}
