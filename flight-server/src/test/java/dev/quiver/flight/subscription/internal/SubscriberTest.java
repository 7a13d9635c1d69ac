package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.subscription.SubscriptionPlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.events.EventColumn;
import dev.quiver.flight.events.EventField;
import dev.quiver.flight.events.EventRow;
import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import dev.quiver.flight.subscription.internal.SubscriberEvents.EndReason;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriberTest {
    private static final long LINGER_MILLIS = 50;
    private static final SubscriptionPlan PLAN = new SubscriptionPlan(EventFilter.ALL, List.of(
            new EventColumn("id", EventField.ENTITY_ID), new EventColumn("at", EventField.OCCURRED_AT),
            new EventColumn("user", EventField.USER_ID), new EventColumn("data", EventField.DATA)));

    private final BufferAllocator allocator = new RootAllocator();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingChannel listener = new RecordingChannel();
    private final RecordingOwner owner = new RecordingOwner();
    private final TransmitBudget budget = new TransmitBudget(64L << 20, scheduler);

    @AfterEach
    void noMemoryLeft() {
        allocator.close();
    }

    @Test
    void aFullBatchIsSentAtOnce() {
        Subscriber subscriber = active(new DeliveryLimits(100, 1 << 20, 3, 1 << 20, millis(LINGER_MILLIS)));
        offer(subscriber, "a", "b", "c", "d");
        scheduler.runReady();
        assertThat(listener.batches).containsExactly(List.of("a", "b", "c"));
        assertThat(owner.delivered).isEqualTo(3);
        close(subscriber);
    }

    @Test
    void aLoneEventIsSentWhenItHasLingeredLongEnough() {
        Subscriber subscriber = active(new DeliveryLimits(100, 1 << 20, 10, 1 << 20, millis(LINGER_MILLIS)));
        offer(subscriber, "a");
        scheduler.runReady();
        scheduler.advanceMillis(LINGER_MILLIS - 1);
        assertThat(listener.batches).isEmpty();
        offer(subscriber, "b");
        scheduler.advanceMillis(1);
        assertThat(listener.batches).containsExactly(List.of("a", "b"));
        close(subscriber);
    }

    @Test
    void aZeroLingerSendsEachEventAtOnce() {
        Subscriber subscriber = active(new DeliveryLimits(100, 1 << 20, 10, 1 << 20, 0));
        offer(subscriber, "a");
        scheduler.runReady();
        offer(subscriber, "b");
        scheduler.runReady();
        assertThat(listener.batches).containsExactly(List.of("a"), List.of("b"));
        close(subscriber);
    }

    @Test
    void nothingIsSentWhileTheClientIsNotReadyAndEverythingFollowsWhenItIs() {
        Subscriber subscriber = active(new DeliveryLimits(100, 1 << 20, 2, 1 << 20, millis(LINGER_MILLIS)));
        listener.ready = false;
        offer(subscriber, "a", "b", "c", "d", "e");
        scheduler.advanceMillis(1_000);
        assertThat(listener.batches).isEmpty();
        assertThat(subscriber.buffered()).isEqualTo(5);

        listener.ready = true;
        subscriber.ready();
        scheduler.runReady();
        assertThat(listener.batches).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        assertThat(subscriber.buffered()).isZero();
        close(subscriber);
    }

    @Test
    void overflowingTheEventLimitEndsTheStreamWithResourceExhaustedAndFreesTheBuffer() {
        Subscriber subscriber = active(new DeliveryLimits(5, 1 << 20, 2, 1 << 20, millis(LINGER_MILLIS)));
        listener.ready = false;
        offer(subscriber, "a", "b", "c", "d", "e");
        assertThat(subscriber.offer(event("f"))).isEqualTo(-1);
        assertThat(subscriber.buffered()).isZero();
        scheduler.runReady();

        assertThat(listener.batches).isEmpty();
        assertThat(listener.error).isInstanceOfSatisfying(QuiverException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.RESOURCE_EXHAUSTED);
            assertThat(e.getMessage()).contains("slow consumer: 5 events", "limit 5 events",
                    "read faster or narrow the filter");
        });
        assertThat(owner.ended).containsExactly(EndReason.SLOW_CONSUMER);
        assertThat(subscriber.offer(event("g"))).isEqualTo(-1);
        assertThat(subscriber.highWater()).isEqualTo(5);
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    @Test
    void overflowingTheByteLimitEndsTheStreamToo() {
        long eventBytes = event("a").retainedBytes();
        Subscriber subscriber = active(new DeliveryLimits(100, 2 * eventBytes, 10, 1 << 20, millis(LINGER_MILLIS)));
        listener.ready = false;
        offer(subscriber, "a", "b");
        assertThat(subscriber.offer(event("c"))).isEqualTo(-1);
        scheduler.runReady();
        assertThat(listener.error).isInstanceOfSatisfying(QuiverException.class,
                e -> assertThat(e.status()).isEqualTo(Status.RESOURCE_EXHAUSTED));
        assertThat(owner.ended).containsExactly(EndReason.SLOW_CONSUMER);
    }

    @Test
    void aBatchStopsGrowingAtTheByteLimit() {
        long eventBytes = event("a").retainedBytes();
        Subscriber subscriber = active(new DeliveryLimits(100, 1 << 20, 10, 2 * eventBytes, millis(LINGER_MILLIS)));
        offer(subscriber, "a", "b", "c", "d", "e");
        scheduler.advanceMillis(LINGER_MILLIS);
        assertThat(listener.batches).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        close(subscriber);
    }

    @Test
    void aCancelledSubscriberLeavesAtOnceAndSendsNothingMore() {
        Subscriber subscriber = active(new DeliveryLimits(100, 1 << 20, 10, 1 << 20, millis(LINGER_MILLIS)));
        offer(subscriber, "a", "b");
        subscriber.cancel();
        assertThat(owner.ended).containsExactly(EndReason.CANCELLED);
        assertThat(subscriber.offer(event("c"))).isEqualTo(-1);
        scheduler.advanceMillis(LINGER_MILLIS);
        assertThat(listener.batches).isEmpty();
        assertThat(listener.error).isNull();
        assertThat(subscriber.isFinished()).isTrue();
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    @Test
    void eventsBeforeActivationWaitForIt() {
        VectorSchemaRoot root = VectorSchemaRoot.create(PLAN.schema(), allocator);
        Subscriber subscriber = new Subscriber(PLAN, listener, root, scheduler,
                new DeliveryLimits(100, 1 << 20, 1, 1 << 20, 0), budget, owner);
        offer(subscriber, "a");
        scheduler.runReady();
        assertThat(listener.batches).isEmpty();
        listener.start(root);
        subscriber.activate();
        scheduler.runReady();
        assertThat(listener.batches).containsExactly(List.of("a"));
        close(subscriber);
    }

    @Test
    void failingEndsTheStreamWithThatError() {
        Subscriber subscriber = active(new DeliveryLimits(100, 1 << 20, 10, 1 << 20, millis(LINGER_MILLIS)));
        offer(subscriber, "a");
        subscriber.fail(EndReason.SERVER_CLOSING, new QuiverException(Status.UNAVAILABLE, "closing"));
        scheduler.runReady();
        assertThat(listener.batches).isEmpty();
        assertThat(listener.error).isInstanceOfSatisfying(QuiverException.class,
                e -> assertThat(e.status()).isEqualTo(Status.UNAVAILABLE));
        assertThat(owner.ended).containsExactly(EndReason.SERVER_CLOSING);
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    @Test
    void aFailureWhileSendingEndsTheStreamWithInternal() {
        Subscriber subscriber = active(new DeliveryLimits(100, 1 << 20, 1, 1 << 20, 0));
        listener.failOnPut = new IllegalStateException("transport broke");
        offer(subscriber, "a");
        scheduler.runReady();
        assertThat(listener.error).isInstanceOfSatisfying(QuiverException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.INTERNAL);
            assertThat(e.getMessage()).doesNotContain("transport broke").contains("Subscribe again");
        });
        assertThat(owner.ended).containsExactly(EndReason.FAILED);
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    @Test
    void aBatchWaitsForTheTransmitBudgetWhileAnotherSubscribersBatchIsStillBeingWritten() {
        long eventBytes = event("a").retainedBytes();
        TransmitBudget small = new TransmitBudget(eventBytes, scheduler);
        DeliveryLimits limits = new DeliveryLimits(100, 1 << 20, 10, 1 << 20, 0);
        RecordingChannel other = new RecordingChannel();
        Subscriber first = active(limits, listener, small);
        Subscriber second = active(limits, other, small);
        listener.readyAfterPut = false;

        offer(first, "a");
        scheduler.runReady();
        assertThat(listener.batches).containsExactly(List.of("a"));
        assertThat(small.inTransit()).as("the first batch is still queued in the transport").isEqualTo(eventBytes);

        offer(second, "b");
        scheduler.runReady();
        assertThat(other.batches).as("no room in the budget yet").isEmpty();
        assertThat(small.waits()).isEqualTo(1);

        listener.ready = true;
        first.ready();
        scheduler.runReady();
        assertThat(other.batches).containsExactly(List.of("b"));
        assertThat(small.inTransit()).as("the second transport stayed ready: its bytes are back").isZero();
        assertThat(small.maxInTransit()).isEqualTo(eventBytes);
        close(first);
        close(second);
    }

    @Test
    void aCancelledSubscriberGivesBackTheBudgetItsLastBatchHeld() {
        Subscriber subscriber = active(new DeliveryLimits(100, 1 << 20, 10, 1 << 20, 0));
        listener.readyAfterPut = false;
        offer(subscriber, "a");
        scheduler.runReady();
        assertThat(budget.inTransit()).isPositive();
        close(subscriber);
        assertThat(budget.inTransit()).isZero();
    }

    @Test
    void runningOutOfDirectMemoryWhileSendingEndsOnlyThatStream() {
        DeliveryLimits limits = new DeliveryLimits(100, 1 << 20, 10, 1 << 20, 0);
        RecordingChannel other = new RecordingChannel();
        Subscriber failing = active(limits, listener, budget);
        Subscriber healthy = active(limits, other, budget);
        listener.outOfMemoryOnPut = new OutOfMemoryError("Cannot reserve 4194304 bytes of direct buffer memory");

        offer(failing, "a");
        offer(healthy, "b");
        scheduler.runReady();

        assertThat(listener.error).isInstanceOfSatisfying(QuiverException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.INTERNAL);
            assertThat(e.getMessage()).contains("Subscribe again");
        });
        assertThat(owner.ended).containsExactly(EndReason.FAILED);
        assertThat(other.batches).containsExactly(List.of("b"));
        assertThat(budget.inTransit()).isZero();
        close(healthy);
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    private Subscriber active(DeliveryLimits limits) {
        return active(limits, listener, budget);
    }

    private Subscriber active(DeliveryLimits limits, RecordingChannel listener, TransmitBudget budget) {
        VectorSchemaRoot root = VectorSchemaRoot.create(PLAN.schema(), allocator);
        Subscriber subscriber = new Subscriber(PLAN, listener, root, scheduler, limits, budget, owner);
        listener.onReady(subscriber::ready);
        listener.start(root);
        subscriber.activate();
        scheduler.runReady();
        return subscriber;
    }

    private void close(Subscriber subscriber) {
        subscriber.cancel();
        scheduler.runReady();
        assertThat(subscriber.isFinished()).isTrue();
    }

    private static void offer(Subscriber subscriber, String... entityIds) {
        for (String id : entityIds) {
            assertThat(subscriber.offer(event(id))).isPositive();
        }
    }

    static EventRow event(String entityId) {
        return EventRow.of(new ObserverEvent(UUID.randomUUID().toString(), EventType.CREATED, "Order", entityId,
                Instant.parse("2026-01-31T12:00:00.000001Z"), null, null, "{\"id\":\"" + entityId + "\"}"));
    }

    private static long millis(long millis) {
        return millis * 1_000_000L;
    }
}
