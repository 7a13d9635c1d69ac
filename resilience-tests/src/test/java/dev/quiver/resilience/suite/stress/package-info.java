/**
 * The stress group of the resilience suite (issue 5, deliverable 2): how much the pipeline carries, and that it
 * carries it with flat memory and exact counts.
 *
 * <ul>
 *   <li>{@link dev.quiver.resilience.suite.stress.FlightStressIT}: 1M (smoke and full) and 10M (full) orders in one
 *       Flight query from a {@code -Xmx256m} flight-server on PostgreSQL; exact rows, a checksum of each of the six
 *       columns against PostgreSQL's, live heap and RSS flat (sampled by the consumer as the rows arrive).</li>
 *   <li>{@link dev.quiver.resilience.suite.stress.EventsSustainedIT}: 10,000 events/s for
 *       {@code -Dresilience.duration} (5 min full, 20 s smoke; {@code PT1H} for endurance) through one bridge; the
 *       sinks keep up (backlog at most 25% of what was published), drain, reconcile exactly; the bridge's post-GC
 *       heap idle after the load is back at its idle level before it.</li>
 *   <li>{@link dev.quiver.resilience.suite.stress.EventsMaxRateIT} (full profile only): the offered rate stepped
 *       2k → 32k events/s until each sink's backlog grows; the maximum sustainable rate per sink (reported), each
 *       sink keeping up with the first step (asserted), then exact reconciliation.</li>
 * </ul>
 *
 * Run one at smoke scale with {@code -Dit.test=NameIT} (add {@code -Dresilience.groups=suite} for the one not tagged
 * smoke), at full scale with {@code -Presilience}.
 */
package dev.quiver.resilience.suite.stress;
