package dev.quiver.flight.outbox.internal;

import dev.quiver.flight.outbox.EventPublishException;
import dev.quiver.flight.outbox.EventPublisher;
import dev.quiver.flight.outbox.EventsConfig;
import dev.quiver.flight.outbox.OutboxMessage;
import dev.quiver.flight.outbox.PublishOutcome;
import dev.quiver.sinks.api.EventStreamContract;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox messages to a JetStream stream with jnats: {@code Nats-Msg-Id} = event id (so the stream's
 * duplicate window drops a re-publish), the expected stream name set, a batch sent asynchronously and then
 * its acknowledgements awaited. Connects lazily and creates the stream when it is missing, as
 * {@link EventsConfig#eventsStream()} describes it (file storage, subjects {@code <prefix>.>}, the contract's
 * duplicate window {@link EventStreamContract#DUPLICATE_WINDOW}). jnats reconnects by itself after
 * an outage; its per-attempt errors are logged at DEBUG only, the relay logs the outage once.
 */
public final class JetStreamEventPublisher implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamEventPublisher.class);
    private static final int STREAM_NOT_FOUND = 10059;
    private static final int STREAM_NAME_IN_USE = 10058;

    private final EventsConfig config;
    private final Duration ackTimeout;
    private volatile Connection connection;
    private boolean streamReady;

    public JetStreamEventPublisher(EventsConfig config, Duration ackTimeout) {
        if (!config.relayEnabled()) {
            throw new IllegalArgumentException("no NATS URL configured (the relay is off: --no-relay)");
        }
        this.config = config;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void ensureReady() throws EventPublishException {
        Connection current = connection();
        if (current.getStatus() != Connection.Status.CONNECTED) {
            throw new EventPublishException("NATS at " + config.natsUrl() + " is " + current.getStatus().name().toLowerCase(
                    java.util.Locale.ROOT) + " (reconnecting)");
        }
        if (!streamReady) {
            ensureStream(current);
            streamReady = true;
        }
    }

    @Override
    public PublishOutcome publish(List<OutboxMessage> batch) {
        JetStream jetStream;
        try {
            jetStream = connection().jetStream();
        } catch (IOException | EventPublishException e) {
            return new PublishOutcome(List.of(), 0, failure("cannot use JetStream", e));
        }
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
        for (OutboxMessage message : batch) {
            PublishOptions options = PublishOptions.builder().messageId(message.eventId()).expectedStream(config.stream())
                    .build();
            acks.add(jetStream.publishAsync(message.subject(), message.payload().getBytes(StandardCharsets.UTF_8), options));
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<OutboxMessage> acked = new ArrayList<>(batch.size());
        int duplicates = 0;
        EventPublishException failure = null;
        for (int i = 0; i < batch.size(); i++) {
            try {
                PublishAck ack = acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acked.add(batch.get(i));
                if (ack.isDuplicate()) {
                    duplicates++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? failure("interrupted while waiting for acknowledgements", e) : failure;
                break;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                acks.get(i).cancel(true);
                if (failure == null) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    failure = failure("publishing event " + batch.get(i).eventId() + " to " + batch.get(i).subject()
                            + " failed", cause);
                }
            }
        }
        if (failure != null) {
            streamReady = false; // the stream may have been deleted: check it again before the next batch
        }
        return new PublishOutcome(acked, duplicates, failure);
    }

    @Override
    public String describe() {
        return config.natsUrl() + " stream " + config.stream() + " subjects " + config.streamSubjects();
    }

    @Override
    public void close() {
        Connection current = connection;
        connection = null;
        if (current != null) {
            try {
                current.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Connection connection() throws EventPublishException {
        Connection current = connection;
        if (current != null) {
            return current;
        }
        Options options = Options.builder()
                .server(config.natsUrl())
                .connectionName("quiver-outbox-relay")
                .connectionTimeout(Duration.ofSeconds(2))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .errorListener(new QuietErrorListener())
                .connectionListener(new QuietConnectionListener())
                .build();
        try {
            current = Nats.connect(options);
        } catch (IOException e) {
            throw failure("cannot connect to NATS at " + config.natsUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while connecting to NATS at " + config.natsUrl(), e);
        }
        connection = current;
        LOG.info("outbox relay connected to NATS at {}", config.natsUrl());
        return current;
    }

    private void ensureStream(Connection current) throws EventPublishException {
        try {
            JetStreamManagement management = current.jetStreamManagement();
            try {
                StreamInfo info = management.getStreamInfo(config.stream());
                if (!info.getConfiguration().getSubjects().contains(config.streamSubjects())) {
                    LOG.warn("stream {} exists with subjects {}, not {}; events on {}.<Type>.<event> are stored only if"
                            + " those subjects cover them", config.stream(), info.getConfiguration().getSubjects(),
                            config.streamSubjects(), config.subjectPrefix());
                }
                return;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
            }
            EventStreamContract.StreamSpec spec = config.eventsStream();
            try {
                management.addStream(StreamConfiguration.builder()
                        .name(spec.name())
                        .description(spec.description())
                        .subjects(spec.subjects())
                        .storageType(StorageType.File)
                        .replicas(spec.replicas())
                        .duplicateWindow(spec.duplicateWindow())
                        .allowAtomicPublish(spec.allowAtomicPublish()) // e.g. `quiver events generate` syncs per batch
                        .build());
                LOG.info("created JetStream stream {} (subjects {}, file storage, duplicate window {} s, {} replica(s))",
                        spec.name(), spec.subjects(), spec.duplicateWindow().toSeconds(), spec.replicas());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                    throw e;
                }
            }
        } catch (IOException | JetStreamApiException e) {
            throw failure("cannot check or create stream " + config.stream() + " on " + config.natsUrl(), e);
        }
    }

    private static EventPublishException failure(String what, Throwable cause) {
        return new EventPublishException(what + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()), cause);
    }

    /** jnats reports every failed reconnect attempt; the relay already reports the outage once. */
    private static final class QuietErrorListener implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.debug("NATS error: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.debug("NATS exception: {}", exp.toString());
        }
    }

    private static final class QuietConnectionListener implements ConnectionListener {
        @Override
        public void connectionEvent(Connection conn, Events type) {
            LOG.debug("NATS connection event: {}", type);
        }
    }
}
