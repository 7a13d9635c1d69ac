package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.subscription.EventFeed;
import dev.quiver.flight.subscription.SubscriptionConfig;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.ErrorListener;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one shared feed of observer events: one ephemeral JetStream pull consumer on the events stream,
 * filtered to {@code <prefix>.>}, starting after the stream's last message when the server starts (only new
 * events), read by one thread in fetches of at most {@value #FETCH_MESSAGES} messages / 16 MiB, each message handed
 * to the consumer given to {@link #start} (the service's {@link EventHub#publish}).
 *
 * <p>Why JetStream and not a core-NATS subscription on the same subjects: subscribers see exactly what the stream
 * stored, i.e. each event once even when the outbox relay re-publishes it (the stream drops duplicates by
 * {@code Nats-Msg-Id}; a core subscriber would see both copies) and only events that are durable; and after a
 * disconnect the feed resumes at the next stream sequence, so open streams have no gap once NATS is back.
 *
 * <p>Why fetch in a loop and not {@code consume()}: the next pull is sent only after the previous one was handled,
 * so the client never holds more than one fetch. {@code consume()} re-pulls as messages <em>arrive</em>; when the
 * fan-out falls behind (a busy machine, a burst) its queue grows until the NATS client drops messages as a slow
 * consumer. Here JetStream is the buffer: a burst waits in the stream, and this feed can never be NATS's slow
 * consumer (its pending stays under the client's default limits of 512k messages / 64 MiB by construction).
 *
 * <p>Ordering and gaps: the consumer has no acks (it costs the server no redelivery state). Each message's consumer
 * sequence must follow the previous one; after a gap (messages lost with a broken connection) or when the consumer
 * is gone (deleted after {@value #INACTIVE_SECONDS} s without a client, e.g. a long NATS outage), the feed creates a
 * new consumer starting right after the last stream sequence it handled, so nothing is skipped or repeated. A slow
 * fan-out can outlast a fetch's expiry, and the client then drops what the server had already delivered for it;
 * so a fetch that came back short is checked against the consumer's delivered sequence, and a gap at the end of a
 * burst (no later message to reveal it) is resumed too.
 *
 * <p>If NATS or the stream is not there, the feed retries every {@value #RETRY_SECONDS} s (logged once per
 * distinct problem); the server serves queries meanwhile and subscriptions receive events once it is live.
 */
public final class JetStreamEventFeed implements EventFeed {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamEventFeed.class);
    static final int FETCH_MESSAGES = 1_000;
    /** At least NATS's largest message (8 MiB here), so one message always fits a fetch. */
    static final long FETCH_BYTES = 16L << 20;
    static final long FETCH_EXPIRES_MILLIS = 2_000;
    static final long RETRY_SECONDS = 2;
    static final long INACTIVE_SECONDS = 120;

    private final SubscriptionConfig config;
    private final Thread thread;
    private final LongAdder natsSlowConsumerEvents = new LongAdder();
    private final LongAdder resumes = new LongAdder();
    private volatile State state = State.CONNECTING;
    private volatile boolean closed;

    // used by the feed thread only (and by start() before the thread runs)
    private BiConsumer<String, byte[]> messages;
    private Connection connection;
    private StreamContext stream;
    private ConsumerContext consumer;
    private long lastStreamSeq = -1;
    private long lastConsumerSeq;
    private String lastProblem;

    public JetStreamEventFeed(SubscriptionConfig config) {
        this.config = config;
        this.thread = new Thread(this::run, "quiver-subscription-feed");
        this.thread.setDaemon(true);
    }

    /**
     * Tries to go live now, so that events stored after this returns reach subscribers; on failure the feed
     * thread keeps trying.
     */
    @Override
    public void start(BiConsumer<String, byte[]> messages) {
        this.messages = messages;
        try {
            goLive();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            problem(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.start();
    }

    @Override
    public State state() {
        return state;
    }

    /** How often the NATS client flagged this connection as a slow consumer (should stay 0). */
    @Override
    public long natsSlowConsumerEvents() {
        return natsSlowConsumerEvents.sum();
    }

    /** How often the feed had to create its consumer again (after a gap, an outage, a deleted consumer). */
    @Override
    public long resumes() {
        return resumes.sum();
    }

    private void run() {
        FetchConsumeOptions fetchOptions = FetchConsumeOptions.builder().maxMessages(FETCH_MESSAGES)
                .maxBytes(FETCH_BYTES).expiresIn(FETCH_EXPIRES_MILLIS).build();
        while (!closed) {
            try {
                if (consumer == null) {
                    goLive();
                }
                int handed = 0;
                try (FetchConsumer fetch = consumer.fetch(fetchOptions)) {
                    Message message;
                    while (consumer != null && (message = fetch.nextMessage()) != null) {
                        handle(message);
                        handed++;
                    }
                }
                if (consumer != null && handed < FETCH_MESSAGES) {
                    resumeIfDeliveredUnseen();
                }
            } catch (InterruptedException e) {
                if (!closed) {
                    LOG.error("the subscriptions feed thread was interrupted; subscriptions get no more events");
                    state = State.CLOSED;
                }
                return;
            } catch (Exception e) { // IOException, JetStreamApiException, status or state errors: start over
                if (closed) {
                    return;
                }
                problem(e);
                consumer = null;
                state = State.CONNECTING;
                if (!pause()) {
                    return;
                }
            }
        }
    }

    private void goLive() throws IOException, JetStreamApiException, InterruptedException {
        if (connection == null) {
            connection = Nats.connect(options());
        }
        if (stream == null) {
            stream = connection.getStreamContext(config.stream());
        }
        boolean first = lastStreamSeq < 0;
        long start = first ? stream.getStreamInfo().getStreamState().getLastSequence() + 1 : lastStreamSeq + 1;
        consumer = stream.createOrUpdateConsumer(ConsumerConfiguration.builder()
                .description("quiver flight-server subscriptions feed")
                .filterSubject(config.subjectFilter())
                .deliverPolicy(DeliverPolicy.ByStartSequence)
                .startSequence(start)
                .ackPolicy(AckPolicy.None)
                .inactiveThreshold(Duration.ofSeconds(INACTIVE_SECONDS))
                .memStorage(true)
                .numReplicas(1)
                .build());
        lastStreamSeq = start - 1;
        lastConsumerSeq = 0;
        lastProblem = null;
        if (!first) {
            resumes.increment();
        }
        state = State.LIVE;
        LOG.info("subscriptions {}: consumer on stream {} subjects {} at {}, from stream sequence {}",
                first ? "live" : "resumed", config.stream(), config.subjectFilter(), config.natsUrl(), start);
    }

    private void handle(Message message) {
        if (!message.isJetStream()) {
            return;
        }
        NatsJetStreamMetaData meta = message.metaData();
        if (meta.consumerSequence() != lastConsumerSeq + 1) {
            LOG.warn("subscriptions feed saw consumer sequence {} after {}: messages were lost in transit; resuming"
                    + " after stream sequence {}", meta.consumerSequence(), lastConsumerSeq, lastStreamSeq);
            dropConsumer();
            return;
        }
        lastConsumerSeq = meta.consumerSequence();
        lastStreamSeq = meta.streamSequence();
        try {
            messages.accept(message.getSubject(), message.getData());
        } catch (RuntimeException e) {
            LOG.error("dispatching stream sequence {} ({}) failed; the feed goes on", lastStreamSeq,
                    message.getSubject(), e);
        }
    }

    /**
     * A fetch that ended short (it expired) may have left messages the server counted as delivered but the client
     * never handed out: with no acks they are never sent again, and no later message may come to reveal the gap.
     * The consumer's delivered sequence tells: past the last one handled means a gap, so resume after it.
     */
    private void resumeIfDeliveredUnseen() throws IOException, JetStreamApiException {
        long delivered = consumer.getConsumerInfo().getDelivered().getConsumerSequence();
        if (delivered > lastConsumerSeq) {
            LOG.warn("subscriptions feed: the server delivered up to consumer sequence {} but the fetch handed out"
                    + " only up to {}; resuming after stream sequence {}", delivered, lastConsumerSeq, lastStreamSeq);
            dropConsumer();
        }
    }

    private void dropConsumer() {
        ConsumerContext gone = consumer;
        consumer = null;
        try {
            stream.deleteConsumer(gone.getConsumerName());
        } catch (IOException | JetStreamApiException e) {
            LOG.debug("could not delete the old feed consumer (it expires by itself): {}", e.toString());
        }
    }

    private void problem(Exception e) {
        String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (!problem.equals(lastProblem)) {
            LOG.warn("subscriptions feed not live: {} (stream {} at {}; is NATS up and the stream created?);"
                    + " retrying every {} s", problem, config.stream(), config.natsUrl(), RETRY_SECONDS);
            lastProblem = problem;
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(RETRY_SECONDS * 1_000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Options options() {
        return new Options.Builder()
                .server(config.natsUrl())
                .connectionName("quiver-flight-server-subscriptions")
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(1))
                .connectionListener((conn, event) -> LOG.info("subscriptions NATS connection: {}", event))
                .errorListener(new ErrorListener() {
                    @Override
                    public void slowConsumerDetected(Connection conn, io.nats.client.Consumer slow) {
                        natsSlowConsumerEvents.increment();
                        LOG.warn("the NATS client reports the subscriptions feed as a slow consumer ({} pending)",
                                slow.getPendingMessageCount());
                    }

                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        LOG.warn("subscriptions NATS error: {}", error);
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exception) {
                        LOG.warn("subscriptions NATS exception: {}", exception.toString());
                    }
                })
                .build();
    }

    /** Stops the feed thread, deletes the consumer and closes the connection. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        state = State.CLOSED;
        thread.interrupt();
        thread.join(FETCH_EXPIRES_MILLIS + 3_000);
        if (consumer != null && stream != null) {
            dropConsumer();
        }
        if (connection != null) {
            connection.close();
        }
    }
}
