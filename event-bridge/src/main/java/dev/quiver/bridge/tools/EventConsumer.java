package dev.quiver.bridge.tools;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Pulls events through a consumer of its own and acknowledges them, storing nothing: what NATS JetStream and its
 * Java client cost without any sink. With {@link ConsumeConfig.Ack#each} the consumer is the bridge's kind (pull,
 * explicit acks, deliver all, one pull request per batch, an ack published per message, as
 * {@code JetStreamEventSource} does), so its rate is the most any bridge pipeline can reach on the same machine; the
 * other ack modes show what other consumer designs would cost. The consumer is deleted at the end; one left behind
 * by a killed run removes itself after {@link #INACTIVE_THRESHOLD}.
 */
public final class EventConsumer {
    static final Duration INACTIVE_THRESHOLD = Duration.ofMinutes(5);
    private static final Duration ACK_WAIT = Duration.ofMinutes(1);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final Connection nats;
    private final ConsumeConfig config;
    private final Consumer<String> warnings;

    /** @param warnings told what went wrong without failing the run (the consumer could not be deleted) */
    public EventConsumer(Connection nats, ConsumeConfig config, Consumer<String> warnings) {
        this.nats = nats;
        this.config = config;
        this.warnings = warnings;
    }

    /**
     * What a run did. {@code clientCpuSeconds} is this whole process's CPU time over the run (the JVM's
     * {@code ProcessCpuTime}), or -1 where the platform does not tell it.
     */
    public record Summary(long consumed, double seconds, double clientCpuSeconds, String firstError) {
        public double eventsPerSecond() {
            return seconds > 0 ? consumed / seconds : 0;
        }

        public String toJson() {
            return String.format(Locale.ROOT,
                    "{\"consumed\":%d,\"seconds\":%.3f,\"eventsPerSecond\":%.1f,\"clientCpuSeconds\":%.3f,"
                            + "\"firstError\":%s}", consumed, seconds, eventsPerSecond(), clientCpuSeconds,
                    SummaryJson.string(firstError));
        }
    }

    /** Consumes {@code config.count()} events; {@code progress} is told the count now and then. */
    public Summary run(LongConsumer progress) throws IOException, InterruptedException, DlqToolException {
        JetStreamManagement management = nats.jetStreamManagement();
        String name = "quiver-consume-" + UUID.randomUUID().toString().substring(0, 8);
        create(management, name);
        try {
            JetStreamSubscription subscription = nats.jetStream().subscribe(null,
                    PullSubscribeOptions.bind(config.stream(), name));
            double cpuAtStart = processCpuSeconds();
            long started = System.nanoTime();
            long consumed = consume(subscription, progress);
            nats.flush(FLUSH_TIMEOUT);
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpu = cpuAtStart < 0 ? -1 : processCpuSeconds() - cpuAtStart;
            String error = consumed < config.count()
                    ? "only " + consumed + " of " + config.count() + " events arrived; none came for "
                    + config.idleTimeout().toMillis() + " ms (does the stream hold that many on "
                    + config.filterSubject() + "?)"
                    : null;
            subscription.unsubscribe();
            return new Summary(consumed, seconds, cpu, error);
        } catch (TimeoutException e) {
            throw new DlqToolException("NATS did not confirm the acknowledgements within "
                    + FLUSH_TIMEOUT.toSeconds() + " s", e);
        } catch (JetStreamApiException e) {
            throw new DlqToolException("cannot pull from consumer " + name + " on stream " + config.stream() + " ("
                    + e.getMessage() + ")", e);
        } finally {
            delete(management, name);
        }
    }

    private long consume(JetStreamSubscription subscription, LongConsumer progress) throws InterruptedException {
        long consumed = 0;
        while (consumed < config.count()) {
            int wanted = (int) Math.min(config.batchSize(), config.count() - consumed);
            subscription.pull(PullRequestOptions.builder(wanted).expiresIn(config.idleTimeout()).build());
            Message last = null;
            int got = 0;
            while (got < wanted) {
                Message message = subscription.nextMessage(config.idleTimeout());
                if (message == null) {
                    break;
                }
                if (config.ack() == ConsumeConfig.Ack.each) {
                    message.ack();
                }
                last = message;
                got++;
            }
            if (last != null && config.ack() == ConsumeConfig.Ack.last) {
                last.ack();
            }
            consumed += got;
            progress.accept(consumed);
            if (got < wanted) {
                return consumed;
            }
        }
        return consumed;
    }

    private void create(JetStreamManagement management, String name) throws IOException, DlqToolException {
        ConsumerConfiguration consumer = ConsumerConfiguration.builder()
                .name(name)
                .description("quiver events consume: pulls and acknowledges, stores nothing")
                .filterSubject(config.filterSubject())
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(switch (config.ack()) {
                    case each -> AckPolicy.Explicit;
                    case last -> AckPolicy.All;
                    case none -> AckPolicy.None;
                })
                .ackWait(ACK_WAIT)
                .maxAckPending(Math.max(1_000, config.batchSize() * 2))
                .inactiveThreshold(INACTIVE_THRESHOLD)
                .build();
        try {
            management.addOrUpdateConsumer(config.stream(), consumer);
        } catch (JetStreamApiException e) {
            throw new DlqToolException("cannot create a consumer on stream " + config.stream() + " ("
                    + e.getMessage() + "); check --events-stream, or publish events first with quiver events generate",
                    e);
        }
    }

    /** Deletes the run's consumer; a failure is only worth a warning, as the consumer expires by itself. */
    private void delete(JetStreamManagement management, String name) {
        try {
            management.deleteConsumer(config.stream(), name);
        } catch (IOException | JetStreamApiException e) {
            warnings.accept("could not delete consumer " + name + " (" + e.getMessage() + "); NATS removes it after "
                    + INACTIVE_THRESHOLD.toMinutes() + " minutes without a pull");
        }
    }

    private static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? -1 : nanos / 1e9;
        }
        return -1;
    }
}
