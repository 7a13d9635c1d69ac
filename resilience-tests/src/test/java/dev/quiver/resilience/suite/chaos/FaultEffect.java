package dev.quiver.resilience.suite.chaos;

import dev.quiver.resilience.harness.AckedPublisher;
import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.SinkFreshness;
import dev.quiver.testsupport.process.PrometheusScrape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a fault must visibly do to the pipeline of a {@link ChaosRun}, measured from the moment it is in place: made
 * right after the fault is injected and {@linkplain #awaitAll awaited} (a bounded poll) while the fault still
 * holds, so a fault that does nothing (a toxic on the wrong link, a signal never delivered) fails its scenario.
 * Some effects are exact while the fault holds (nothing passes a cut link, an acknowledgement cannot beat a latency
 * toxic); seeing the contrary fails at once.
 */
abstract class FaultEffect {
    private final String what;
    private boolean seen;

    private FaultEffect(String what) {
        this.what = what;
    }

    /**
     * Checks once; true when the effect has shown.
     *
     * @throws AssertionError when the effect is contradicted
     */
    abstract boolean check() throws Exception;

    /** What was last observed, for the report and a failure message. */
    abstract String observed();

    @Override
    public String toString() {
        return what + ": " + observed();
    }

    /**
     * Waits (at most {@code timeout}) until every effect has shown, then notes what each showed in the report.
     *
     * @throws AssertionError naming the effects that did not show, or at once when one is contradicted
     */
    static void awaitAll(ChaosRun chaos, String fault, List<FaultEffect> effects, Duration timeout)
            throws Exception {
        Polling.await(timeout, "the effect of " + fault + " (" + effects.stream().map(e -> e.what)
                        .collect(Collectors.joining("; ")) + ")",
                () -> {
                    boolean all = true;
                    for (FaultEffect effect : effects) {
                        effect.seen = effect.seen || effect.check();
                        all &= effect.seen;
                    }
                    return all;
                },
                () -> effects.stream().filter(e -> !e.seen).map(FaultEffect::toString)
                        .collect(Collectors.joining("; ")));
        for (FaultEffect effect : effects) {
            try {
                effect.check(); // once more, just before the fault is lifted: an exact effect must still hold
            } catch (Exception e) {
                chaos.log.note(fault + ": the last look failed (" + e + ")");
            }
            chaos.log.note(fault + " → " + effect);
        }
    }

    /**
     * Writes of {@code sink} failed against its store: the pipeline wrote a failed write again (its one retry layer). A write
     * refused by an open breaker is not retried (and counted only by the pipeline), so this is a write that reached
     * the link and failed, not a left-over of an earlier fault.
     */
    static FaultEffect writesFail(ChaosRun chaos, String sink) throws Exception {
        PrometheusScrape first = chaos.scrape();
        double retriesBefore = first.sum("quiver_bridge_sink_retries_total", "sink", sink);
        double failedBefore = first.sum("quiver_bridge_events_failed_total", "sink", sink);
        return new FaultEffect(sink + " writes fail") {
            private double retries;
            private double failed;

            @Override
            boolean check() throws Exception {
                PrometheusScrape metrics = chaos.scrape();
                retries = metrics.sum("quiver_bridge_sink_retries_total", "sink", sink) - retriesBefore;
                failed = metrics.sum("quiver_bridge_events_failed_total", "sink", sink) - failedBefore;
                return retries > 0;
            }

            @Override
            String observed() {
                return String.format("%,.0f writes retried by the pipeline and %,.0f events in writes failed to the"
                        + " pipeline since", retries, failed);
            }
        };
    }

    /** De-duplication went off: a batch of some sink was written without asking Redis. */
    static FaultEffect dedupOff(ChaosRun chaos) throws Exception {
        double before = chaos.scrape().sum("quiver_bridge_dedup_disabled_total");
        return new FaultEffect("de-duplication off") {
            private double now = before;

            @Override
            boolean check() throws Exception {
                now = chaos.scrape().sum("quiver_bridge_dedup_disabled_total");
                return now > before;
            }

            @Override
            String observed() {
                return String.format("%,.0f batches written without de-duplication since", now - before);
            }
        };
    }

    /**
     * NATS delivers nothing to the bridge (its link is cut): neither consumer acknowledges any event published since,
     * so each one's backlog covers all of them (exact while the cut holds), and events were published meanwhile.
     */
    static FaultEffect nothingDelivered(ChaosRun chaos) throws Exception {
        return nothingAcknowledged(chaos, "nothing delivered to the bridge, both backlogs grow", ChaosRun.SINKS,
                "after the bridge's link to NATS was cut");
    }

    /**
     * {@code sink} stores nothing (its store is frozen): its consumer acknowledges no event published since, so its
     * backlog covers all of them (exact while the freeze holds), and events were published meanwhile.
     */
    static FaultEffect nothingStoredBy(ChaosRun chaos, String sink) throws Exception {
        return nothingAcknowledged(chaos, sink + " stores nothing, its backlog grows", List.of(sink),
                "while " + sink + " was frozen");
    }

    private static FaultEffect nothingAcknowledged(ChaosRun chaos, String what, List<String> sinks, String since)
            throws Exception {
        long before = chaos.run.streamMessages();
        return new FaultEffect(what) {
            private long published;
            private final List<Long> backlogs = new ArrayList<>();

            @Override
            boolean check() throws Exception {
                published = chaos.run.streamMessages() - before;
                backlogs.clear();
                for (String sink : sinks) {
                    long backlog = chaos.run.unacknowledged(sink);
                    backlogs.add(backlog);
                    if (backlog < published) {
                        throw new AssertionError(sink + " acknowledged events published " + since + ": backlog "
                                + backlog + " < " + published + " published since");
                    }
                }
                return published > 0;
            }

            @Override
            String observed() {
                return String.format("%,d events published since, backlog %s (%s)", published, backlogs,
                        String.join(", ", sinks));
            }
        };
    }

    /**
     * A backlog builds: each consumer's unacknowledged messages reach half of the events acknowledged to the
     * producer since, and at least {@code atLeast}.
     */
    static FaultEffect backlogBuilds(ChaosRun chaos, long atLeast) {
        AckedPublisher producer = chaos.producer();
        long before = producer.acknowledged();
        return new FaultEffect("a backlog builds in both consumers") {
            private long produced;
            private final List<Long> backlogs = new ArrayList<>();

            @Override
            boolean check() throws Exception {
                produced = producer.acknowledged() - before;
                backlogs.clear();
                boolean built = true;
                for (String sink : ChaosRun.SINKS) {
                    long backlog = chaos.run.unacknowledged(sink);
                    backlogs.add(backlog);
                    built &= backlog >= atLeast && 2 * backlog >= produced;
                }
                return built;
            }

            @Override
            String observed() {
                return String.format("%,d events produced since, backlogs %s (clickhouse, elasticsearch)", produced,
                        backlogs);
            }
        };
    }

    /** The producer's publishes failed or went unacknowledged and were retried. */
    static FaultEffect producerRetries(ChaosRun chaos) {
        AckedPublisher producer = chaos.producer();
        long before = producer.retries();
        return new FaultEffect("the producer retries") {
            private long now = before;

            @Override
            boolean check() {
                now = producer.retries();
                return now > before;
            }

            @Override
            String observed() {
                return String.format("%,d publishes retried since", now - before);
            }
        };
    }

    /**
     * Every acknowledgement JetStream sends the producer is held at least {@code floor} (a latency toxic on its
     * link): exact for each event first published since, while the toxic holds. Close it before the toxic goes.
     */
    static Closing acknowledgementsDelayed(ChaosRun chaos, Duration floor) {
        AckedPublisher.AckWatch watch = chaos.producer().watchAcks();
        return new Closing("acknowledgements to the producer take at least " + floor.toMillis() + " ms", watch) {
            @Override
            boolean check() {
                Duration shortest = watch.shortest().orElse(null);
                if (shortest != null && shortest.compareTo(floor) < 0) {
                    throw new AssertionError("an acknowledgement came " + shortest.toMillis() + " ms after its"
                            + " publish, under the link's latency of " + floor.toMillis() + " ms");
                }
                return watch.count() > 0;
            }

            @Override
            String observed() {
                return String.format("%,d acknowledgements, %s–%s ms", watch.count(),
                        watch.shortest().map(d -> Long.toString(d.toMillis())).orElse("?"),
                        watch.longest().map(d -> Long.toString(d.toMillis())).orElse("?"));
            }
        };
    }

    /** Writes of {@code sink} that returned took at least {@code floor} (its answers are held by a latency toxic). */
    static FaultEffect slowWrites(ChaosRun chaos, String sink, Duration floor) throws Exception {
        double before = writesSlowerThan(chaos.scrape(), sink, floor);
        return new FaultEffect(sink + " writes take at least " + floor.toMillis() + " ms") {
            private double now = before;

            @Override
            boolean check() throws Exception {
                now = writesSlowerThan(chaos.scrape(), sink, floor);
                return now > before;
            }

            @Override
            String observed() {
                return String.format("%,.0f writes that slow since", now - before);
            }
        };
    }

    /**
     * Writes in {@code quiver_bridge_write_latency_seconds} above its largest bucket bound not beyond {@code floor}:
     * every write that took at least {@code floor} is among them.
     */
    static double writesSlowerThan(PrometheusScrape metrics, String sink, Duration floor) {
        double floorSeconds = floor.toNanos() / 1e9;
        double bound = -1;
        double withinBound = 0;
        double all = 0;
        for (PrometheusScrape.Sample sample : metrics.samples()) {
            if (!sample.name().equals("quiver_bridge_write_latency_seconds_bucket")
                    || !sink.equals(sample.labels().get("sink"))) {
                continue;
            }
            String le = sample.labels().get("le");
            if ("+Inf".equals(le)) {
                all = sample.value();
            } else {
                double upper = Double.parseDouble(le);
                if (upper <= floorSeconds && upper > bound) {
                    bound = upper;
                    withinBound = sample.value();
                }
            }
        }
        return all - withinBound;
    }

    /**
     * Nothing reaches the stores sooner than {@code floor} after it was produced (NATS's deliveries to the bridge are
     * held that long): the newest event each store returns is at least {@code floor} old, exact for every look from
     * {@code floor} after the fault was in place while it holds. Seen once each store was looked at.
     */
    static FaultEffect visibleNoSooner(ChaosRun chaos, Duration floor) {
        long from = System.nanoTime() + floor.toNanos();
        SinkFreshness freshness = chaos.freshness();
        return new FaultEffect("events visible no sooner than " + floor.toMillis() + " ms after produced") {
            private Duration clickhouse;
            private Duration elasticsearch;

            @Override
            boolean check() throws Exception {
                if (System.nanoTime() - from < 0) {
                    return false;
                }
                clickhouse = atLeast(PipelineRun.CLICKHOUSE, freshness.clickhouse());
                elasticsearch = atLeast(PipelineRun.ELASTICSEARCH, freshness.elasticsearch());
                return true;
            }

            private Duration atLeast(String sink, Duration age) {
                if (age.compareTo(floor) < 0) {
                    throw new AssertionError("the newest event in " + sink + " is " + age.toMillis() + " ms old,"
                            + " under the " + floor.toMillis() + " ms NATS's deliveries to the bridge are held");
                }
                return age;
            }

            @Override
            String observed() {
                return "newest event " + (clickhouse == null ? "?" : clickhouse.toMillis()) + " ms old in clickhouse, "
                        + (elasticsearch == null ? "?" : elasticsearch.toMillis()) + " ms in elasticsearch";
            }
        };
    }

    /** An effect holding a resource (a watch) to close before the fault is lifted. */
    abstract static class Closing extends FaultEffect implements AutoCloseable {
        private final AutoCloseable resource;

        private Closing(String what, AutoCloseable resource) {
            super(what);
            this.resource = resource;
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }
}
