package dev.quiver.bridge.internal;

import dev.quiver.bridge.EventSource;
import dev.quiver.bridge.EventStreams;
import dev.quiver.bridge.InboundMessage;
import dev.quiver.bridge.StreamNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.PullSubscribeOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls from a sink's durable consumer ({@link EventStreams#ensureConsumer}). Each fetch is one pull request for
 * at most the messages wanted, expiring with the wait, so the client never buffers more than the pipeline asked
 * for; the server's MaxAckPending bounds the rest. A fetch with a byte limit sends it as the pull's
 * {@code max_bytes}, so the server stops before a message that would not fit (and ends the pull early, which
 * {@link Fetched#byteLimited()} reports); a message larger than the whole limit is then fetched by itself with a
 * second pull, so it is never stuck.
 */
public final class JetStreamEventSource implements EventSource {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamEventSource.class);
    /** Shortest pull worth sending; shorter waits are rounded up. */
    private static final Duration MIN_WAIT = Duration.ofMillis(10);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);
    /** A pull that ends this long before its wait was ended by the server, not by expiring. */
    private static final long EARLY_END_NANOS = Duration.ofMillis(5).toNanos();

    private final Connection connection;
    private final JetStreamSubscription subscription;

    private JetStreamEventSource(Connection connection, JetStreamSubscription subscription) {
        this.connection = connection;
        this.subscription = subscription;
    }

    /** Binds to the existing durable consumer of {@code sink}. */
    public static JetStreamEventSource bind(Connection connection, StreamNames names, String sink)
            throws IOException, JetStreamApiException {
        JetStreamSubscription subscription = connection.jetStream().subscribe(names.eventSubjects(),
                PullSubscribeOptions.bind(names.events(), EventStreams.durableName(sink)));
        return new JetStreamEventSource(connection, subscription);
    }

    @Override
    public List<InboundMessage> fetch(int max, Duration maxWait) {
        return fetch(max, Long.MAX_VALUE, maxWait).messages();
    }

    @Override
    public Fetched fetch(int max, long maxBytes, Duration maxWait) {
        Duration wait = maxWait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : maxWait;
        long deadline = System.nanoTime() + wait.toNanos();
        List<InboundMessage> inbound = new ArrayList<>(Math.min(max, 1_024));
        long bytes = 0;
        try {
            // messages of an earlier pull that arrived after it returned come first, without waiting
            for (Message message = nextBuffered(); message != null; message = nextBuffered()) {
                inbound.add(new JetStreamInboundMessage(message, connection));
                bytes += message.consumeByteCount();
                if (inbound.size() >= max || bytes >= maxBytes) {
                    return new Fetched(inbound, bytes >= maxBytes);
                }
            }
            long left = maxBytes == Long.MAX_VALUE ? Long.MAX_VALUE : maxBytes - bytes;
            Fetched pulled = pull(inbound, max, left, deadline, wait);
            if (pulled.byteLimited() && pulled.messages().isEmpty()) {
                // the next message alone is larger than the limit: it comes by itself, so nothing is stuck
                pulled = pull(inbound, 1, Long.MAX_VALUE, deadline, wait);
                return new Fetched(pulled.messages(), true);
            }
            return pulled;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Fetched(inbound, false);
    }

    /**
     * Sends one pull for {@code max - inbound.size()} more messages within {@code maxBytes} and adds what comes to
     * {@code inbound} until it holds {@code max}, the deadline passes, or the server ends the pull early (it does
     * when the next message would pass {@code maxBytes}: then byte-limited).
     */
    private Fetched pull(List<InboundMessage> inbound, int max, long maxBytes, long deadline, Duration wait)
            throws InterruptedException {
        PullRequestOptions.Builder request = PullRequestOptions.builder(max - inbound.size()).expiresIn(wait);
        if (maxBytes < Long.MAX_VALUE) {
            request.maxBytes(maxBytes);
        }
        subscription.pull(request.build());
        while (inbound.size() < max) {
            long left = deadline - System.nanoTime();
            Message message = left > 0 ? subscription.nextMessage(Duration.ofNanos(left)) : null;
            if (message == null) {
                return new Fetched(inbound, deadline - System.nanoTime() > EARLY_END_NANOS);
            }
            inbound.add(new JetStreamInboundMessage(message, connection));
        }
        return new Fetched(inbound, false);
    }

    /** A message already delivered to the client, or {@code null} without waiting. */
    private Message nextBuffered() throws InterruptedException {
        return subscription.nextMessage((Duration) null);
    }

    @Override
    public void flushAcks() {
        try {
            connection.flush(FLUSH_TIMEOUT);
        } catch (TimeoutException | RuntimeException e) {
            LOG.debug("flushing acknowledgements failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands messages that arrived after the last fetch returned (a pull's tail in transit) back to the server
     * with a nak, so they are redelivered at once rather than after the ack wait, then unsubscribes.
     */
    @Override
    public void close() {
        int handedBack = 0;
        try {
            for (Message message = subscription.nextMessage((Duration) null); message != null;
                 message = subscription.nextMessage((Duration) null)) {
                if (message.isJetStream()) {
                    message.nak();
                    handedBack++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("draining the subscription failed: {}", e.toString());
        }
        if (handedBack > 0) {
            LOG.info("handed {} unprocessed messages back to the server", handedBack);
            flushAcks();
        }
        try {
            subscription.unsubscribe();
        } catch (RuntimeException e) {
            LOG.debug("unsubscribing failed: {}", e.toString());
        }
    }
}
