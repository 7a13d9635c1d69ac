package dev.quiver.resilience.suite.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.Sampler;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.ServerProcess;
import dev.quiver.testsupport.Services;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flight-server child JVM serving subscriptions from its own JetStream stream ({@code SUBS_<id>}, subjects
 * {@code subs.<id>.events.>}, created here before the server starts and deleted on close), plus what the scenarios
 * read off it: the subscription stats ({@code subscriptions} action), its Prometheus gauges and its memory.
 *
 * <p>The server runs on the embedded demo database with few rows (it starts in seconds) and a fixed heap
 * ({@code -Xmx}), so memory figures and bounds mean something.
 */
final class SubscriptionServer implements AutoCloseable {
    private static final double MIB = 1024.0 * 1024.0;
    /**
     * The processors the server's JVM sees ({@code -XX:ActiveProcessorCount}), so its subscription delivery pool,
     * {@code max(2, processors)} threads, has this many threads on any machine: the heap bounds below count them.
     * {@link #deliveryThreads()} checks the server really runs no more.
     */
    static final int DELIVERY_THREADS = 2;
    /** Arrow batches the server may be encoding at once: 8 MiB (DeliveryLimits.MAX_BATCH_BYTES) per delivery thread. */
    static final long ENCODING_BYTES = DELIVERY_THREADS * (8L << 20);
    private static final String DELIVERY_THREAD_PREFIX = "\"quiver-subscription-delivery-";
    /** How long client-side Arrow buffers may take to be released once every client is closed. */
    private static final Duration CLIENT_RELEASE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String stream = "SUBS_" + id.toUpperCase(Locale.ROOT);
    final String subjectPrefix = "subs." + id + ".events";
    final long maxHeapBytes;

    private final Connection nats;
    private final ServerProcess server;
    private final BufferAllocator allocator = new RootAllocator();
    private final FlightClient admin;

    /**
     * @param testName  names the log directory
     * @param heapMb    the server's fixed heap ({@code -Xms} = {@code -Xmx})
     * @param flags     extra server flags without dashes (e.g. {@code subscription-buffer → 1000})
     */
    SubscriptionServer(Services services, String testName, int heapMb, Map<String, String> flags) throws Exception {
        this.maxHeapBytes = (long) heapMb << 20;
        // the publisher waits up to 30 s for each acknowledgement; jnats would cancel it after its default 5 s, which a
        // NATS syncing every write to a busy disk can exceed without anything being wrong
        this.nats = Nats.connect(Options.builder().server(services.nats().url())
                .requestCleanupInterval(Duration.ofSeconds(30)).build());
        JetStreamManagement jsm = nats.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subjectPrefix + ".>")
                .storageType(StorageType.File).maxAge(Duration.ofMinutes(30)).duplicateWindow(Duration.ofMinutes(2))
                .build());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("subscriptions", "true");
        all.put("nats-url", services.nats().url());
        all.put("events-stream", stream);
        all.put("events-subject-prefix", subjectPrefix);
        all.put("demo-rows", "1000");
        all.putAll(flags);
        List<String> args = new ArrayList<>();
        all.forEach((flag, value) -> {
            args.add("--" + flag);
            args.add(value);
        });
        Path logDir = Path.of("target", "subscription-logs", testName + "-" + id);
        ServerProcess started;
        try {
            started = ServerProcess.start("flight-server", List.of("-Xms" + heapMb + "m", "-Xmx" + heapMb + "m",
                    "-XX:+UseG1GC", "-XX:ActiveProcessorCount=" + DELIVERY_THREADS), args, Map.of(), logDir,
                    Duration.ofSeconds(90));
        } catch (RuntimeException | InterruptedException e) {
            deleteStream();
            nats.close();
            throw e;
        }
        this.server = started;
        this.admin = newClient();
        Polling.await(Duration.ofSeconds(30), "the server's subscriptions feed is live",
                () -> "LIVE".equals(stats().get("feed").asText()), this::stats);
        LOG.info("subscription server {} on {} (stream {}, logs in {})", id, server.flightUri(), stream,
                logDir.toAbsolutePath());
    }

    Connection nats() {
        return nats;
    }

    /**
     * Samples this server's heap in use, direct (NIO) buffer memory, bytes of batches in transmission, RSS and live
     * subscribers every 500 ms into the scenario's series.
     */
    Sampler gauges(ScenarioLog log) {
        return gauges(log, new AtomicLong());
    }

    /** As {@link #gauges(ScenarioLog)}, keeping the most direct memory seen (bytes) in {@code maxDirect}. */
    Sampler gauges(ScenarioLog log, AtomicLong maxDirect) {
        return log.sampler(Duration.ofMillis(500))
                .gauge("server heap used", "MiB", () -> heapUsedBytes() / MIB)
                .gauge("server direct memory", "MiB", () -> {
                    double direct = directBytes();
                    maxDirect.accumulateAndGet((long) direct, Math::max);
                    return direct / MIB;
                })
                .gauge("batches in transmission", "MiB", () -> stats().get("transmitBytes").asDouble() / MIB)
                .gauge("server RSS", "MiB", () -> rssBytes() / MIB)
                .gauge("live subscribers", "", this::liveSubscribers);
    }

    /**
     * Samples this server's heap after a full GC every second into series "server heap after GC", keeping the
     * largest seen in {@code max} (a full GC each second: only for the scenarios that bound live memory).
     */
    Sampler postGcHeapGauge(ScenarioLog log, AtomicLong max) {
        return log.sampler(Duration.ofMillis(1_000)).gauge("server heap after GC", "MiB", () -> {
            long live = postGcHeapBytes();
            max.accumulateAndGet(live, Math::max);
            return live / MIB;
        });
    }

    ServerProcess process() {
        return server;
    }

    /** A new Flight client (its own gRPC channel, so its own HTTP/2 connection). */
    FlightClient newClient() {
        return FlightClient.builder(allocator, Location.forGrpcInsecure(server.flightUri().getHost(),
                server.flightUri().getPort())).build();
    }

    /** The {@code subscriptions} action's JSON (feed state, liveSubscribers, delivered, slow consumers, ...). */
    JsonNode stats() throws Exception {
        Iterator<Result> results = admin.doAction(new Action("subscriptions"));
        JsonNode node = JSON.readTree(new String(results.next().getBody(), StandardCharsets.UTF_8));
        results.forEachRemaining(ignored -> { });
        return node;
    }

    /**
     * The stream's and the server's feed consumer's state as JetStream sees it (last stream sequence; per consumer:
     * delivered stream sequence, pending, waiting pulls): with {@link #stats()}, where a stalled delivery stands.
     */
    String feedState() {
        try {
            JetStreamManagement jsm = nats.jetStreamManagement();
            StringBuilder state = new StringBuilder("stream " + stream + " last seq "
                    + jsm.getStreamInfo(stream).getStreamState().getLastSequence());
            for (io.nats.client.api.ConsumerInfo consumer : jsm.getConsumers(stream)) {
                state.append("; consumer ").append(consumer.getName()).append(" delivered stream seq ")
                        .append(consumer.getDelivered().getStreamSequence()).append(", pending ")
                        .append(consumer.getNumPending()).append(", waiting pulls ").append(consumer.getNumWaiting());
            }
            return state.toString();
        } catch (Exception e) {
            return "feed state not read: " + e;
        }
    }

    int liveSubscribers() throws Exception {
        return stats().get("liveSubscribers").asInt();
    }

    /** Live JVM threads of the server ({@code jvm_threads_live_threads}). */
    double threads() throws Exception {
        return server.metrics().sum("jvm_threads_live_threads");
    }

    /** Flight DoGet streams the server counts as in flight ({@code quiver_streams_in_flight{transport="flight"}}). */
    double flightStreamsInFlight() throws Exception {
        return server.metrics().sum("quiver_streams_in_flight", "transport", "flight");
    }

    /** Heap in use now (garbage included), from {@code jvm_memory_used_bytes{area="heap"}}. */
    double heapUsedBytes() throws Exception {
        return server.metrics().sum("jvm_memory_used_bytes", "area", "heap");
    }

    /** Direct NIO buffer memory in use (Netty's and Arrow's pools), {@code jvm_buffer_memory_used_bytes{id="direct"}}. */
    double directBytes() throws Exception {
        return server.metrics().sum("jvm_buffer_memory_used_bytes", "id", "direct");
    }

    /** Heap in use after a full GC (jcmd): the live set. */
    long postGcHeapBytes() throws InterruptedException {
        return server.process().postGcHeapBytes();
    }

    long rssBytes() {
        return server.process().rssBytes();
    }

    /** Waits until the server counts exactly {@code expected} live subscribers. */
    void awaitLiveSubscribers(int expected, Duration timeout) throws InterruptedException {
        Polling.await(timeout, expected + " live subscribers on the server", () -> liveSubscribers() == expected,
                this::stats);
    }

    /**
     * The server's live subscription delivery threads, from a thread dump ({@code jcmd Thread.print}): at most
     * {@link #DELIVERY_THREADS} if the heap bounds count the right number (the pool starts its threads as work comes).
     */
    int deliveryThreads() throws InterruptedException, IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(server.process().pid()), "Thread.print")
                .redirectErrorStream(true).start();
        String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!dump.waitFor(30, TimeUnit.SECONDS) || dump.exitValue() != 0) {
            throw new IllegalStateException("jcmd Thread.print failed for the server: " + output);
        }
        return (int) output.lines().filter(line -> line.startsWith(DELIVERY_THREAD_PREFIX)).count();
    }

    /**
     * Closes the admin client, waits (bounded) until every client-side Arrow buffer is released, then closes the
     * clients' allocator, which fails on anything still allocated (a stream or client a scenario did not close, or
     * a buffer gRPC never gave back); then stops the server and deletes the stream. Close every client taken from
     * {@link #newClient()} and every stream first.
     */
    @Override
    public void close() throws Exception {
        try {
            admin.close();
            Polling.await(CLIENT_RELEASE, "every client-side Arrow buffer released",
                    () -> allocator.getAllocatedMemory() == 0, () -> allocator.getAllocatedMemory() + " bytes still"
                            + " allocated: " + abbreviate(allocator.toVerboseString()));
            allocator.close();
        } finally {
            try {
                server.close();
            } finally {
                deleteStream();
                nats.close();
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "…";
    }

    private void deleteStream() {
        try {
            nats.jetStreamManagement().deleteStream(stream);
        } catch (Exception e) {
            LOG.warn("stream {} not deleted: {}", stream, e.toString());
        }
    }
}
