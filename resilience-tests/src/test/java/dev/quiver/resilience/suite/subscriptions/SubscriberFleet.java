package dev.quiver.resilience.suite.subscriptions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.resilience.harness.LatencyRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Ticket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many {@link LiveSubscriber}s of one subscription document, spread round-robin over a few Flight clients (each
 * its own gRPC channel and HTTP/2 connection): HTTP/2 multiplexes thousands of streams on a connection, and a few
 * connections spread the work over the client's event-loop threads. Each subscriber is read by its own thread with
 * a 256 KiB stack (Arrow's FlightStream only reads blocking); 10,000 of them are fine in one test JVM.
 */
final class SubscriberFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberFleet.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Totals over a group of subscribers. */
    record Tally(long expected, long received, long duplicates, long unexpected, long corrupt, long missing,
                 int complete, int subscribers) {
    }

    private final List<FlightClient> clients = new ArrayList<>();
    private final Ticket ticket;
    private int nextClient;

    /**
     * @param connections how many Flight clients to spread the subscriptions over
     * @param selection   the fields selected, e.g. {@code entityId occurredAt}
     */
    SubscriberFleet(SubscriptionServer server, int connections, String selection) throws Exception {
        for (int i = 0; i < connections; i++) {
            clients.add(server.newClient());
        }
        String query = "subscription { events(entityType: \"" + LiveEventPublisher.ENTITY_TYPE + "\") { " + selection
                + " } }";
        this.ticket = new Ticket(JSON.writeValueAsString(Map.of("query", query)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Opens {@code count} subscriptions at once (every call started first, then every schema awaited) and returns
     * them all, established or not.
     */
    List<LiveSubscriber> open(int count) {
        List<LiveSubscriber> subscribers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            subscribers.add(LiveSubscriber.open(clients.get(nextClient++ % clients.size()), ticket));
        }
        for (LiveSubscriber subscriber : subscribers) {
            subscriber.awaitEstablished();
        }
        long failed = subscribers.stream().filter(s -> !s.established()).count();
        if (failed > 0) {
            LOG.warn("{} of {} subscriptions not established; first failure: {}", failed, count,
                    subscribers.stream().filter(s -> !s.established()).findFirst().map(LiveSubscriber::openFailure)
                            .orElse(null));
        }
        return subscribers;
    }

    /** Why the first subscription that was not established failed, or "none". */
    static String firstOpenFailure(List<LiveSubscriber> subscribers) {
        return subscribers.stream().filter(s -> !s.established()).findFirst().map(s -> String.valueOf(s.openFailure()))
                .orElse("none");
    }

    /** Only the established ones. */
    static List<LiveSubscriber> established(List<LiveSubscriber> subscribers) {
        return subscribers.stream().filter(LiveSubscriber::established).toList();
    }

    /** Starts every subscriber's reader for events {@code first..last}; the latch counts them done. */
    static CountDownLatch startReading(List<LiveSubscriber> subscribers, long first, long last,
                                       LatencyRecorder latency, LiveSubscriber.RowCheck check) {
        CountDownLatch done = new CountDownLatch(subscribers.size());
        for (LiveSubscriber subscriber : subscribers) {
            subscriber.startReading(first, last, latency, check, done);
        }
        return done;
    }

    /** Waits for the readers; on timeout cancels the stragglers so their threads end, and returns false. */
    static boolean await(CountDownLatch done, List<LiveSubscriber> subscribers, Duration timeout)
            throws InterruptedException {
        if (done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        LOG.warn("{} of {} readers not done after {}; cancelling them", done.getCount(), subscribers.size(), timeout);
        subscribers.forEach(LiveSubscriber::cancel);
        done.await(10, TimeUnit.SECONDS);
        return false;
    }

    static Tally tally(List<LiveSubscriber> subscribers, long eventsEach) {
        long received = 0;
        long duplicates = 0;
        long unexpected = 0;
        long corrupt = 0;
        long missing = 0;
        int complete = 0;
        for (LiveSubscriber subscriber : subscribers) {
            received += subscriber.received();
            duplicates += subscriber.duplicates();
            unexpected += subscriber.unexpected();
            corrupt += subscriber.corrupt();
            missing += subscriber.missing();
            complete += subscriber.complete() ? 1 : 0;
        }
        return new Tally(eventsEach * subscribers.size(), received, duplicates, unexpected, corrupt, missing, complete,
                subscribers.size());
    }

    /** The first incomplete subscriber's state, for failure messages. */
    static String firstIncomplete(List<LiveSubscriber> subscribers) {
        return subscribers.stream().filter(s -> !s.complete()).findFirst().map(LiveSubscriber::describe)
                .orElse("none");
    }

    /** Cancels and releases every subscriber. */
    static void closeAll(List<LiveSubscriber> subscribers) {
        subscribers.forEach(LiveSubscriber::cancel);
        subscribers.forEach(LiveSubscriber::close);
    }

    @Override
    public void close() {
        for (FlightClient client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.warn("closing a Flight client: {}", e.toString());
            }
        }
    }
}
