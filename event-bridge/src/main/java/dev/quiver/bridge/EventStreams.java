package dev.quiver.bridge;

import dev.quiver.sinks.api.EventStreamContract;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or verifies the bridge's JetStream streams and consumers. Idempotent and safe to run from several
 * bridge instances at once: a stream that exists is checked (subjects, storage) and only its duplicate window
 * is brought in line (another replica count is logged, not changed); one that does not is created with
 * {@code --stream-replicas} copies. What each stream looks like is {@link EventStreamContract}'s.
 * <ul>
 *   <li>events: {@code <events-subject-prefix>.>}, file storage, the duplicate window ({@code Nats-Msg-Id}), atomic
 *       batches allowed (a producer's batch is stored with one disk sync; an existing stream gets this too)</li>
 *   <li>dead letters: {@code <dlq-subject-prefix>.>}, file storage, the same window</li>
 *   <li>per sink: durable pull consumer {@code quiver-bridge-<sink>} on the events, explicit ack, AckWait and
 *       MaxAckPending from {@link PipelineConfig}, no server-side MaxDeliver (a message is only ever settled by
 *       an ack after it was stored or dead-lettered; the pipeline itself dead-letters a message delivered more than
 *       {@code --max-deliveries} times, with a reason, where the server would only stop delivering it)</li>
 * </ul>
 */
public final class EventStreams {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    /** JetStream's "stream not found" API error code. */
    private static final int STREAM_NOT_FOUND = 10059;

    private EventStreams() {
    }

    /** Creates both streams if missing and verifies them if present. */
    public static void ensureStreams(JetStreamManagement jsm, StreamNames names) throws IOException, JetStreamApiException {
        ensure(jsm, configuration(names.eventsStream()));
        ensure(jsm, configuration(names.deadLetterStream()));
    }

    /** The jnats configuration of a stream the contract describes: file storage, its subjects, window and replicas. */
    static StreamConfiguration configuration(EventStreamContract.StreamSpec spec) {
        return StreamConfiguration.builder()
                .name(spec.name())
                .description(spec.description())
                .subjects(spec.subjects())
                .storageType(StorageType.File)
                .replicas(spec.replicas())
                .duplicateWindow(spec.duplicateWindow())
                .allowAtomicPublish(spec.allowAtomicPublish())
                .build();
    }

    /** The durable consumer name of a sink: {@code quiver-bridge-<sink>}. */
    public static String durableName(String sink) {
        return "quiver-bridge-" + sink;
    }

    /**
     * Creates the sink's durable consumer, or brings an existing one's AckWait and MaxAckPending in line.
     *
     * @throws IllegalStateException if the server refuses (e.g. an existing consumer with another filter)
     */
    public static void ensureConsumer(JetStreamManagement jsm, StreamNames names, String sink, PipelineConfig config)
            throws IOException, JetStreamApiException {
        ConsumerConfiguration consumer = ConsumerConfiguration.builder()
                .durable(durableName(sink))
                .description("Quiver event bridge -> sink " + sink)
                .filterSubject(names.eventSubjects())
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(config.ackWait())
                .maxAckPending(config.maxAckPending())
                .maxDeliver(-1)
                .build();
        try {
            jsm.addOrUpdateConsumer(names.events(), consumer);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException("consumer " + durableName(sink) + " on stream " + names.events()
                    + " could not be created or updated (" + e.getMessage() + "); if its filter or deliver policy"
                    + " changed, delete it (nats consumer rm " + names.events() + " " + durableName(sink)
                    + ") and restart", e);
        }
    }

    private static void ensure(JetStreamManagement jsm, StreamConfiguration wanted) throws IOException, JetStreamApiException {
        StreamInfo existing = find(jsm, wanted.getName());
        if (existing == null) {
            try {
                jsm.addStream(wanted);
                LOG.info("created stream {} on {}, {} replica(s)", wanted.getName(), wanted.getSubjects(),
                        wanted.getReplicas());
                return;
            } catch (JetStreamApiException e) {
                existing = find(jsm, wanted.getName()); // another instance may have created it meanwhile
                if (existing == null) {
                    throw e;
                }
            }
        }
        verify(jsm, wanted, existing.getConfiguration());
    }

    private static void verify(JetStreamManagement jsm, StreamConfiguration wanted, StreamConfiguration actual)
            throws IOException, JetStreamApiException {
        List<String> subjects = actual.getSubjects();
        String subject = wanted.getSubjects().get(0);
        if (!subjects.contains(subject)) {
            throw new IllegalStateException("stream " + wanted.getName() + " exists with subjects " + subjects
                    + " but the bridge needs " + subject + "; pick other names (--events-stream, --dlq-stream,"
                    + " subject prefixes) or fix the stream");
        }
        if (actual.getStorageType() != wanted.getStorageType()) {
            throw new IllegalStateException("stream " + wanted.getName() + " uses " + actual.getStorageType()
                    + " storage but the bridge needs " + wanted.getStorageType() + " (storage cannot be changed;"
                    + " recreate the stream)");
        }
        if (actual.getReplicas() != wanted.getReplicas()) {
            LOG.warn("stream {} exists with {} replica(s), not the {} of --stream-replicas; it keeps its own (change it"
                    + " with: nats stream edit {} --replicas {})", wanted.getName(), actual.getReplicas(),
                    wanted.getReplicas(), wanted.getName(), wanted.getReplicas());
        }
        if (wanted.getAllowAtomicPublish() && !actual.getAllowAtomicPublish()) {
            jsm.updateStream(StreamConfiguration.builder(actual).allowAtomicPublish(true).build());
            LOG.info("stream {}: atomic batches allowed", wanted.getName());
            actual = jsm.getStreamInfo(wanted.getName()).getConfiguration();
        }
        if (!wanted.getDuplicateWindow().equals(actual.getDuplicateWindow())) {
            jsm.updateStream(StreamConfiguration.builder(actual).duplicateWindow(wanted.getDuplicateWindow()).build());
            LOG.info("stream {}: duplicate window {} -> {}", wanted.getName(), actual.getDuplicateWindow(),
                    wanted.getDuplicateWindow());
        }
    }

    private static StreamInfo find(JetStreamManagement jsm, String name) throws IOException, JetStreamApiException {
        try {
            return jsm.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
