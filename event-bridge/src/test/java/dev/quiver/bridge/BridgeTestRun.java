package dev.quiver.bridge;

import dev.quiver.sinks.api.EventStreamContract;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.testsupport.Services;
import dev.quiver.testsupport.publish.AckedSends;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One integration test's own streams, subjects and Redis keys (unique per run), a NATS connection to publish
 * and inspect with, and their removal on {@link #close()}.
 */
final class BridgeTestRun implements AutoCloseable {
    static final String SINK = "recording";
    /** The longest wait for one JetStream acknowledgement: JetStream syncs every message to disk, on a busy machine. */
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final StreamNames streams = new StreamNames("ITEST_EV_" + id, "itest." + id + ".events", "ITEST_DLQ_" + id,
            "itest." + id + ".dlq", Duration.ofMinutes(2));
    final String keyPrefix = "itest:" + id + ":dedup";
    private final Services services;
    final Connection nats;
    final JetStream js;
    final JetStreamManagement jsm;
    private final EventPublisher publisher;
    private final AckedSends<ObserverEvent, PublishAck> sends;

    BridgeTestRun(Services services) throws IOException, InterruptedException {
        this.services = services;
        nats = Nats.connect(new Options.Builder().server(services.nats().url()).connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0).build());
        js = nats.jetStream();
        jsm = nats.jetStreamManagement();
        publisher = new EventPublisher(js, streams.events(), streams.eventSubjectPrefix());
        sends = new AckedSends<>(publisher::publishAsync, 1_000, 5, ACK_WAIT);
    }

    /**
     * A configuration on this run's names, feeding the recording sink; {@code extra} flags ({@code --name value}
     * pairs) replace the defaults chosen here. Redis calls get 5 s (not the production 500 ms) because these
     * tests assert exact de-duplication counts on a machine that may be busy with other builds.
     */
    BridgeConfig config(String... extra) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("nats-url", services.nats().url());
        flags.put("events-stream", streams.events());
        flags.put("events-subject-prefix", streams.eventSubjectPrefix());
        flags.put("dlq-stream", streams.deadLetters());
        flags.put("dlq-subject-prefix", streams.deadLetterPrefix());
        flags.put("sinks", SINK);
        flags.put("redis-url", services.redis().uri());
        flags.put("dedup-key-prefix", keyPrefix);
        flags.put("dedup-window", "5m");
        flags.put("dedup-timeout", "5s");
        flags.put("http-port", "0");
        flags.put("batch-time", "200ms");
        flags.put("retry-backoff", "100ms");
        flags.put("retry-backoff-max", "1s");
        flags.put("ack-wait", "30s");
        flags.put("lag-interval", "200ms");
        flags.put("shutdown-timeout", "20s");
        if (extra.length % 2 != 0) {
            throw new IllegalArgumentException("extra flags come in --name value pairs: " + List.of(extra));
        }
        for (int i = 0; i < extra.length; i += 2) {
            flags.put(extra[i].substring(2), extra[i + 1]);
        }
        List<String> args = new ArrayList<>();
        flags.forEach((name, value) -> {
            args.add("--" + name);
            args.add(value);
        });
        return BridgeCommands.config(args.toArray(String[]::new));
    }

    /** Starts a bridge on this run's streams whose only sink records into {@code destination}. */
    EventBridge startBridge(RecordingSink.Destination destination, String... extra) throws Exception {
        return EventBridge.start(config(extra), SinkFactories.of(Map.of(SINK,
                config -> new RecordingSink(SINK, destination))));
    }

    /** Creates the streams (as a bridge would) so events can be published before any bridge runs. */
    void createStreams() throws IOException, JetStreamApiException {
        EventStreams.ensureStreams(jsm, streams);
    }

    /**
     * Publishes events the proper way (with Nats-Msg-Id) and waits for every acknowledgement, at most 1,000
     * unacknowledged; an event whose acknowledgement was given up on is published again ({@link AckedSends}): the
     * stream keeps it once and that answer says duplicate ({@link #repeatedPublishes()} counts them).
     */
    List<PublishAck> publish(List<ObserverEvent> events) throws Exception {
        return sends.sendAll(events);
    }

    /** How many publishes repeated an event whose acknowledgement had been given up on. */
    int repeatedPublishes() {
        return sends.repeats();
    }

    /** Messages in this run's events stream. */
    long streamMessages() throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(streams.events()).getStreamState().getMsgCount();
    }

    /**
     * Publishes events again without a message id, as a relay that retried after the duplicate window would: one
     * at a time with a long wait for each acknowledgement, since without an id a repeat would be a second copy.
     */
    void republishWithoutMessageId(List<ObserverEvent> events) throws Exception {
        for (ObserverEvent event : events) {
            js.publish(EventStreamContract.subject(streams.eventSubjectPrefix(), event), ObserverEventJson.encode(event),
                    PublishOptions.builder().expectedStream(streams.events()).streamTimeout(ACK_WAIT).build());
        }
    }

    /** Publishes a raw payload on an event subject. */
    void publishRaw(byte[] payload) throws Exception {
        js.publish(streams.eventSubjectPrefix() + ".Order.created", payload,
                PublishOptions.builder().expectedStream(streams.events()).streamTimeout(ACK_WAIT).build());
    }

    ConsumerInfo consumer() throws IOException, JetStreamApiException {
        return jsm.getConsumerInfo(streams.events(), EventStreams.durableName(SINK));
    }

    /** Every message on the dead-letter stream, in order. */
    List<MessageInfo> deadLetters() throws IOException, JetStreamApiException {
        long count = jsm.getStreamInfo(streams.deadLetters()).getStreamState().getMsgCount();
        List<MessageInfo> letters = new ArrayList<>();
        for (long seq = 1; letters.size() < count; seq++) {
            letters.add(jsm.getMessage(streams.deadLetters(), seq));
        }
        return letters;
    }

    /** Waits until the consumer has nothing pending and nothing unacknowledged. */
    void awaitConsumerDrained(Duration timeout) throws Exception {
        await(timeout, () -> {
            ConsumerInfo info = consumer();
            return info.getNumPending() == 0 && info.getNumAckPending() == 0;
        }, () -> "consumer drained: " + describe());
    }

    private String describe() {
        try {
            ConsumerInfo info = consumer();
            return "pending " + info.getNumPending() + ", ack pending " + info.getNumAckPending();
        } catch (Exception e) {
            return e.toString();
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every 50 ms until it holds; fails with {@code what} after {@code timeout}. */
    static void await(Duration timeout, Condition condition, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what.get());
            }
            Thread.sleep(50);
        }
    }

    static void await(Duration timeout, Condition condition, String what) throws Exception {
        await(timeout, condition, () -> what);
    }

    @Override
    public void close() throws Exception {
        try {
            for (String stream : List.of(streams.events(), streams.deadLetters())) {
                try {
                    jsm.deleteStream(stream);
                } catch (JetStreamApiException e) {
                    // never created
                }
            }
        } finally {
            nats.close();
            deleteRedisKeys();
        }
    }

    private void deleteRedisKeys() {
        RedisClient client = RedisClient.create(services.redis().uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            ScanArgs match = ScanArgs.Builder.matches(keyPrefix + ":*").limit(10_000);
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    connection.sync().unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }
}
