package dev.quiver.sinks.elasticsearch.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.quiver.sinks.elasticsearch.ElasticsearchSinkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;

/**
 * elasticsearch-java over the low-level {@link RestClient}, with the configured timeouts and optional basic
 * authentication. Never probes with {@code GET /}: the core-only node here answers it with 405.
 */
public final class ElasticsearchConnection implements AutoCloseable {
    private final RestClient rest;
    private final RestClientTransport transport;
    private final ElasticsearchClient client;

    public ElasticsearchConnection(ElasticsearchSinkConfig config) {
        var builder = RestClient.builder(HttpHost.create(config.url().toString()))
                .setRequestConfigCallback(request -> request
                        .setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis()))
                        .setSocketTimeout(Math.toIntExact(config.socketTimeout().toMillis())));
        if (!config.user().isEmpty()) {
            String credentials = config.user() + ":" + config.password();
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))});
        }
        this.rest = builder.build();
        this.transport = new RestClientTransport(rest, new JacksonJsonpMapper());
        this.client = new ElasticsearchClient(transport);
    }

    /** The typed client. */
    public ElasticsearchClient client() {
        return client;
    }

    /** The low-level client, for requests that need their own options. */
    public RestClient rest() {
        return rest;
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Elasticsearch client failed", e);
        }
    }
}
