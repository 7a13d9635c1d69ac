package dev.quiver.bridge.tools;

import dev.quiver.bridge.Time;
import dev.quiver.sinks.api.EventStreamContract;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Publishes synthetic events to JetStream at a steady rate with at most {@code maxInFlight} unacknowledged
 * publishes, and waits for every acknowledgement: when {@link #run} returns, every event counted as
 * {@code acknowledged} is stored in the stream.
 *
 * <p>Events go out in groups ({@link EventBatchPublisher}: one atomic batch, one disk sync, one acknowledgement
 * each), group commit style: at most {@link #BATCHES_IN_FLIGHT} groups await their acknowledgement; the events due
 * meanwhile gather into the next group, which leaves as soon as a slot is free and the generator has a moment (the
 * next event is not due yet), or when it is full. So a fast server gets small groups and low latency, and a slow
 * disk gets bigger groups instead of a backlog.
 */
public final class EventGenerator {
    /** Groups awaiting their acknowledgement per generator (the server takes 50 atomic batches in flight per stream). */
    static final int BATCHES_IN_FLIGHT = 4;

    private final Connection nats;
    private final GenerateConfig config;

    public EventGenerator(Connection nats, GenerateConfig config) {
        this.nats = nats;
        this.config = config;
    }

    /**
     * The outcome of one run.
     *
     * @param requested    events asked for
     * @param acknowledged events JetStream acknowledged as stored (new ones and duplicates)
     * @param duplicates   acknowledgements that said the stream already had that message id
     * @param batches      groups of events stored as one atomic batch each (the rest went one by one)
     * @param seconds      wall time from the first publish to the last acknowledgement
     * @param firstError   the first publish failure, or {@code null}
     */
    public record Summary(long requested, long acknowledged, long duplicates, long batches, double seconds,
                          String firstError) {
        public double eventsPerSecond() {
            return seconds > 0 ? acknowledged / seconds : 0;
        }

        public String toJson() {
            return String.format(java.util.Locale.ROOT,
                    "{\"requested\":%d,\"acknowledged\":%d,\"duplicates\":%d,\"batches\":%d,\"seconds\":%.3f,"
                            + "\"eventsPerSecond\":%.1f,\"firstError\":%s}", requested, acknowledged, duplicates, batches,
                    seconds, eventsPerSecond(),
                    SummaryJson.string(firstError));
        }
    }

    /** Publishes {@code config.count()} events; {@code progress} is told the acknowledged count now and then. */
    public Summary run(LongConsumer progress) throws IOException, InterruptedException {
        JetStream jetStream = nats.jetStream();
        EventBatchPublisher publisher = new EventBatchPublisher(nats, jetStream, config.ackTimeout());
        SyntheticEvents events = new SyntheticEvents(config.seed() == null ? System.nanoTime() : config.seed(),
                config.entityType(), config.payloadBytes());
        int maxBatch = Math.min(EventBatchPublisher.MAX_BATCH, config.maxInFlight());
        Sending sending = new Sending(publisher, config, progress);
        List<Message> batch = new ArrayList<>(maxBatch);
        long started = System.nanoTime();
        RatePacer pacer = new RatePacer(config.rate(), Time.SYSTEM);
        for (long n = 0; n < config.count() && sending.firstError.get() == null; n++) {
            if (!batch.isEmpty() && pacer.isAhead(n) && sending.slots.tryAcquire()) {
                batch = sending.send(batch, maxBatch);
            }
            pacer.awaitTurn(n);
            if (batch.size() == maxBatch) {
                batch = sending.sendWhenSlotFree(batch, maxBatch);
            }
            if (!sending.inFlight.tryAcquire()) {
                if (!batch.isEmpty()) { // the group being gathered holds permits itself
                    batch = sending.sendWhenSlotFree(batch, maxBatch);
                }
                if (!sending.inFlight.tryAcquire(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    sending.firstError.compareAndSet(null, "no JetStream acknowledgement for " + sending.ackTimeout());
                    break;
                }
            }
            batch.add(message(events.next(n)));
        }
        if (!batch.isEmpty()) {
            if (sending.firstError.get() == null) {
                sending.sendWhenSlotFree(batch, maxBatch);
            } else {
                sending.inFlight.release(batch.size()); // never sent
            }
        }
        if (!sending.inFlight.tryAcquire(config.maxInFlight(), config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            sending.firstError.compareAndSet(null, "acknowledgements still missing after " + sending.ackTimeout());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Summary(config.count(), sending.acknowledged.get(), sending.duplicates.get(), sending.batches.get(),
                seconds, sending.firstError.get());
    }

    private Message message(ObserverEvent event) {
        String subject = EventStreamContract.subject(config.subjectPrefix(), event);
        return NatsMessage.builder().subject(subject)
                .headers(new Headers().put(EventStreamContract.MESSAGE_ID_HEADER, EventStreamContract.messageId(event)))
                .data(ObserverEventJson.encode(event)).build();
    }

    /** The groups on their way: permits for events and group slots, and the tally of what came back. */
    private static final class Sending {
        final Semaphore inFlight;
        final Semaphore slots = new Semaphore(BATCHES_IN_FLIGHT);
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        private final EventBatchPublisher publisher;
        private final GenerateConfig config;
        private final LongConsumer progress;

        Sending(EventBatchPublisher publisher, GenerateConfig config, LongConsumer progress) {
            this.publisher = publisher;
            this.config = config;
            this.inFlight = new Semaphore(config.maxInFlight());
            this.progress = progress;
        }

        /** The acknowledgement deadline as a message says it, e.g. {@code 30 s (--ack-timeout)}. */
        String ackTimeout() {
            long millis = config.ackTimeout().toMillis();
            return (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms") + " (--ack-timeout)";
        }

        /** Waits for a free slot, then sends {@code batch}; returns the list to gather the next group in. */
        List<Message> sendWhenSlotFree(List<Message> batch, int maxBatch) throws InterruptedException {
            if (!slots.tryAcquire(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                firstError.compareAndSet(null, "no JetStream acknowledgement for " + ackTimeout());
                inFlight.release(batch.size());
                return new ArrayList<>(maxBatch);
            }
            return send(batch, maxBatch);
        }

        /** Sends {@code batch} on a slot already taken; returns the list to gather the next group in. */
        List<Message> send(List<Message> batch, int maxBatch) {
            int size = batch.size();
            String subject = batch.get(0).getSubject();
            publisher.publish(batch).whenComplete((outcome, error) -> {
                if (error != null) {
                    firstError.compareAndSet(null, describe(EventBatchPublisher.cause(error), subject));
                } else {
                    duplicates.addAndGet(outcome.duplicates());
                    if (outcome.atomic()) {
                        batches.incrementAndGet();
                    }
                    progress.accept(acknowledged.addAndGet(outcome.acknowledged()));
                }
                slots.release();
                inFlight.release(size); // last: the final drain must see these events counted
            });
            return new ArrayList<>(maxBatch);
        }

        /** The first failure as the run reports it, with what to do when there is something to do. */
        private String describe(Throwable cause, String subject) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (cause instanceof JetStreamApiException || message.contains("503")
                    || message.contains("No responders")) {
                return "no JetStream stream takes subject " + subject + " (" + message + "); start the event-bridge"
                        + " or the flight-server once, they create the events stream ("
                        + EventStreamContract.EVENTS_STREAM + " unless their --events-stream says otherwise)";
            }
            if (cause instanceof TimeoutException) {
                return "no JetStream acknowledgement within " + ackTimeout() + ": " + message;
            }
            return message;
        }
    }
}
