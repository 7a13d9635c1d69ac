package dev.quiver.resilience.harness;

import dev.quiver.bridge.tools.EventGenerator;
import dev.quiver.bridge.tools.GenerateConfig;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.sinks.api.PoisonEventException;
import dev.quiver.sinks.clickhouse.ClickHouseEventCounter;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig;
import dev.quiver.sinks.elasticsearch.ElasticsearchEventCounter;
import dev.quiver.sinks.elasticsearch.ElasticsearchSinkConfig;
import dev.quiver.testsupport.Services;
import dev.quiver.testsupport.process.JavaProcess;
import dev.quiver.testsupport.process.JavaProcessSpec;
import dev.quiver.testsupport.process.PrometheusScrape;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end-to-end pipeline run against the real services: its own events and dead-letter streams and subjects,
 * ClickHouse database, Elasticsearch index prefix and Redis key prefix (all suffixed with a random id), the
 * event-bridge jar started as child processes, events published with {@link EventGenerator}, and exact counts
 * read back from both stores. {@link #close()} kills the bridges and removes everything the run created.
 */
public final class PipelineRun implements AutoCloseable {
    public static final String CLICKHOUSE = "clickhouse";
    public static final String ELASTICSEARCH = "elasticsearch";
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String ENTITY_TYPE = "Order";
    private static final int PAYLOAD_BYTES = 200;
    /** How long a publish waits for JetStream's acknowledgement (the generator's default, --ack-timeout). */
    private static final Duration PUBLISH_ACK_TIMEOUT = Duration.ofSeconds(30);

    public final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    public final String eventsStream = "PIPE_EVENTS_" + id.toUpperCase(Locale.ROOT);
    public final String eventsSubjectPrefix = "pipe." + id + ".events";
    public final String dlqStream = "PIPE_DLQ_" + id.toUpperCase(Locale.ROOT);
    public final String dlqSubjectPrefix = "pipe." + id + ".dlq";
    public final String clickhouseDatabase = "pipe_" + id;
    public final String elasticsearchPrefix = "pipe-" + id;
    public final String dedupKeyPrefix = "pipe:" + id;

    private final Services services;
    private final String natsUrl;
    private final Path logDir;
    private final Connection nats;
    private final List<JavaProcess> bridges = new ArrayList<>();
    private final List<Proxy> proxies = new ArrayList<>();
    private final ClickHouseEventCounter clickhouseCounter;
    private final ElasticsearchEventCounter elasticsearchCounter;
    private ToxiproxyClient toxiproxy;
    private int bridgeCount;

    public PipelineRun(Services services, String testName) throws IOException, InterruptedException {
        this(services, testName, services.nats().url());
    }

    /**
     * A run on the NATS server(s) at {@code natsUrl} (comma-separated, e.g. a cluster's nodes) instead of the
     * single service's: its own connection and its bridges' {@code --nats-url}.
     */
    public PipelineRun(Services services, String testName, String natsUrl) throws IOException, InterruptedException {
        this.services = services;
        this.natsUrl = natsUrl;
        this.logDir = Path.of("target", "pipeline-logs", testName + "-" + id);
        // publish acknowledgements may take longer than jnats' default 5 s on a busy disk (NATS syncs every write);
        // reconnects without end, so a run on a cluster follows it through the loss of a node
        this.nats = Nats.connect(Options.builder().servers(natsUrl.split(",")).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500)).requestCleanupInterval(Duration.ofSeconds(30)).build());
        ClickHouseSinkConfig clickhouse = ClickHouseSinkConfig.defaults();
        this.clickhouseCounter = new ClickHouseEventCounter(new ClickHouseSinkConfig(
                URI.create(services.clickhouse().httpUrl()), services.clickhouse().user(),
                services.clickhouse().password(), clickhouseDatabase, "events", clickhouse.connectTimeout(),
                clickhouse.socketTimeout(), clickhouse.insertFormat()));
        ElasticsearchSinkConfig es = ElasticsearchSinkConfig.defaults();
        this.elasticsearchCounter = new ElasticsearchEventCounter(new ElasticsearchSinkConfig(
                URI.create(services.elasticsearch().httpUrl()), es.user(), es.password(), elasticsearchPrefix,
                es.connectTimeout(), es.socketTimeout(), es.bulkMaxBytes(), es.itemRetries(), es.itemRetryBackoff()));
        LOG.info("pipeline run {}: stream {}, ClickHouse {}.events, Elasticsearch {}-*, logs in {}", id, eventsStream,
                clickhouseDatabase, elasticsearchPrefix, logDir.toAbsolutePath());
    }

    /**
     * Starts a bridge process feeding both sinks and waits until {@code /health} answers 200. Its settings: this
     * run's names (the events stream through {@code QUIVER_EVENTS_STREAM}, the rest as flags), small batches (1,000 events or 200 ms), an 8 s ack wait, short back-off, the shared services' URLs,
     * each replaced by {@code overrides} (flag without dashes → value), e.g. a proxy's {@code clickhouse-url}.
     *
     * @param env extra environment, e.g. short breaker waits ({@code QUIVER_CLICKHOUSE_BREAKER_OPEN_WAIT}, the
     *            variable of the bridge's {@code --clickhouse-breaker-open-wait})
     */
    public Bridge startBridge(Map<String, String> overrides, Map<String, String> env) throws IOException, InterruptedException {
        return startBridge(List.of("-Xmx384m"), overrides, env);
    }

    /** {@link #startBridge(Map, Map)} with these JVM options instead of {@code -Xmx384m}, e.g. another fixed heap. */
    public Bridge startBridge(List<String> jvmArgs, Map<String, String> overrides, Map<String, String> env)
            throws IOException, InterruptedException {
        int port = FreePort.next();
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("nats-url", natsUrl);
        flags.put("events-subject-prefix", eventsSubjectPrefix);
        flags.put("dlq-stream", dlqStream);
        flags.put("dlq-subject-prefix", dlqSubjectPrefix);
        flags.put("sinks", CLICKHOUSE + "," + ELASTICSEARCH);
        flags.put("batch-size", "1000");
        flags.put("batch-time", "200ms");
        flags.put("max-ack-pending", "4000");
        flags.put("ack-wait", "8s");
        flags.put("retry-backoff", "100ms");
        flags.put("retry-backoff-max", "1s");
        flags.put("dedup-key-prefix", dedupKeyPrefix);
        flags.put("dedup-timeout", "1s");
        flags.put("dedup-retry", "500ms");
        flags.put("clickhouse-url", services.clickhouse().httpUrl());
        flags.put("clickhouse-database", clickhouseDatabase);
        flags.put("elasticsearch-url", services.elasticsearch().httpUrl());
        flags.put("elasticsearch-index-prefix", elasticsearchPrefix);
        flags.put("redis-url", services.redis().uri());
        flags.put("lag-interval", "500ms");
        flags.put("shutdown-timeout", "5s");
        flags.put("http-port", Integer.toString(port));
        flags.putAll(overrides);
        List<String> args = new ArrayList<>();
        flags.forEach((flag, value) -> {
            args.add("--" + flag);
            args.add(value);
        });
        Map<String, String> environment = new LinkedHashMap<>();
        // through its variable, shared with the server and the tools, so every run checks the bridge reads it
        environment.put("QUIVER_EVENTS_STREAM", eventsStream);
        for (String sink : List.of("QUIVER_CLICKHOUSE_", "QUIVER_ELASTICSEARCH_")) {
            environment.put(sink + "CONNECT_TIMEOUT", "1s");
            environment.put(sink + "SOCKET_TIMEOUT", "10s");
        }
        environment.putAll(env);
        String name = "event-bridge-" + (++bridgeCount);
        JavaProcess process = JavaProcess.start(new JavaProcessSpec(name, QuiverJars.bridge(), jvmArgs, args,
                environment, logDir));
        bridges.add(process);
        Bridge bridge = new Bridge(process, URI.create("http://127.0.0.1:" + flags.get("http-port")));
        process.awaitHealthy(bridge.health(), Duration.ofSeconds(60));
        return bridge;
    }

    /** Publishes {@code count} events (ids repeatable from {@code seed}); returns how many JetStream stored anew. */
    public long publish(long count, long seed, int rate) throws IOException, InterruptedException {
        GenerateConfig config = new GenerateConfig(eventsSubjectPrefix, count, rate, PAYLOAD_BYTES, ENTITY_TYPE, 1_000,
                seed, null, PUBLISH_ACK_TIMEOUT);
        EventGenerator.Summary summary = new EventGenerator(nats, config).run(acknowledged -> { });
        if (summary.firstError() != null || summary.acknowledged() != count) {
            throw new IllegalStateException("publishing " + count + " events failed: " + summary.toJson());
        }
        return summary.acknowledged() - summary.duplicates();
    }

    /**
     * Publishes the messages stored at stream sequences {@code 1..count} again, byte for byte but WITHOUT
     * {@code Nats-Msg-Id}, so JetStream keeps them and the bridge sees exactly the same events a second time (as
     * after a redelivery or a relay that published twice).
     */
    public void republishWithoutMessageId(long count) throws IOException {
        try {
            JetStreamManagement jsm = nats.jetStreamManagement();
            JetStream jetStream = nats.jetStream();
            for (long sequence = 1; sequence <= count; sequence++) {
                MessageInfo stored = jsm.getMessage(eventsStream, sequence);
                jetStream.publish(stored.getSubject(), stored.getData());
            }
        } catch (JetStreamApiException e) {
            throw new IOException("re-publishing the first " + count + " events of " + eventsStream + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The event ids of the messages stored at stream sequences {@code 1..count}, in that order. */
    public List<String> eventIds(long count) throws IOException {
        try {
            JetStreamManagement jsm = nats.jetStreamManagement();
            List<String> ids = new ArrayList<>();
            for (long sequence = 1; sequence <= count; sequence++) {
                ids.add(ObserverEventJson.decode(jsm.getMessage(eventsStream, sequence).getData()).eventId());
            }
            return ids;
        } catch (JetStreamApiException | PoisonEventException e) {
            throw new IOException("reading the event ids of the first " + count + " messages of " + eventsStream
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * How many of {@code eventIds} Redis remembers as stored by {@code sink} (key
     * {@code <dedupKeyPrefix>:<sink>:<event_id>}): the duplicates of those its de-duplication can skip.
     */
    public long dedupMarked(String sink, List<String> eventIds) {
        RedisClient client = RedisClient.create(services.redis().uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().exists(eventIds.stream().map(id -> dedupKeyPrefix + ":" + sink + ":" + id)
                    .toArray(String[]::new));
        } finally {
            client.shutdown();
        }
    }

    /** Exact counts from both stores (ClickHouse 0 while its table does not exist yet). */
    public SinkCounts counts() throws Exception {
        long distinct;
        long fin;
        long rows;
        try {
            distinct = clickhouseCounter.distinctEventIds();
            fin = clickhouseCounter.countFinal();
            rows = clickhouseCounter.rows();
        } catch (Exception e) {
            if (String.valueOf(e.getMessage()).contains("doesn't exist")) {
                distinct = fin = rows = 0;
            } else {
                throw e;
            }
        }
        return new SinkCounts(distinct, fin, rows, elasticsearchCounter.count());
    }

    public long elasticsearchDocs() throws Exception {
        return elasticsearchCounter.count();
    }

    /** ClickHouse's {@code count() FINAL} alone (0 while its table does not exist yet); Elasticsearch not asked. */
    public long clickhouseFinal() throws Exception {
        try {
            return clickhouseCounter.countFinal();
        } catch (Exception e) {
            if (String.valueOf(e.getMessage()).contains("doesn't exist")) {
                return 0;
            }
            throw e;
        }
    }

    /** Messages of the sink's durable consumer not yet acknowledged (pending + ack pending). */
    public long unacknowledged(String sink) throws Exception {
        JetStreamManagement jsm = nats.jetStreamManagement();
        ConsumerInfo info = jsm.getConsumerInfo(eventsStream, "quiver-bridge-" + sink);
        return info.getNumPending() + info.getNumAckPending();
    }

    /** Messages the run's events stream holds now (what JetStream kept of everything acknowledged). */
    public long streamMessages() throws IOException, JetStreamApiException {
        return nats.jetStreamManagement().getStreamInfo(eventsStream).getStreamState().getMsgCount();
    }

    /**
     * Where the run's events stream lives on a JetStream cluster: its leader's server name and its replicas (whether
     * each is current); null on a single server.
     */
    public ClusterInfo eventsStreamCluster() throws IOException, JetStreamApiException {
        return nats.jetStreamManagement().getStreamInfo(eventsStream).getClusterInfo();
    }

    /** A toxiproxy proxy of this run in front of {@code upstream} ({@code host:port}); deleted on close. */
    public Proxy proxy(String label, String upstream) throws IOException {
        if (toxiproxy == null) {
            toxiproxy = new ToxiproxyClient(services.toxiproxy().host(), services.toxiproxy().apiPort());
        }
        Proxy proxy = toxiproxy.createProxy("pipe-" + label + "-" + id, "127.0.0.1:0", upstream);
        proxies.add(proxy);
        return proxy;
    }

    @Override
    public void close() throws Exception {
        for (JavaProcess bridge : bridges) {
            bridge.close();
        }
        for (Proxy proxy : proxies) {
            quietly("delete proxy " + proxy.getName(), proxy::delete);
        }
        quietly("close NATS", () -> {
            JetStreamManagement jsm = nats.jetStreamManagement();
            for (String stream : List.of(eventsStream, dlqStream)) {
                try {
                    jsm.deleteStream(stream);
                } catch (Exception e) {
                    LOG.debug("stream {} not deleted: {}", stream, e.toString());
                }
            }
            nats.close();
        });
        quietly("drop ClickHouse database " + clickhouseDatabase,
                () -> http("POST", services.clickhouse().httpUrl() + "/", "DROP DATABASE IF EXISTS " + clickhouseDatabase));
        quietly("delete Elasticsearch indices " + elasticsearchPrefix + "-*", this::deleteElasticsearchIndices);
        quietly("delete Redis keys " + dedupKeyPrefix + ":*", this::deleteRedisKeys);
        quietly("close counters", () -> {
            clickhouseCounter.close();
            elasticsearchCounter.close();
        });
    }

    /** Elasticsearch refuses wildcard deletes, so each index of the run is deleted by name, then the template. */
    private void deleteElasticsearchIndices() throws IOException, InterruptedException {
        String base = services.elasticsearch().httpUrl();
        String names = http("GET", base + "/_cat/indices/" + elasticsearchPrefix + "-*?h=index", null);
        for (String index : names.split("\\s+")) {
            if (!index.isBlank()) {
                http("DELETE", base + "/" + index, null);
            }
        }
        http("DELETE", base + "/_index_template/" + elasticsearchPrefix, null);
    }

    private void deleteRedisKeys() {
        RedisClient client = RedisClient.create(services.redis().uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor,
                        ScanArgs.Builder.matches(dedupKeyPrefix + ":*").limit(5_000));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().del(page.getKeys().toArray(new String[0]));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }

    private static String http(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && response.statusCode() != 404) {
            throw new IOException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.statusCode() == 404 ? "" : response.body();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            LOG.warn("cleanup: could not {}: {}", what, e.toString());
        }
    }

    /** A running bridge process and its HTTP endpoint. */
    public record Bridge(JavaProcess process, URI base) {
        public URI health() {
            return base.resolve("/health");
        }

        public PrometheusScrape metrics() throws IOException, InterruptedException {
            return PrometheusScrape.fetch(base.resolve("/metrics"));
        }

        public HttpResponse<String> healthResponse() throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(health()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
