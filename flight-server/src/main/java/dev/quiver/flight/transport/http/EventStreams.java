package dev.quiver.flight.transport.http;

import com.sun.net.httpserver.HttpExchange;
import dev.quiver.flight.admission.StreamSlot;
import dev.quiver.flight.admission.StreamSlots;
import dev.quiver.flight.metrics.RequestObservation;
import dev.quiver.flight.request.Plan;
import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import dev.quiver.flight.subscription.SubscriptionService;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subscriptions over HTTP: each is answered as an {@link EventStream} on the server's one
 * {@link SubscriptionService}, the same as a Flight subscription apart from the transport.
 *
 * <p>An HTTP subscription holds its request's worker thread for as long as it is open (the JDK server's response
 * stream blocks), so it takes one of the server's stream slots ({@code --max-streams}, shared with every query on
 * both transports) for that time: the HTTP workers are sized as the stream slots plus spares
 * ({@link HttpSettings#of(String, int, dev.quiver.flight.request.QueryLimits, int)}), so however many clients
 * subscribe, spare workers stay free to answer 429, {@code /health}, {@code /metrics} and cancel. (A Flight
 * subscription takes no slot: it holds no thread.) Past the limit a subscription gets 429 with
 * {@code Retry-After}, like a query.
 *
 * <p>{@link #closeAll} ends every open stream with UNAVAILABLE, before the HTTP server stops.
 */
final class EventStreams {
    private final SubscriptionService subscriptions;
    private final StreamSlots slots;
    private final Duration heartbeat;
    private final WriteDeadline writeDeadline;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();

    EventStreams(SubscriptionService subscriptions, StreamSlots slots, Duration heartbeat, WriteDeadline writeDeadline) {
        this.writeDeadline = writeDeadline;
        this.subscriptions = subscriptions;
        this.slots = slots;
        this.heartbeat = heartbeat;
    }

    /**
     * Answers a subscription with an event stream and returns once the stream has ended. A refusal before the
     * stream opens (the client does not accept an event stream: 406; subscriptions off: 503; no stream slot: 429)
     * is thrown, for the caller to answer like any other request's; once the stream is open it ends itself (the
     * caller must not answer again: the exchange's response code is set).
     */
    void serve(HttpExchange exchange, Plan.Subscription plan, String user, RequestObservation observation)
            throws HttpProblem {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (!EventStream.accepts(accept)) {
            throw HttpProblem.notAcceptable(accept, "a subscription is an endless stream of events, answered as"
                    + " Server-Sent Events: send it with Accept: text/event-stream");
        }
        subscriptions.checkEnabled();
        // a client that stops reading holds its slot and worker until a write has been blocked --http-write-timeout
        try (StreamSlot slot = slots.acquire(); WriteDeadline.Watch writes = writeDeadline.watch()) {
            EventStream stream = new EventStream(exchange, plan.resultKey(), observation, heartbeat, writes);
            open.add(stream);
            try {
                subscriptions.subscribe(plan.plan(), stream, user);
                stream.run();
            } finally {
                open.remove(stream);
                stream.cancelSubscription(); // however the stream ended, its subscriber takes no more events
            }
        }
    }

    /** Ends every open event stream with UNAVAILABLE: the server is shutting down. */
    void closeAll() {
        QuiverException closing = new QuiverException(Status.UNAVAILABLE, "the server is shutting down; subscribe"
                + " again (to another instance)");
        open.forEach(stream -> stream.close(closing));
    }

    /** Event streams open now. */
    int size() {
        return open.size();
    }
}
