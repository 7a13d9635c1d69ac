package dev.quiver.bridge.tools;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a group of messages in JetStream as one atomic batch (NATS 2.12+, a stream with {@code allow_atomic}):
 * the server writes the group with one disk sync and answers with one acknowledgement. With
 * {@code sync_interval: always} a lone publish costs a sync of its own, so a disk that syncs ~1,000 times a second
 * stores ~1,000 lone events a second; in batches it stores tens of thousands.
 *
 * <p>Every message keeps its {@code Nats-Msg-Id}. When the batch cannot be used, its messages are published one by
 * one instead, so nothing is lost and duplicates are reported per message:
 * <ul>
 *   <li>a group of one, or a stream without atomic publishing (remembered after the first refusal);</li>
 *   <li>a batch the server refused (it stored none of it: atomic), e.g. because it holds one of the ids already;</li>
 *   <li>a batch whose acknowledgement never came: it may have been stored, so a "duplicate" answer for its
 *       messages means "stored by that batch" and is not counted as a duplicate.</li>
 * </ul>
 */
final class EventBatchPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventBatchPublisher.class);
    /** The server's default cap on an atomic batch's size. */
    static final int MAX_BATCH = 1000;
    private static final int ATOMIC_PUBLISH_DISABLED = 10174;

    /**
     * What one group came to.
     *
     * @param acknowledged messages JetStream acknowledged as stored (new ones and duplicates)
     * @param duplicates   acknowledgements that said the stream already held that id before this group was sent
     * @param atomic       whether the group was stored as one atomic batch
     */
    record Outcome(int acknowledged, int duplicates, boolean atomic) {
        Outcome plus(Outcome other) {
            return new Outcome(acknowledged + other.acknowledged, duplicates + other.duplicates, false);
        }
    }

    private final Connection nats;
    private final JetStream jetStream;
    private final Duration ackTimeout;
    private volatile boolean atomic = true;

    EventBatchPublisher(Connection nats, JetStream jetStream, Duration ackTimeout) {
        this.nats = nats;
        this.jetStream = jetStream;
        this.ackTimeout = ackTimeout;
    }

    /** Publishes {@code messages} (at most {@link #MAX_BATCH}); completes when JetStream answered for all of them. */
    CompletableFuture<Outcome> publish(List<Message> messages) {
        if (messages.isEmpty() || messages.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " messages, got " + messages.size());
        }
        if (messages.size() == 1 || !atomic) {
            return oneByOne(messages, true);
        }
        String batchId = UUID.randomUUID().toString().replace("-", "");
        int last = messages.size() - 1;
        CompletableFuture<Message> answer;
        try {
            for (int i = 0; i < last; i++) {
                nats.publish(inBatch(messages.get(i), batchId, i + 1, false));
            }
            answer = nats.requestWithTimeout(inBatch(messages.get(last), batchId, last + 1, true), ackTimeout);
        } catch (RuntimeException notSent) { // e.g. the connection is closed: an uncommitted batch is never stored
            return oneByOne(messages, true);
        }
        return answer
                .handle((reply, error) -> {
                    if (error != null) { // no answer: the batch may or may not be stored
                        return oneByOne(messages, false);
                    }
                    try {
                        PublishAck ack = new PublishAck(reply);
                        if (ack.getBatchSize() != messages.size()) {
                            throw new IllegalStateException("JetStream acknowledged batch " + batchId + " with "
                                    + ack.getBatchSize() + " messages, " + messages.size() + " were sent");
                        }
                        return CompletableFuture.completedFuture(new Outcome(messages.size(), 0, true));
                    } catch (JetStreamApiException refused) { // atomic: none of it was stored
                        if (refused.getApiErrorCode() == ATOMIC_PUBLISH_DISABLED && atomic) {
                            atomic = false;
                            LOG.warn("stream behind {} does not allow atomic batches (allow_atomic); publishing one"
                                    + " event at a time, which costs a disk sync each", messages.get(0).getSubject());
                        }
                        return oneByOne(messages, true);
                    } catch (IOException e) {
                        return CompletableFuture.<Outcome>failedFuture(e);
                    }
                })
                .thenCompose(outcome -> outcome);
    }

    private CompletableFuture<Outcome> oneByOne(List<Message> messages, boolean duplicatesAreOld) {
        List<CompletableFuture<Outcome>> acks = new ArrayList<>(messages.size());
        for (Message message : messages) {
            CompletableFuture<PublishAck> ack;
            try {
                ack = jetStream.publishAsync(message);
            } catch (RuntimeException notSent) { // e.g. the connection is closed
                ack = CompletableFuture.failedFuture(notSent);
            }
            acks.add(ack.thenApply(stored -> new Outcome(1, stored.isDuplicate() && duplicatesAreOld ? 1 : 0, false)));
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenApply(done -> acks.stream()
                .map(CompletableFuture::join).reduce(new Outcome(0, 0, false), Outcome::plus));
    }

    private static Message inBatch(Message message, String batchId, int sequence, boolean commit) {
        Headers headers = new Headers(message.getHeaders())
                .put("Nats-Batch-Id", batchId)
                .put("Nats-Batch-Sequence", Integer.toString(sequence));
        if (commit) {
            headers.put("Nats-Batch-Commit", "1");
        }
        return NatsMessage.builder().subject(message.getSubject()).headers(headers).data(message.getData()).build();
    }

    /** The failure inside a future's wrapping exceptions. */
    static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
