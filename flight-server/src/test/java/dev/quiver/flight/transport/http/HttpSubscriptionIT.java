package dev.quiver.flight.transport.http;

import static dev.quiver.flight.subscription.SubscriptionTestBed.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.CallLimits;
import dev.quiver.flight.ClientBudgets;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.subscription.SubscriptionStats;
import dev.quiver.flight.subscription.SubscriptionTestBed;
import dev.quiver.flight.testing.Await;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscriptions over HTTP (Server-Sent Events) end to end: real NATS JetStream, the server in process. A client
 * that does not read is cut off with RESOURCE_EXHAUSTED while a fast one misses nothing, a server that closes ends
 * its streams with UNAVAILABLE, a client that leaves gives its subscription and stream slot back, and an open
 * subscription counts against {@code --max-streams}.
 */
@Timeout(120)
class HttpSubscriptionIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpSubscriptionIT.class);
    private static final Duration SETTLE = Duration.ofSeconds(20);
    /**
     * The slow client's socket takes a few MB before the server's writes block (a 16 KB receive window, but the
     * server's send buffer grows to 4 MB on loopback), i.e. about 2,000 events of 2 KB; with 1,000 more in its
     * buffer it overflows near event 3,000, far short of the 10,000 published.
     */
    private static final int BUFFER = 1_000;
    private static final int BURST = 10_000;

    @Test
    void aSubscriberThatDoesNotReadIsCutOffWhileAFastOneGetsEverything() throws Exception {
        try (SubscriptionTestBed bed = SubscriptionTestBed.start(BUFFER, 50)) {
            int port = bed.server().httpPort();
            RawHttpCall slow = RawHttpCall.post(port, "/graphql", request("subscription { events { entityId data } }"),
                    "Accept: text/event-stream");
            assertThat(slow.statusLine()).startsWith("HTTP/1.1 200");
            assertThat(slow.headers()).containsEntry("content-type", "text/event-stream; charset=utf-8");
            EventStreamClient fast = EventStreamClient.open(port, request("subscription { events { entityId } }"));
            assertThat(fast.status()).isEqualTo(200);
            awaitLive(bed, 2);
            CompletableFuture<List<String>> fastIds = CompletableFuture.supplyAsync(() -> entityIds(fast, BURST));

            String data = "{\"padding\":\"" + "p".repeat(2_000) + "\"}";
            List<ObserverEvent> burst = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                burst.add(event("Order", EventType.UPDATED, "o" + i, data));
            }
            bed.publishBurst(burst);
            assertThat(fastIds.get(60, TimeUnit.SECONDS))
                    .isEqualTo(burst.stream().map(ObserverEvent::entityId).collect(Collectors.toList()));

            // now the slow client reads what it was sent: some events, then the error, then the end
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(slow.body(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            }
            long received = lines.stream().filter(line -> line.startsWith("data: {\"data\"")).count();
            LOG.info("the slow HTTP subscriber received {} of {} events before it was cut off", received, BURST);
            assertThat(received).isLessThan(BURST);
            String error = lines.get(lines.size() - 4);
            assertThat(lines.subList(lines.size() - 5, lines.size())).containsExactly("event: next", error, "",
                    "event: complete", "");
            assertThat(error).startsWith("data: {\"errors\":[{\"message\":\"slow consumer: ")
                    .contains("limit " + BUFFER + " events", "read faster or narrow the filter",
                            "\"extensions\":{\"code\":\"RESOURCE_EXHAUSTED\"}");
            slow.close();

            SubscriptionStats stats = bed.server().subscriptionStats();
            assertThat(stats.slowConsumerDisconnects()).isEqualTo(1);
            assertThat(stats.liveSubscribers()).isEqualTo(1);
            Await.until("the slow subscription's stream slot to be free", SETTLE,
                    () -> bed.server().streamSlots().inUse() == 1);
            fast.close();
        }
    }

    /**
     * Security review H4 for event streams: a subscriber that stops reading while its socket stays open held its
     * stream slot and HTTP worker for as long as it liked, once the server's writes to it blocked (its buffer had
     * overflowed, but the error could not be written either). Now a write blocked past {@code --http-write-timeout}
     * ends the stream: the slot, the worker and the subscription are free again while the client still holds its
     * socket.
     */
    @Test
    void aSubscriberWhoseSocketStaysOpenButReadsNothingIsCutAtTheWriteDeadline() throws Exception {
        try (SubscriptionTestBed bed = SubscriptionTestBed.start(BUFFER, 50, config -> config.budgets(
                ClientBudgets.DEFAULTS.withHttpTimeouts(ClientBudgets.DEFAULTS.httpReadTimeout(), Duration.ofSeconds(2))))) {
            RawHttpCall stuck = RawHttpCall.post(bed.server().httpPort(), "/graphql",
                    request("subscription { events { entityId data } }"), "Accept: text/event-stream");
            assertThat(stuck.statusLine()).startsWith("HTTP/1.1 200");
            awaitLive(bed, 1);
            assertThat(bed.server().streamSlots().inUse()).isEqualTo(1);

            String data = "{\"padding\":\"" + "p".repeat(2_000) + "\"}";
            List<ObserverEvent> burst = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                burst.add(event("Order", EventType.UPDATED, "o" + i, data));
            }
            bed.publishBurst(burst);

            Await.until("the stuck subscriber's stream slot to be free while its socket is open", SETTLE,
                    () -> bed.server().streamSlots().inUse() == 0);
            Await.until("its subscription to end", SETTLE,
                    () -> bed.server().subscriptionStats().liveSubscribers() == 0);
            stuck.close();
        }
    }

    @Test
    void theServerClosingEndsAnOpenStreamWithUnavailableThenComplete() throws Exception {
        try (SubscriptionTestBed bed = SubscriptionTestBed.start(10_000, 1)) {
            EventStreamClient open = EventStreamClient.open(bed.server().httpPort(),
                    request("subscription { events { entityId } }"));
            assertThat(open.status()).isEqualTo(200);
            awaitLive(bed, 1);
            long closing = System.nanoTime();
            bed.closeServer();
            // as SlowConsumerIT: a server that waited for the open stream would sit out the HTTP server's grace and
            // the Flight server's; a clean close takes about a second
            assertThat((System.nanoTime() - closing) / 1_000_000).as("server close in ms").isLessThan(7_500);
            EventStreamClient.Event error = open.next();
            assertThat(error.name()).isEqualTo("next");
            assertThat(error.json().path("errors").path(0).path("extensions").path("code").asText())
                    .isEqualTo("UNAVAILABLE");
            assertThat(error.json().path("errors").path(0).path("message").asText()).contains("shutting down");
            assertThat(open.next()).isEqualTo(new EventStreamClient.Event("complete", null));
            assertThat(open.next()).as("the end of the stream").isNull();
            open.close();
        }
    }

    @Test
    void aClientThatLeavesGivesBackItsSubscriptionAndStreamSlot() throws Exception {
        try (SubscriptionTestBed bed = SubscriptionTestBed.start(10_000, 1)) {
            EventStreamClient client = EventStreamClient.open(bed.server().httpPort(),
                    request("subscription { events(entityType: \"Leaving\") { entityId } }"));
            awaitLive(bed, 1);
            assertThat(bed.server().streamSlots().inUse()).as("an open HTTP subscription holds a slot").isEqualTo(1);
            client.close();
            // the server finds the client gone when it next writes to it: an event, or its keep-alive comment
            publishUntil(bed, "Leaving", () -> bed.server().subscriptionStats().liveSubscribers() == 0);
            Await.until("the slot to be free", SETTLE, () -> bed.server().streamSlots().inUse() == 0);
        }
    }

    @Test
    void pastTheStreamLimitASubscriptionIsRefusedWith429LikeAQuery() throws Exception {
        try (SubscriptionTestBed bed = SubscriptionTestBed.start(10_000, 1,
                config -> config.calls(new CallLimits(1, Duration.ofMinutes(1))))) {
            int port = bed.server().httpPort();
            EventStreamClient first = EventStreamClient.open(port,
                    request("subscription { events(entityType: \"Busy\") { entityId } }"));
            assertThat(first.status()).isEqualTo(200);

            EventStreamClient second = EventStreamClient.open(port, request("subscription { events { entityId } }"));
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(second.body()).contains("RESOURCE_EXHAUSTED", "--max-streams 1");
            HttpTestClient http = new HttpTestClient(port);
            assertThat(http.postGraphQL(request("{ users(limit: 1) { id } }")).status()).isEqualTo(429);
            try (org.apache.arrow.flight.FlightStream overFlight = bed.subscribe("subscription { events { entityId } }")) {
                assertThat(overFlight.getSchema()).as("a Flight subscription holds no thread, so it takes no slot")
                        .isNotNull();
                overFlight.cancel("done", null);
            }

            first.close();
            publishUntil(bed, "Busy", () -> bed.server().streamSlots().inUse() == 0);
            assertThat(http.postGraphQL(request("{ users(limit: 1) { id } }")).status()).isEqualTo(200);
        }
    }

    private static void awaitLive(SubscriptionTestBed bed, int subscribers) {
        Await.until(subscribers + " live subscribers", SETTLE,
                () -> bed.server().subscriptionStats().liveSubscribers() == subscribers);
    }

    /**
     * Publishes events of {@code entityType}, one every quarter second or so, until {@code condition} holds (at
     * most 20 s): each is a write to the subscribers, which finds out those whose client has left.
     */
    private static void publishUntil(SubscriptionTestBed bed, String entityType, BooleanSupplier condition)
            throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (int i = 0; !SubscriptionTestBed.await(condition, Duration.ofMillis(250)); i++) {
            assertThat(System.nanoTime()).as("waited %s for the server to notice", SETTLE).isLessThan(deadline);
            bed.publish(List.of(event(entityType, EventType.CREATED, "e" + i, "{}")));
        }
    }

    private static List<String> entityIds(EventStreamClient events, int count) {
        List<String> ids = new ArrayList<>();
        while (ids.size() < count) {
            EventStreamClient.Event event = events.next();
            if (event == null) {
                throw new AssertionError("the stream ended after " + ids.size() + " events");
            }
            ids.add(event.json().path("data").path("events").path("entityId").asText());
        }
        return ids;
    }

    private static String request(String query) {
        return new String(GraphQLRequest.of(query).toJson(), StandardCharsets.UTF_8);
    }
}
