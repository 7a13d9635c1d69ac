package dev.quiver.bridge.tools;

import dev.quiver.bridge.Time;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 */
public final class EventGenerator {
    private static final long ACK_TIMEOUT_SECONDS = 30;

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
     * @param seconds      wall time from the first publish to the last acknowledgement
     * @param firstError   the first publish failure, or {@code null}
     */
    public record Summary(long requested, long acknowledged, long duplicates, double seconds, String firstError) {
        public double eventsPerSecond() {
            return seconds > 0 ? acknowledged / seconds : 0;
        }

        public String toJson() {
            return String.format(java.util.Locale.ROOT,
                    "{\"requested\":%d,\"acknowledged\":%d,\"duplicates\":%d,\"seconds\":%.3f,\"eventsPerSecond\":%.1f,"
                            + "\"firstError\":%s}", requested, acknowledged, duplicates, seconds, eventsPerSecond(),
                    firstError == null ? "null" : "\"" + firstError.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
    }

    /** Publishes {@code config.count()} events; {@code progress} is told the acknowledged count now and then. */
    public Summary run(LongConsumer progress) throws IOException, InterruptedException {
        JetStream jetStream = nats.jetStream();
        SyntheticEvents events = new SyntheticEvents(config.seed() == null ? System.nanoTime() : config.seed(),
                config.entityType(), config.payloadBytes());
        Semaphore inFlight = new Semaphore(config.maxInFlight());
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long started = System.nanoTime();
        RatePacer pacer = new RatePacer(config.rate(), Time.SYSTEM);
        for (long n = 0; n < config.count() && firstError.get() == null; n++) {
            pacer.awaitTurn(n);
            ObserverEvent event = events.next(n);
            String subject = config.subjectPrefix() + "." + event.entityType() + "." + event.eventType().wireName();
            Headers headers = new Headers().put("Nats-Msg-Id", event.eventId());
            if (!inFlight.tryAcquire(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                firstError.compareAndSet(null, "no JetStream acknowledgement for " + ACK_TIMEOUT_SECONDS + " s");
                break;
            }
            CompletableFuture<PublishAck> ack = jetStream.publishAsync(subject, headers, ObserverEventJson.encode(event));
            ack.whenComplete((result, error) -> {
                if (error != null) {
                    firstError.compareAndSet(null, describe(error, subject));
                } else {
                    if (result.isDuplicate()) {
                        duplicates.incrementAndGet();
                    }
                    progress.accept(acknowledged.incrementAndGet());
                }
                inFlight.release(); // last: the final drain must see this event counted
            });
        }
        if (!inFlight.tryAcquire(config.maxInFlight(), ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            firstError.compareAndSet(null, "acknowledgements still missing after " + ACK_TIMEOUT_SECONDS + " s");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Summary(config.count(), acknowledged.get(), duplicates.get(), seconds, firstError.get());
    }

    private static String describe(Throwable error, String subject) {
        Throwable cause = error instanceof ExecutionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof JetStreamApiException || message.contains("503") || message.contains("No responders")) {
            return "no JetStream stream takes subject " + subject + " (" + message + "); start the event-bridge or the"
                    + " flight-server once, they create stream QUIVER_EVENTS";
        }
        if (cause instanceof TimeoutException) {
            return "JetStream did not acknowledge in time: " + message;
        }
        return message;
    }
}
