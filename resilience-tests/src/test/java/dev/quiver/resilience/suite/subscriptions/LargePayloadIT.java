package dev.quiver.resilience.suite.subscriptions;

import static dev.quiver.resilience.suite.subscriptions.ConcurrentSubscriptionsIT.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.resilience.harness.LatencyRecorder;
import dev.quiver.resilience.harness.Sampler;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Events of ~1 MiB (the largest the event contract allows) to many subscribers: each arrives intact (the CRC32C of
 * its random payload, carried in the event, matches what the subscriber computes), once and in order, and the
 * server's memory stays bounded.
 *
 * <p>Live heap (sampled after full GCs) within: the baseline + one subscriber buffer (64 MiB: events are decoded
 * once and shared by the subscribers' buffers, so all buffers together hold at most the longest one) + the feed's
 * fetch in flight (2 x 16 MiB, raw and decoded) + the batches the {@value SubscriptionServer#DELIVERY_THREADS}
 * delivery threads are encoding (8 MiB each) + the batches in transmission, which the server's transmit budget bounds
 * for all subscribers together (an eighth of its direct memory limit, 64 MiB here: a batch's bytes may be copied while
 * gRPC frames it, but no more of them are handed to gRPC at once) + 32 MiB of connection buffers and decoding. That
 * is about 210 MiB over the baseline, below the 512 MiB heap (asserted), while a server that kept a copy of the
 * events per subscriber would hold 500 MiB at smoke scale (10 subscribers x 50 MiB) and 5 GiB at full scale: it fails
 * the bound or runs out of heap.
 *
 * <p>Off-heap, the batches in transmission stay within that budget and the server's direct memory within twice it
 * (gRPC's framing buffers) + what a ready stream may still have queued (256 KiB each) + the Arrow vectors being encoded
 * (8 MiB per delivery thread) + 32 MiB: before that budget, 50 subscribers took a 512 MiB server out of direct memory.
 * The server runs with {@value SubscriptionServer#DELIVERY_THREADS} processors; that it has no more delivery threads
 * than the bounds count is asserted from a thread dump.
 */
class LargePayloadIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final int HEAP_MB = 512;
    private static final long BUFFER_BYTES = 64L << 20;
    private static final long FETCH_BYTES = 16L << 20;
    /** Connection buffers and the decoding of the message in hand (its JSON tree and strings) at a GC. */
    private static final long TRANSIENT_SLACK_BYTES = 32L << 20;
    /** The server's default --subscription-transmit-bytes: an eighth of its direct memory limit (= -Xmx). */
    private static final long TRANSMIT_BUDGET_BYTES = ((long) HEAP_MB << 20) / 8;
    /** What a stream may have queued and still count as ready (QuiverServer.STREAM_READY_BYTES). */
    private static final long READY_QUEUE_BYTES = 256L << 10;
    /** Room for the envelope (ids, type, time) and the {@code n}/{@code crc} fields around the blob. */
    private static final int BLOB_CHARS = ObserverEventJson.MAX_EVENT_BYTES - 512;
    private static final byte[] BLOB_PREFIX = "\"blob\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CRC_PREFIX = "\"crc\":".getBytes(StandardCharsets.UTF_8);
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    @Scenario(group = "subscriptions", title = "~1 MiB events to many subscribers: delivered intact (checksum), once,"
            + " in order; server heap bounded")
    void oneMebibyteEventsArriveIntact(ScenarioLog log) throws Exception {
        SERVICES.require(ServiceName.NATS);
        int subscribers = log.scale().pick(10, 50);
        int events = log.scale().pick(50, 100);
        int rate = 5;
        log.load(String.format("%d events of %,d bytes at %d/s to %d subscribers (%,d MB delivered); server -Xmx%dm",
                events, ObserverEventJson.MAX_EVENT_BYTES, rate, subscribers,
                (long) events * subscribers * ObserverEventJson.MAX_EVENT_BYTES / 1_000_000, HEAP_MB));
        try (SubscriptionServer server = new SubscriptionServer(SERVICES, "large", HEAP_MB, Map.of());
             SubscriberFleet fleet = new SubscriberFleet(server, 2, "entityId occurredAt data")) {
            LiveEventPublisher publisher = new LiveEventPublisher(server, 0);
            long heapBaseline = server.postGcHeapBytes();
            long bound = heapBaseline + BUFFER_BYTES + 2 * FETCH_BYTES + SubscriptionServer.ENCODING_BYTES
                    + TRANSMIT_BUDGET_BYTES + TRANSIENT_SLACK_BYTES;
            log.figure("server heap after GC before", heapBaseline / MIB, "MiB");
            log.figure("live-heap bound (baseline + buffer + 2 x fetch + encoding + transmit budget + 32 MiB)",
                    bound / MIB, "MiB");
            assertThat(bound).as("the live-heap bound is below the server's heap (-Xmx%dm), so it can be exceeded",
                    HEAP_MB).isLessThan(server.maxHeapBytes);
            List<LiveSubscriber> established = SubscriberFleet.established(fleet.open(subscribers));
            assertThat(established).hasSize(subscribers);
            server.awaitLiveSubscribers(subscribers, Duration.ofSeconds(30));

            AtomicLong maxPostGcHeap = new AtomicLong();
            AtomicLong maxDirect = new AtomicLong();
            long directBound = 2 * TRANSMIT_BUDGET_BYTES + subscribers * READY_QUEUE_BYTES
                    + SubscriptionServer.ENCODING_BYTES
                    + TRANSIENT_SLACK_BYTES;
            try (Sampler fast = server.gauges(log, maxDirect);
                 Sampler gc = server.postGcHeapGauge(log, maxPostGcHeap)) {
                LatencyRecorder latency = new LatencyRecorder(log);
                long first = publisher.nextIndex();
                CountDownLatch done = SubscriberFleet.startReading(established, first, first + events - 1, latency,
                        LargePayloadIT::intact);
                LiveEventPublisher.Published published = publisher.publish(events, rate, 8, LargePayloadIT::data);
                boolean allDone = SubscriberFleet.await(done, established, Duration.ofSeconds(120));
                SubscriberFleet.Tally tally = SubscriberFleet.tally(established, published.count());
                log.deliveries("subscribers", tally.expected(), tally.received(), tally.duplicates());
                log.latency(latency.all("delivery of a 1 MiB event (publish to received)"));
                latency.publishSeries("delivery", 1_000);
                JsonNode stats = server.stats();
                log.note("server stats: " + stats + "; " + server.feedState());
                log.figure("max server heap after GC during delivery", maxPostGcHeap.get() / MIB, "MiB");
                log.figure("payload checksum mismatches", tally.corrupt(), "");
                log.figure("max batches in transmission (server's transmit budget " + TRANSMIT_BUDGET_BYTES / MIB
                        + " MiB)", stats.get("maxTransmitBytes").asLong() / MIB, "MiB");
                log.figure("max server direct memory (bound: 2 x budget + 256 KiB per stream + 16 MiB encoding"
                        + " + 32 MiB)", maxDirect.get() / MIB, "MiB");
                log.figure("direct memory bound", directBound / MIB, "MiB");

                assertThat(allDone).as("every subscriber finished; first incomplete: "
                        + SubscriberFleet.firstIncomplete(established)).isTrue();
                assertThat(tally.corrupt()).as("events whose payload checksum did not match").isZero();
                assertThat(tally.complete()).as("subscribers with every event intact, once, in order; first"
                        + " incomplete: " + SubscriberFleet.firstIncomplete(established)).isEqualTo(subscribers);
                assertThat(stats.get("slowConsumerDisconnects").asLong()).isZero();
                assertThat(stats.get("maxTransmitBytes").asLong()).as("bytes of batches in transmission at once")
                        .isLessThanOrEqualTo(TRANSMIT_BUDGET_BYTES);
                assertThat(maxDirect.get()).as("server direct memory (bytes) within 2 x the transmit budget + 256 KiB"
                        + " per stream + encoding + 32 MiB").isLessThanOrEqualTo(directBound);
                assertThat(maxPostGcHeap.get()).as("live heap during delivery (bytes) within baseline + buffer + 2"
                        + " fetches + encoding + transmit budget + 32 MiB").isLessThanOrEqualTo(bound);
                assertThat(server.deliveryThreads()).as("the server's delivery threads (the bounds count %d)",
                        SubscriptionServer.DELIVERY_THREADS).isBetween(1, SubscriptionServer.DELIVERY_THREADS);
            }
            SubscriberFleet.closeAll(established);
            server.awaitLiveSubscribers(0, Duration.ofSeconds(30));
        }
    }

    /** {@code {"n":N,"crc":C,"blob":"<random base64 alphabet>"}}, the blob's CRC32C as C. */
    private static String data(long n) {
        SplittableRandom random = new SplittableRandom(n * 7919 + 17);
        byte[] blob = new byte[BLOB_CHARS];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) ALPHABET[random.nextInt(ALPHABET.length)];
        }
        CRC32C crc = new CRC32C();
        crc.update(blob);
        return "{\"n\":" + n + ",\"crc\":" + crc.getValue() + ",\"blob\":\"" + new String(blob, StandardCharsets.US_ASCII)
                + "\"}";
    }

    /** Whether the received row's blob has the CRC32C its event carries (and the event its own n). */
    private static boolean intact(long n, VectorSchemaRoot root, int row) {
        byte[] data = ((VarCharVector) root.getVector("data")).get(row);
        int crcAt = indexOf(data, CRC_PREFIX, 0);
        int blobAt = indexOf(data, BLOB_PREFIX, 0);
        if (crcAt < 0 || blobAt < 0 || !new String(data, 0, Math.min(data.length, 32), StandardCharsets.US_ASCII)
                .startsWith("{\"n\":" + n + ",")) {
            return false;
        }
        int start = blobAt + BLOB_PREFIX.length;
        int end = start;
        while (end < data.length && data[end] != '"') {
            end++;
        }
        int crcEnd = crcAt + CRC_PREFIX.length;
        while (crcEnd < data.length && data[crcEnd] >= '0' && data[crcEnd] <= '9') {
            crcEnd++;
        }
        long expected = Long.parseLong(new String(data, crcAt + CRC_PREFIX.length, crcEnd - crcAt - CRC_PREFIX.length,
                StandardCharsets.US_ASCII));
        CRC32C crc = new CRC32C();
        crc.update(data, start, end - start);
        return end - start == BLOB_CHARS && crc.getValue() == expected;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
