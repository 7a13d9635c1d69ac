package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.subscription.SubscriptionConfig;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one shared feed of observer events: a JetStream <em>ordered consumer</em> on the events stream,
 * filtered to {@code <prefix>.>}, delivering only events stored after it started ({@code DeliverPolicy.New}),
 * each message handed to {@link EventHub#publish} on one dispatcher thread.
 *
 * <p>Why JetStream and not a core-NATS subscription on the same subjects: subscribers then see exactly what the
 * stream stored, i.e. each event once even when the outbox relay re-publishes it (the stream drops duplicates by
 * {@code Nats-Msg-Id}; a core subscriber would see both copies) and only events that are durable; and after a NATS
 * disconnect the ordered consumer resumes at the next stream sequence, so live streams have no gap when the
 * connection comes back. It costs no server-side state beyond one ephemeral consumer per Quiver instance (no acks,
 * in memory), and pull-based consumption bounds what the client holds to one pull batch, so this shared feed can
 * never be NATS's slow consumer. Its dispatcher's pending limits are raised anyway, above one pull batch.
 *
 * <p>If NATS or the stream is not there at start, the feed retries every {@value #RETRY_SECONDS} s in the
 * background (logged); the server serves queries meanwhile and subscriptions receive events once it is live.
 */
public final class JetStreamEventFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamEventFeed.class);
    static final long RETRY_SECONDS = 2;
    /** Messages per pull request; with {@link #PULL_BYTES} it bounds what the client buffers. */
    static final int PULL_MESSAGES = 1_000;
    static final long PULL_BYTES = 32L << 20;
    static final long PENDING_MESSAGES = 4L * PULL_MESSAGES;
    static final long PENDING_BYTES = 4L * PULL_BYTES;

    /** Where the feed stands. */
    public enum State { CONNECTING, LIVE, CLOSED }

    private final SubscriptionConfig config;
    private final EventHub hub;
    private final ScheduledExecutorService timer;
    private final LongAdder natsSlowConsumerEvents = new LongAdder();

    // guarded by this
    private Connection connection;
    private Dispatcher dispatcher;
    private MessageConsumer consumer;
    private State state = State.CONNECTING;
    private String lastProblem;

    public JetStreamEventFeed(SubscriptionConfig config, EventHub hub, ScheduledExecutorService timer) {
        this.config = config;
        this.hub = hub;
        this.timer = timer;
    }

    /** Tries to go live now; on failure keeps retrying in the background. */
    public void start() {
        attempt();
    }

    public synchronized State state() {
        return state;
    }

    /** How often the NATS client reported this feed as a slow consumer (should stay 0). */
    public long natsSlowConsumerEvents() {
        return natsSlowConsumerEvents.sum();
    }

    private synchronized void attempt() {
        if (state != State.CONNECTING) {
            return;
        }
        try {
            if (connection == null) {
                connection = Nats.connect(options());
            }
            OrderedConsumerConfiguration ordered = new OrderedConsumerConfiguration()
                    .filterSubject(config.subjectFilter())
                    .deliverPolicy(DeliverPolicy.New);
            if (dispatcher == null) {
                dispatcher = connection.createDispatcher();
                dispatcher.setPendingLimits(PENDING_MESSAGES, PENDING_BYTES);
            }
            consumer = connection.getStreamContext(config.stream()).createOrderedConsumer(ordered).consume(
                    ConsumeOptions.builder().batchSize(PULL_MESSAGES).batchBytes(PULL_BYTES).build(), dispatcher,
                    message -> deliver(message.getSubject(), message.getData()));
            state = State.LIVE;
            LOG.info("subscriptions live: ordered consumer on stream {} subjects {} at {}", config.stream(),
                    config.subjectFilter(), config.natsUrl());
        } catch (IOException | JetStreamApiException e) {
            String problem = e.getMessage();
            if (!problem.equals(lastProblem)) {
                LOG.warn("subscriptions not live yet: cannot consume stream {} at {} ({}); is NATS up and the stream"
                        + " created? retrying every {} s", config.stream(), config.natsUrl(), problem, RETRY_SECONDS);
                lastProblem = problem;
            }
            timer.schedule(this::attempt, RETRY_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while connecting to NATS at {}; subscriptions stay off", config.natsUrl());
        }
    }

    private void deliver(String subject, byte[] data) {
        try {
            hub.publish(subject, data);
        } catch (RuntimeException e) {
            LOG.error("dispatching a message from {} failed; the feed goes on", subject, e);
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
                    public void slowConsumerDetected(Connection conn, Consumer slow) {
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

    @Override
    public synchronized void close() throws InterruptedException {
        state = State.CLOSED;
        if (consumer != null) {
            consumer.stop();
        }
        if (connection != null) {
            connection.close();
        }
    }
}
