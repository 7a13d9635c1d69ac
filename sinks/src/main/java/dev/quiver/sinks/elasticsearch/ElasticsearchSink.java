package dev.quiver.sinks.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.SinkHealth;
import dev.quiver.sinks.api.WriteResult;
import dev.quiver.sinks.api.WriteResult.Rejection;
import dev.quiver.sinks.elasticsearch.internal.BulkCodec;
import dev.quiver.sinks.elasticsearch.internal.BulkDocument;
import dev.quiver.sinks.elasticsearch.internal.BulkIndexer;
import dev.quiver.sinks.elasticsearch.internal.BulkSender.ItemOutcome;
import dev.quiver.sinks.elasticsearch.internal.ElasticsearchConnection;
import dev.quiver.sinks.elasticsearch.internal.ElasticsearchErrors;
import dev.quiver.sinks.elasticsearch.internal.EventDocuments;
import dev.quiver.sinks.elasticsearch.internal.EventIndexTemplate;
import dev.quiver.sinks.elasticsearch.internal.MonthlyIndex;
import dev.quiver.sinks.internal.DecodedBatch;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.entity.ByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes observer events into Elasticsearch (elasticsearch-java, bulk API).
 *
 * <p>{@link #start()} puts the index template for {@code <prefix>-*} ({@link EventIndexTemplate}). Each event
 * becomes the document {@code _id = event_id} in the monthly index {@code <prefix>-YYYY.MM} of its
 * {@code occurred_at}; indexing the same event again overwrites it with the same content, so redelivery is
 * idempotent. Bulk requests go through the low-level client as NDJSON bytes ({@link BulkCodec}), with the
 * answer filtered to each item's status and error and read as a stream. Every bulk item's answer is checked ({@link BulkIndexer}): 429/5xx items are sent again a few
 * times and then fail the write as retriable; mapping conflicts and other 4xx items are rejected for the
 * dead-letter stream. Writes do not force a refresh: documents become searchable within the index's refresh
 * interval (the tests' {@code ElasticsearchEventCounter} refreshes before counting).
 */
public final class ElasticsearchSink implements Sink {
    /** The sink's {@link #name()}. */
    public static final String NAME = "elasticsearch";
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOptions HEALTH_OPTIONS = RequestOptions.DEFAULT.toBuilder()
            .setRequestConfig(RequestConfig.custom().setConnectTimeout(2_000).setSocketTimeout(2_000).build())
            .build();

    private final ElasticsearchSinkConfig config;
    private final ElasticsearchConnection connection;
    private final BulkIndexer indexer;
    private volatile boolean started;

    public ElasticsearchSink(ElasticsearchSinkConfig config) {
        this.config = config;
        this.connection = new ElasticsearchConnection(config);
        this.indexer = new BulkIndexer(NAME, this::send, config.bulkMaxBytes(), config.itemRetries(),
                config.itemRetryBackoff(), duration -> Thread.sleep(duration.toMillis()));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Puts the index template (creating or updating it). Safe to call again. */
    @Override
    public void start() throws SinkException {
        String template = EventIndexTemplate.name(config.indexPrefix());
        try {
            connection.client().indices().putIndexTemplate(request -> request.name(template)
                    .withJson(new StringReader(EventIndexTemplate.body(config.indexPrefix()))));
            started = true;
            LOG.info("Elasticsearch at {}: index template '{}' v{} for {}", config.url(), template,
                    EventIndexTemplate.VERSION, config.indexPattern());
        } catch (Exception e) {
            throw ElasticsearchErrors.classify(NAME, "putting index template '" + template + "' at " + config.url(), e);
        }
    }

    /** Indexes the batch; calls {@link #start()} first if it has not succeeded yet. */
    @Override
    public WriteResult write(VectorSchemaRoot batch) throws SinkException {
        if (!started) {
            start();
        }
        DecodedBatch decoded;
        try {
            decoded = DecodedBatch.decode(batch, EventDocuments::outOfRange);
        } catch (IllegalArgumentException e) {
            throw SinkException.permanent(NAME, e.getMessage(), e);
        }
        List<Rejection> refused = new ArrayList<>();
        List<BulkDocument> documents = new ArrayList<>(decoded.accepted().size());
        for (DecodedBatch.Row row : decoded.accepted()) {
            EventDocuments.Encoded encoded = EventDocuments.encode(row.event());
            if (encoded.problem() != null) {
                refused.add(new Rejection(row.index(), row.event().eventId(), encoded.problem()));
            } else {
                documents.add(new BulkDocument(row.index(), row.event().eventId(),
                        MonthlyIndex.name(config.indexPrefix(), row.event().occurredAt()), encoded.json()));
            }
        }
        if (!documents.isEmpty()) {
            try {
                refused.addAll(indexer.index(documents));
            } catch (Exception e) {
                throw ElasticsearchErrors.classify(NAME, "indexing " + documents.size() + " events into "
                        + config.indexPattern(), e);
            }
        }
        return decoded.result(refused);
    }

    /** {@code GET /_cluster/health} (at most 2 s): up when green or yellow. */
    @Override
    public SinkHealth health() {
        Request request = new Request("GET", "/_cluster/health");
        request.setOptions(HEALTH_OPTIONS);
        try {
            Response response = connection.rest().performRequest(request);
            JsonNode health = JSON.readTree(response.getEntity().getContent());
            String status = health.path("status").asText("unknown");
            String detail = "Elasticsearch cluster '" + health.path("cluster_name").asText() + "' at " + config.url()
                    + " is " + status;
            return "red".equals(status) ? SinkHealth.down(detail) : SinkHealth.up(detail);
        } catch (Exception e) {
            return SinkHealth.down("Elasticsearch at " + config.url() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    /** One bulk request through the low-level client: NDJSON written as bytes, the answer read as a stream. */
    private List<ItemOutcome> send(List<BulkDocument> documents) throws Exception {
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", BulkCodec.FILTER_PATH);
        request.setEntity(new ByteArrayEntity(BulkCodec.body(documents),
                org.apache.http.entity.ContentType.create(BulkCodec.CONTENT_TYPE)));
        Response response = connection.rest().performRequest(request);
        try (InputStream answer = response.getEntity().getContent()) {
            return BulkCodec.readOutcomes(answer);
        }
    }

    @Override
    public String toString() {
        return "ElasticsearchSink[" + config + "]";
    }
}
