package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.subscription.SubscriptionPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.events.EventColumn;
import dev.quiver.flight.events.EventField;
import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventHubTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final EventHub hub = new EventHub();
    private final List<RecordingChannel> listeners = new ArrayList<>();
    private SubscriberQuota quota = new SubscriberQuota(10_000, 1_000);
    private String user = "";

    @AfterEach
    void closeAll() {
        hub.failAll(SubscriberEvents.EndReason.SERVER_CLOSING,
                new QuiverException(Status.UNAVAILABLE, "the test is over"));
        scheduler.runReady();
        assertThat(hub.liveSubscribers()).isZero();
        assertThat(quota.total()).as("every ended subscription gave its place back").isZero();
        allocator.close();
    }

    @Test
    void eachEventReachesExactlyTheSubscribersWhoseFilterMatches() {
        Subscriber everything = subscribe(EventFilter.ALL);
        Subscriber orders = subscribe(new EventFilter("Order", null));
        Subscriber deletedOrders = subscribe(new EventFilter("Order", EnumSet.of(EventType.DELETED)));
        Subscriber createdAnything = subscribe(new EventFilter(null, EnumSet.of(EventType.CREATED)));

        hub.publish("s", json("Order", EventType.CREATED));
        hub.publish("s", json("Order", EventType.DELETED));
        hub.publish("s", json("User", EventType.CREATED));
        hub.publish("s", json("User", EventType.UPDATED));

        assertThat(everything.buffered()).isEqualTo(4);
        assertThat(orders.buffered()).isEqualTo(2);
        assertThat(deletedOrders.buffered()).isEqualTo(1);
        assertThat(createdAnything.buffered()).isEqualTo(2);
        assertThat(hub.receivedMessages()).isEqualTo(4);
        assertThat(hub.bufferedEvents()).isEqualTo(9);
        assertThat(hub.maxBufferedEvents()).isEqualTo(4);
    }

    @Test
    void aPoisonMessageIsCountedAndReachesNobody() {
        Subscriber everything = subscribe(EventFilter.ALL);
        hub.publish("s", "{not json".getBytes(StandardCharsets.UTF_8));
        hub.publish("s", "{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        hub.publish("s", json("Order", EventType.UPDATED));
        assertThat(hub.poisonMessages()).isEqualTo(2);
        assertThat(hub.receivedMessages()).isEqualTo(3);
        assertThat(everything.buffered()).isEqualTo(1);
    }

    @Test
    void aCancelledSubscriberIsRemovedFromTheIndexAtOnce() {
        Subscriber orders = subscribe(new EventFilter("Order", null));
        Subscriber users = subscribe(new EventFilter("User", null));
        assertThat(hub.liveSubscribers()).isEqualTo(2);
        orders.cancel();
        assertThat(hub.liveSubscribers()).isEqualTo(1);
        hub.publish("s", json("Order", EventType.CREATED));
        assertThat(orders.buffered()).isZero();
        users.cancel();
        assertThat(hub.liveSubscribers()).isZero();
        scheduler.runReady();
    }

    @Test
    void aSlowSubscriberIsCountedAndOthersGoOn() {
        Subscriber slow = subscribe(EventFilter.ALL, new DeliveryLimits(2, 1 << 20, 10, 1 << 20, 0));
        Subscriber fast = subscribe(EventFilter.ALL, new DeliveryLimits(100, 1 << 20, 10, 1 << 20, 0));
        listeners.get(0).ready = false;
        for (int i = 0; i < 5; i++) {
            hub.publish("s", json("Order", EventType.CREATED));
            scheduler.runReady();
        }
        assertThat(hub.slowConsumerDisconnects()).isEqualTo(1);
        assertThat(hub.liveSubscribers()).isEqualTo(1);
        assertThat(listeners.get(1).rows()).hasSize(5);
        assertThat(hub.deliveredEvents()).isEqualTo(5);
        assertThat(hub.maxBufferedEvents()).isEqualTo(2);
        assertThat(slow.buffered()).isZero();
        assertThat(fast.buffered()).isZero();
    }

    /** Security review M4: subscriptions held open are capped per user and per server, and ending one frees its place. */
    @Test
    void subscriptionsPastAUsersCapOrTheServersAreRefusedAndAnEndedOneGivesItsPlaceBack() {
        quota = new SubscriberQuota(3, 2);
        user = "bob";
        subscribe(EventFilter.ALL);
        subscribe(new EventFilter("Order", null));

        assertThatThrownBy(() -> subscribe(EventFilter.ALL))
                .isInstanceOfSatisfying(QuiverException.class, e -> {
                    assertThat(e.status()).isEqualTo(Status.RESOURCE_EXHAUSTED);
                    assertThat(e.getMessage()).contains("'bob'", "2 open subscriptions", "--max-subscriptions-per-user");
                });
        assertThat(hub.liveSubscribers()).as("the refused one was never registered").isEqualTo(2);

        user = "alice";
        subscribe(EventFilter.ALL);
        assertThatThrownBy(() -> subscribe(EventFilter.ALL)).hasMessageContaining("(--max-subscriptions)");
        user = "";
        assertThatThrownBy(() -> subscribe(EventFilter.ALL)).as("anonymous counts against the server's cap")
                .hasMessageContaining("3 open subscriptions");

        listeners.get(0).onCancel.run(); // bob's first goes away
        scheduler.runReady();
        assertThat(quota.total()).isEqualTo(2);
        assertThat(quota.of("bob")).isEqualTo(1);
        user = "bob";
        subscribe(EventFilter.ALL);
        assertThat(quota.of("bob")).isEqualTo(2);
    }

    private Subscriber subscribe(EventFilter filter) {
        return subscribe(filter, new DeliveryLimits(100, 1 << 20, 10, 1 << 20, 50_000_000L));
    }

    private Subscriber subscribe(EventFilter filter, DeliveryLimits limits) {
        SubscriptionPlan plan = new SubscriptionPlan(filter, List.of(new EventColumn("id", EventField.ENTITY_ID)));
        RecordingChannel listener = new RecordingChannel();
        listeners.add(listener);
        Subscriber subscriber = new Subscriptions(hub, scheduler, limits,
                new TransmitBudget(64L << 20, scheduler), allocator, quota).open(plan, listener, user);
        scheduler.runReady();
        return subscriber;
    }

    private static byte[] json(String entityType, EventType type) {
        return ObserverEventJson.encode(new ObserverEvent(UUID.randomUUID().toString(), type, entityType, "1",
                Instant.parse("2026-01-31T12:00:00Z"), "u", "o", "{}"));
    }
}
