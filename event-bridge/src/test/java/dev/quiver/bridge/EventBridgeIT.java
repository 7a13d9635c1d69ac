package dev.quiver.bridge;

import static dev.quiver.bridge.BridgeTestRun.SINK;
import static dev.quiver.bridge.BridgeTestRun.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge against the real NATS JetStream and Redis, feeding an in-memory recording sink (idempotent per
 * event id, like the real sinks). Every test uses streams, subjects and Redis keys of its own.
 */
@Timeout(120)
class EventBridgeIT {
    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeIT.class);
    private static final Services SERVICES = Services.fromEnvironment();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.NATS, ServiceName.REDIS);
    }

    private static List<ObserverEvent> events(String run, int from, int to) {
        List<ObserverEvent> events = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            events.add(TestEvents.event(run, i));
        }
        return events;
    }

    private static Set<String> ids(List<ObserverEvent> events) {
        return events.stream().map(ObserverEvent::eventId).collect(Collectors.toSet());
    }

    private static List<byte[]> poisonPayloads(String run) {
        String valid = TestEvents.json(TestEvents.event(run, -1));
        List<String> texts = List.of(
                "",
                "{oops",
                "[1,2,3]",
                valid.replace("\"event_type\":\"", "\"event_type\":\"archived-"),
                valid.replaceFirst("\"event_id\":\"[^\"]+\"", "\"event_id\":\"not-a-uuid\""),
                valid.replaceFirst(",\"data\":\\{[^}]*\\}", ""),
                valid.replace("\"occurred_at\":\"", "\"occurred_at\":\"yesterday "),
                valid.replace("{\"event_id\"", "{\"colour\":\"red\",\"event_id\""),
                valid.replaceFirst("\"data\":\\{[^}]*\\}", "\"data\":\"not an object\""));
        List<byte[]> payloads = new ArrayList<>();
        texts.forEach(text -> payloads.add(text.getBytes(StandardCharsets.UTF_8)));
        byte[] huge = new byte[ObserverEventJson.MAX_EVENT_BYTES + 1_000];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        payloads.add(huge);
        return payloads;
    }

    private static HttpResponse<String> get(EventBridge bridge, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + bridge.httpPort() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyValidEventIsStoredOnceDuplicatesAreSkippedAndPoisonIsDeadLetteredWithItsReason() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            RecordingSink.Destination destination = new RecordingSink.Destination();
            try (EventBridge bridge = run.startBridge(destination, "--batch-size", "2000", "--max-ack-pending", "4000")) {
                List<ObserverEvent> events = events(run.id, 0, 20_000);
                // an ack says duplicate only where the first answer was given up on and the event published again
                assertThat(run.publish(events)).filteredOn(PublishAck::isDuplicate)
                        .hasSizeLessThanOrEqualTo(run.repeatedPublishes());
                assertThat(run.streamMessages()).as("events in the stream").isEqualTo(20_000);
                assertThat(run.publish(events.subList(0, 100))).as("same Nats-Msg-Id within the window")
                        .allMatch(PublishAck::isDuplicate);
                assertThat(run.streamMessages()).as("events in the stream after the duplicates").isEqualTo(20_000);
                run.republishWithoutMessageId(events.subList(5_000, 5_500));
                List<byte[]> poison = poisonPayloads(run.id);
                for (byte[] payload : poison) {
                    run.publishRaw(payload);
                }

                await(WAIT, () -> destination.size() == 20_000, "20,000 events stored");
                run.awaitConsumerDrained(WAIT);
                BridgeMetrics metrics = bridge.pipelines().get(SINK).metrics();
                await(WAIT, () -> metrics.receivedCount() == 20_510 && metrics.inFlight() == 0, "all settled");

                assertThat(destination.events().keySet()).isEqualTo(ids(events));
                assertThat(destination.rewrites()).as("events written twice").isZero();
                assertThat(metrics.storedCount()).isEqualTo(20_000);
                assertThat(metrics.dedupHitCount()).isEqualTo(500);
                assertThat(metrics.deadLetteredCount(DeadLetter.Cause.POISON)).isEqualTo(poison.size());
                assertThat(metrics.maxInFlight()).isLessThanOrEqualTo(4_000);

                List<MessageInfo> letters = run.deadLetters();
                assertThat(letters).hasSize(poison.size());
                Set<String> payloads = new HashSet<>();
                for (MessageInfo letter : letters) {
                    assertThat(letter.getSubject()).isEqualTo(run.streams.deadLetterSubject(SINK));
                    assertThat(letter.getHeaders().getFirst(DeadLetter.HEADER_REASON)).isNotBlank();
                    assertThat(letter.getHeaders().getFirst(DeadLetter.HEADER_CAUSE)).isEqualTo("poison");
                    assertThat(letter.getHeaders().getFirst(DeadLetter.HEADER_SINK)).isEqualTo(SINK);
                    assertThat(letter.getHeaders().getFirst(DeadLetter.HEADER_ORIGINAL_SUBJECT))
                            .isEqualTo(run.streams.eventSubjectPrefix() + ".Order.created");
                    assertThat(Long.parseLong(letter.getHeaders().getFirst(DeadLetter.HEADER_ORIGINAL_SEQUENCE)))
                            .isGreaterThan(20_500);
                    payloads.add(new String(letter.getData() == null ? new byte[0] : letter.getData(), StandardCharsets.UTF_8));
                }
                assertThat(payloads).hasSize(poison.size());
                List<String> reasons = letters.stream()
                        .map(letter -> letter.getHeaders().getFirst(DeadLetter.HEADER_REASON)).toList();
                assertThat(reasons).anyMatch(reason -> reason.contains("empty message"))
                        .anyMatch(reason -> reason.contains("invalid JSON"))
                        .anyMatch(reason -> reason.contains("exceeds the limit"))
                        .anyMatch(reason -> reason.contains("unknown field 'colour'"));

                HttpResponse<String> health = get(bridge, "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"recording\"");
                HttpResponse<String> scrape = get(bridge, "/metrics");
                assertThat(scrape.statusCode()).isEqualTo(200);
                assertThat(scrape.body())
                        .contains("quiver_bridge_events_stored_total{sink=\"recording\"} 20000.0")
                        .contains("quiver_bridge_events_received_total{sink=\"recording\"} 20510.0")
                        .contains("quiver_bridge_dedup_hits_total{sink=\"recording\"} 500.0")
                        .contains("quiver_bridge_events_dead_lettered_total{cause=\"poison\",sink=\"recording\"} 10.0")
                        .contains("quiver_bridge_write_latency_seconds_bucket")
                        .contains("quiver_bridge_batch_size_bucket")
                        .contains("quiver_bridge_in_flight{sink=\"recording\"} 0.0");
                await(WAIT, () -> get(bridge, "/metrics").body()
                        .contains("quiver_bridge_consumer_pending{sink=\"recording\"} 0.0"), "lag polled");
            }
        }
    }

    @Test
    void aSinkThatFailsRetriablyForAWhileEndsWithEveryEventStoredExactlyOnce() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            RecordingSink.Destination destination = new RecordingSink.Destination();
            destination.failNextWrites(5);
            try (EventBridge bridge = run.startBridge(destination, "--batch-size", "1000", "--max-ack-pending", "2000")) {
                List<ObserverEvent> events = events(run.id, 0, 3_000);
                run.publish(events);

                await(WAIT, () -> destination.size() == 3_000, "3,000 events stored");
                run.awaitConsumerDrained(WAIT);

                BridgeMetrics metrics = bridge.pipelines().get(SINK).metrics();
                assertThat(destination.failuresLeft()).isZero();
                assertThat(metrics.failedCount()).as("events in failed attempts").isPositive();
                assertThat(destination.events().keySet()).isEqualTo(ids(events));
                assertThat(destination.rewrites()).isZero();
                assertThat(metrics.storedCount()).isEqualTo(3_000);
                assertThat(bridge.pipelines().get(SINK).state()).isEqualTo(PipelineState.RUNNING);
            }
        }
    }

    @Test
    void twoBridgeInstancesShareTheConsumerAndStoreEachEventOnce() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            RecordingSink.Destination destination = new RecordingSink.Destination();
            String[] flags = {"--batch-size", "500", "--max-ack-pending", "1000"};
            try (EventBridge first = run.startBridge(destination, flags);
                 EventBridge second = run.startBridge(destination, flags)) {
                List<ObserverEvent> events = events(run.id, 0, 10_000);
                run.publish(events);

                await(WAIT, () -> destination.size() == 10_000, "10,000 events stored");
                run.awaitConsumerDrained(WAIT);

                long byFirst = first.pipelines().get(SINK).metrics().receivedCount();
                long bySecond = second.pipelines().get(SINK).metrics().receivedCount();
                LOG.info("two instances: first received {}, second {}", byFirst, bySecond);
                assertThat(byFirst + bySecond).isEqualTo(10_000);
                assertThat(byFirst).isPositive();
                assertThat(bySecond).isPositive();
                assertThat(destination.events().keySet()).isEqualTo(ids(events));
                assertThat(destination.rewrites()).isZero();
            }
        }
    }

    @Test
    void whenRedisIsUnreachableEventsAreStillStoredOnceAndDedupComesBackByItself() throws Exception {
        SERVICES.require(ServiceName.TOXIPROXY);
        ToxiproxyClient toxiproxy = new ToxiproxyClient(SERVICES.toxiproxy().host(), SERVICES.toxiproxy().apiPort());
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            Proxy proxy = toxiproxy.createProxy("bridge-redis-" + run.id, "127.0.0.1:0",
                    SERVICES.redis().host() + ":" + SERVICES.redis().port());
            try {
                String redisUrl = "redis://" + proxy.getListen();
                RecordingSink.Destination destination = new RecordingSink.Destination();
                try (EventBridge bridge = run.startBridge(destination, "--redis-url", redisUrl, "--batch-size", "1000",
                        "--max-ack-pending", "2000", "--dedup-timeout", "200ms", "--dedup-retry", "300ms")) {
                    BridgeMetrics metrics = bridge.pipelines().get(SINK).metrics();
                    List<ObserverEvent> events = events(run.id, 0, 3_000);

                    run.publish(events.subList(0, 1_000));
                    await(WAIT, () -> destination.size() == 1_000, "first 1,000 stored");
                    run.awaitConsumerDrained(WAIT);
                    assertThat(metrics.dedupEnabled()).isTrue();

                    proxy.disable();
                    run.publish(events.subList(1_000, 2_000));
                    run.republishWithoutMessageId(events.subList(0, 500));
                    await(WAIT, () -> destination.size() == 2_000, "2,000 stored while Redis is away");
                    run.awaitConsumerDrained(WAIT);

                    assertThat(metrics.dedupEnabled()).isFalse();
                    assertThat(metrics.dedupDisabledCount()).isPositive();
                    assertThat(destination.rewrites()).as("duplicates written again, absorbed by idempotence")
                            .isEqualTo(500);
                    BridgeHealth health = bridge.health();
                    assertThat(health.redis().up()).isFalse();
                    assertThat(health.status()).isEqualTo("DEGRADED");
                    assertThat(get(bridge, "/metrics").body())
                            .contains("quiver_bridge_dedup_enabled{sink=\"recording\"} 0.0");

                    proxy.enable();
                    for (int from = 2_000; from < 3_000; from += 100) {
                        run.publish(events.subList(from, from + 100));
                        int expected = from + 100;
                        await(WAIT, () -> destination.size() == expected, expected + " stored");
                    }
                    await(WAIT, metrics::dedupEnabled, "de-duplication back on");
                    run.republishWithoutMessageId(events.subList(0, 200));
                    await(WAIT, () -> metrics.dedupHitCount() == 200, "200 duplicates skipped");
                    run.awaitConsumerDrained(WAIT);

                    assertThat(destination.events().keySet()).isEqualTo(ids(events));
                    assertThat(destination.rewrites()).isEqualTo(500);
                    assertThat(bridge.health().redis().up()).isTrue();
                }
            } finally {
                proxy.delete();
            }
        }
    }

    @Test
    void aBacklogIsConsumedWithInFlightBoundedAndACleanStopAcknowledgesExactlyWhatWasStored() throws Exception {
        int backlog = 100_000;
        int maxAckPending = 4_000;
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            run.createStreams();
            List<ObserverEvent> events = events(run.id, 0, backlog);
            long publishStart = System.nanoTime();
            run.publish(events);
            double publishSeconds = (System.nanoTime() - publishStart) / 1e9;

            RecordingSink.Destination destination = new RecordingSink.Destination();
            long[] serverAckPending = new long[1];
            EventBridge bridge = run.startBridge(destination, "--batch-size", "2000",
                    "--max-ack-pending", Integer.toString(maxAckPending));
            long consumeStart = System.nanoTime();
            BridgeMetrics metrics = bridge.pipelines().get(SINK).metrics();
            try {
                await(WAIT, () -> {
                    serverAckPending[0] = Math.max(serverAckPending[0], run.consumer().getNumAckPending());
                    return destination.size() >= 30_000;
                }, "30,000 of the backlog stored");
            } finally {
                bridge.close();
            }
            double consumeSeconds = (System.nanoTime() - consumeStart) / 1e9;
            int stored = destination.size();
            LOG.info("backlog of {}: published in {} s ({} events/s); the bridge stored {} in {} s ({} events/s,"
                            + " {} writes); max in flight {}, max server ack pending {}", backlog,
                    String.format("%.1f", publishSeconds), Math.round(backlog / publishSeconds), stored,
                    String.format("%.1f", consumeSeconds), Math.round(stored / consumeSeconds), destination.writes(),
                    metrics.maxInFlight(), serverAckPending[0]);

            assertThat(metrics.maxInFlight()).isPositive().isLessThanOrEqualTo(maxAckPending);
            assertThat(serverAckPending[0]).isLessThanOrEqualTo(maxAckPending);
            assertThat(bridge.pipelines().get(SINK).state()).isEqualTo(PipelineState.STOPPED);
            assertThat(metrics.inFlight()).as("held after a clean stop").isZero();
            assertThat(destination.rewrites()).isZero();
            assertThat(destination.events().keySet()).as("stored in stream order")
                    .isEqualTo(ids(events.subList(0, stored)));
            await(WAIT, () -> run.consumer().getAckFloor().getStreamSequence() == stored,
                    () -> "ack floor at the " + stored + " stored events (acknowledged exactly what was stored)");
        }
    }
}
