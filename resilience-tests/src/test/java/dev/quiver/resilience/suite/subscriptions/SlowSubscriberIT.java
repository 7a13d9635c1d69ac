package dev.quiver.resilience.suite.subscriptions;

import static dev.quiver.resilience.suite.subscriptions.ConcurrentSubscriptionsIT.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.resilience.harness.LatencyRecorder;
import dev.quiver.resilience.harness.Sampler;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.Smoke;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Ticket;

/**
 * One subscriber stops reading while many keep up, and a 10,000-event burst arrives whose bytes (~300 MB) exceed
 * the server's whole heap (-Xmx256m; smoke: 8,000 events, ~240 MB): the stalled subscriber must overflow its bounded
 * buffer and end with RESOURCE_EXHAUSTED "slow consumer", every normal subscriber gets every event once and in order,
 * and the server's live heap stays within the bound its buffer settings give.
 *
 * <p>The bound: events are decoded once and shared by all subscribers' buffers, so what buffering can keep alive is
 * at most one buffer's worth of events ({@code --subscription-buffer-bytes}, 64 MiB here), plus the feed's fetch in
 * flight (at most 16 MiB of messages, held raw and decoded: 2 x 16 MiB), plus 32 MiB for connection buffers and the
 * message being decoded at the moment of a GC, plus the batches the delivery threads have taken off buffers and are
 * encoding (8 MiB at most on each of the server's {@value SubscriptionServer#DELIVERY_THREADS}, asserted from a thread
 * dump: they may be older than every buffered event), over the live heap before the burst; Arrow batches and gRPC
 * buffers are off-heap. The bound is 144 MiB over the baseline, and the burst is larger at both scales (asserted),
 * so a server that buffered the burst for the stalled subscriber fails it (at full scale it would need more than its
 * whole heap). The live heap is taken after a full GC once a second and at each eighth of the burst (by events
 * published, so a fast machine's short burst is sampled while it is in flight too).
 */
class SlowSubscriberIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final int HEAP_MB = 256;
    private static final long BUFFER_BYTES = 64L << 20;
    private static final long FETCH_BYTES = 16L << 20;
    /** Connection buffers and the decoding of the message in hand (its JSON tree and strings) at a GC. */
    private static final long TRANSIENT_SLACK_BYTES = 32L << 20;
    private static final int EVENT_DATA_CHARS = 30_000;
    /** Points of the burst's progress at which the live heap is also taken. */
    private static final int CHECKPOINTS = 8;

    @Scenario(group = "subscriptions", title = "slow subscriber under a {8,000|10,000}-event burst: it ends with"
            + " RESOURCE_EXHAUSTED, the others get everything, server heap bounded")
    @Smoke
    void slowSubscriberIsCutOffOthersGetTheWholeBurst(ScenarioLog log) throws Exception {
        SERVICES.require(ServiceName.NATS);
        int normal = log.scale().pick(10, 50);
        int burst = log.scale().pick(8_000, 10_000);
        String padding = "p".repeat(EVENT_DATA_CHARS);
        long burstBytes = (long) burst * EVENT_DATA_CHARS;
        log.load(String.format("%,d-event burst of ~%d KB events (%,d MB in all) to %d reading subscribers and 1 that"
                + " stopped reading; server -Xmx%dm, --subscription-buffer-bytes %d MiB", burst, EVENT_DATA_CHARS / 1000,
                burstBytes / 1_000_000, normal, HEAP_MB, BUFFER_BYTES >> 20));
        try (SubscriptionServer server = new SubscriptionServer(SERVICES, "slow", HEAP_MB,
                     Map.of("subscription-buffer-bytes", Long.toString(BUFFER_BYTES)));
             SubscriberFleet fleet = new SubscriberFleet(server, 2, "entityId occurredAt")) {
            if (log.scale().full()) {
                assertThat(burstBytes).as("the burst is larger than the server's heap").isGreaterThan(server.maxHeapBytes);
            }
            LiveEventPublisher publisher = new LiveEventPublisher(server, 0);
            long heapBaseline = server.postGcHeapBytes();
            long bound = heapBaseline + BUFFER_BYTES + 2 * FETCH_BYTES + SubscriptionServer.ENCODING_BYTES
                    + TRANSIENT_SLACK_BYTES;
            log.figure("server heap after GC before the burst", heapBaseline / MIB, "MiB");
            log.figure("live-heap bound (baseline + buffer + 2 x fetch + 2 x 8 MiB encoding + 32 MiB)", bound / MIB,
                    "MiB");
            assertThat(burstBytes).as("the burst (bytes) is larger than what the bound allows above the baseline, so a"
                    + " server that buffered it for the stalled subscriber fails the bound")
                    .isGreaterThan(bound - heapBaseline);

            // the slow one: its own connection (so its full HTTP/2 window stalls nothing else), selects the payload
            org.apache.arrow.flight.FlightClient slowClient = server.newClient();
            LiveSubscriber slow = LiveSubscriber.open(slowClient, new Ticket(("{\"query\":\"subscription { events("
                    + "entityType: \\\"" + LiveEventPublisher.ENTITY_TYPE + "\\\") { entityId data } }\"}").getBytes()));
            assertThat(slow.awaitEstablished()).as("slow subscriber established: " + slow.openFailure()).isTrue();
            List<LiveSubscriber> others = SubscriberFleet.established(fleet.open(normal));
            assertThat(others).hasSize(normal);
            server.awaitLiveSubscribers(normal + 1, Duration.ofSeconds(30));

            AtomicLong maxPostGcHeap = new AtomicLong();
            try (Sampler fast = server.gauges(log);
                 Sampler gc = server.postGcHeapGauge(log, maxPostGcHeap)) {
                LatencyRecorder latency = new LatencyRecorder(log);
                long first = publisher.nextIndex();
                CountDownLatch done = SubscriberFleet.startReading(others, first, first + burst - 1, latency, null);
                ScenarioLog.Fault stall = log.fault("1 subscriber stops reading");
                // besides the sampler's (one a second: few during a burst on a fast machine), the live heap at each
                // eighth of the burst, so the bound is checked while the burst is in flight at any speed
                LiveEventPublisher.Published published = publisher.publish(burst, 0, 256,
                        n -> "{\"n\":" + n + ",\"pad\":\"" + padding + "\"}", burst / CHECKPOINTS,
                        sent -> {
                            long live = server.postGcHeapBytes();
                            maxPostGcHeap.accumulateAndGet(live, Math::max);
                            log.series("server heap after GC", "MiB").add(live / MIB);
                        });
                log.figure("burst published in", published.nanos() / 1e9, "s");
                boolean allDone = SubscriberFleet.await(done, others, Duration.ofSeconds(120));
                SubscriberFleet.Tally tally = SubscriberFleet.tally(others, published.count());
                log.deliveries("subscribers (reading)", tally.expected(), tally.received(), tally.duplicates());
                log.latency(latency.all("delivery (publish to received)"));
                latency.publishSeries("delivery", 500);

                FlightStatusCode slowEnd = slow.readToEnd();
                stall.end();
                log.figure("rows the slow subscriber got before it was cut off", slow.received(), "");
                JsonNode stats = server.stats();
                log.note("slow subscriber ended " + slowEnd + ": " + slow.endMessage());
                log.note("server stats: " + stats + "; " + server.feedState());
                log.figure("max events buffered for one subscriber", stats.get("maxBufferedEvents").asLong(), "");
                log.figure("max server heap after GC during the burst", maxPostGcHeap.get() / MIB, "MiB");

                assertThat(allDone).as("every reading subscriber finished; first incomplete: "
                        + SubscriberFleet.firstIncomplete(others)).isTrue();
                assertThat(tally.complete()).as("reading subscribers with every event once, in order; first"
                        + " incomplete: " + SubscriberFleet.firstIncomplete(others)).isEqualTo(normal);
                assertThat(tally.duplicates()).isZero();
                assertThat(slowEnd).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
                assertThat(slow.endMessage()).contains("slow consumer");
                assertThat(slow.received()).as("the slow subscriber cannot have had the whole burst").isLessThan(burst);
                assertThat(stats.get("slowConsumerDisconnects").asLong()).isEqualTo(1);
                assertThat(stats.get("liveSubscribers").asInt()).isEqualTo(normal);
                assertThat(maxPostGcHeap.get()).as("live heap during the burst (bytes) within baseline + buffer + 2"
                        + " fetches + 2 batches being encoded + 32 MiB").isLessThanOrEqualTo(bound);
                assertThat(server.deliveryThreads()).as("the server's delivery threads (the bound counts %d)",
                        SubscriptionServer.DELIVERY_THREADS).isBetween(1, SubscriptionServer.DELIVERY_THREADS);
                assertThat(server.process().process().isAlive()).isTrue();
                assertThat(server.process().process().tail(2_000)).doesNotContain("OutOfMemoryError");
            } finally {
                slow.cancel();
                slow.close();
                slowClient.close();
            }
            SubscriberFleet.closeAll(others);
            server.awaitLiveSubscribers(0, Duration.ofSeconds(30));
        }
    }
}
