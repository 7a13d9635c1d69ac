package dev.quiver.flight.subscription;

import static dev.quiver.flight.subscription.SubscriptionTestBed.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A subscriber that does not read is cut off with RESOURCE_EXHAUSTED; a fast one beside it misses nothing. */
@Timeout(120)
class SlowConsumerIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SlowConsumerIT.class);
    /**
     * Large enough that the fast subscriber keeps up on a busy machine, small enough that the slow one overflows
     * long before the burst ends: its transport takes about 1.5 MB (a 1 MiB HTTP/2 window and the client's 5
     * requested batches of 50 events of 2 KB), i.e. about 750 events, so it overflows near event 4,750; even an
     * 8 MiB window (gRPC's flow-control auto-tuning limit) would leave it short of the 10,000.
     */
    private static final int BUFFER = 4_000;
    private static final int BURST = 10_000;

    @Test
    void aSubscriberThatDoesNotReadIsCutOffWhileAFastOneGetsEverything() throws Exception {
        try (SubscriptionTestBed bed = SubscriptionTestBed.start(BUFFER, 50)) {
            FlightStream slow = bed.subscribe("subscription { events { entityId data } }");
            FlightStream fast = bed.subscribe("subscription { events { entityId } }");
            CompletableFuture<List<String>> fastRows =
                    CompletableFuture.supplyAsync(() -> LiveRows.readColumn(fast, "entityId", BURST));
            String data = "{\"padding\":\"" + "p".repeat(2_000) + "\"}";
            List<ObserverEvent> burst = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                burst.add(event("Order", EventType.UPDATED, "o" + i, data));
            }
            long started = System.nanoTime();
            bed.publishBurst(burst);
            long published = System.nanoTime();

            List<String> fastIds = fastRows.get(60, TimeUnit.SECONDS);
            LOG.info("burst of {} events published in {} ms, fast subscriber done after {} ms", BURST,
                    (published - started) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
            assertThat(fastIds).isEqualTo(burst.stream().map(ObserverEvent::entityId).collect(Collectors.toList()));

            int[] slowRows = {0};
            assertThatThrownBy(() -> {
                while (slow.next()) {
                    slowRows[0] += slow.getRoot().getRowCount();
                }
            }).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
                assertThat(e.getMessage()).contains("slow consumer", "limit " + BUFFER + " events",
                        "read faster or narrow the filter");
            });
            assertThat(slowRows[0]).isLessThan(BURST);

            SubscriptionStats stats = bed.server().subscriptionStats();
            assertThat(stats.slowConsumerDisconnects()).isEqualTo(1);
            assertThat(stats.maxBufferedEvents()).isLessThanOrEqualTo(BUFFER);
            assertThat(stats.liveSubscribers()).isEqualTo(1);
            fast.cancel("done", null);
            assertThat(SubscriptionTestBed.await(() -> bed.server().subscriptionStats().liveSubscribers() == 0,
                    Duration.ofSeconds(5))).isTrue();
            assertThat(bed.server().subscriptionStats().bufferedEvents()).isZero();
            slow.close();
            fast.close();

            FlightStream open = bed.subscribe("subscription { events { entityId } }");
            long closing = System.nanoTime();
            bed.closeServer();
            // a server that waited for the open subscription would sit out Flight's 5 s grace (QuiverServer.close)
            // and FlightServer.close's 3 s more before cutting it off; a clean close takes about a second (the
            // HTTP server's stop grace), so 7.5 s leaves a loaded machine room and still catches that wait
            assertThat((System.nanoTime() - closing) / 1_000_000).as("server close in ms").isLessThan(7_500);
            assertThatThrownBy(open::next).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAVAILABLE);
                assertThat(e.getMessage()).contains("shutting down");
            });
            open.close();
        }
    }
}
