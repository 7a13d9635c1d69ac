package dev.quiver.bridge.internal;

import dev.quiver.bridge.EventSource;
import dev.quiver.bridge.EventStreams;
import dev.quiver.bridge.InboundMessage;
import dev.quiver.bridge.StreamNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls from a sink's durable consumer ({@link EventStreams#ensureConsumer}). Each {@link #fetch} is one pull
 * request for at most the messages wanted, expiring with the wait, so the client never buffers more than the
 * pipeline asked for; the server's MaxAckPending bounds the rest.
 */
public final class JetStreamEventSource implements EventSource {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamEventSource.class);
    /** Shortest pull worth sending; shorter waits are rounded up. */
    private static final Duration MIN_WAIT = Duration.ofMillis(10);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

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
        Duration wait = maxWait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : maxWait;
        List<Message> messages = subscription.fetch(max, wait);
        List<InboundMessage> inbound = new ArrayList<>(messages.size());
        for (Message message : messages) {
            inbound.add(new JetStreamInboundMessage(message));
        }
        return inbound;
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
