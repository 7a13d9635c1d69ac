package dev.quiver.testsupport;

import java.util.function.Function;

/**
 * Where the Elasticsearch node is (plain HTTP, no security).
 *
 * <p>Environment overrides (unset or blank means the default):
 * <ul>
 *   <li>{@code QUIVER_ELASTICSEARCH_HOST} (default {@code 127.0.0.1})</li>
 *   <li>{@code QUIVER_ELASTICSEARCH_PORT} (default {@code 9200})</li>
 * </ul>
 */
public record ElasticsearchSettings(String host, int port) {

    public ElasticsearchSettings {
        EnvReader.checkText("Elasticsearch host", host);
        EnvReader.checkPort("Elasticsearch port", port);
    }

    /** The DESIGN defaults: {@code 127.0.0.1:9200}. */
    public static ElasticsearchSettings defaults() {
        return new ElasticsearchSettings("127.0.0.1", 9200);
    }

    /** The defaults with the {@code QUIVER_ELASTICSEARCH_*} overrides read through {@code env}. */
    public static ElasticsearchSettings fromEnvironment(Function<String, String> env) {
        EnvReader reader = new EnvReader(env);
        ElasticsearchSettings d = defaults();
        return new ElasticsearchSettings(
                reader.text("QUIVER_ELASTICSEARCH_HOST", d.host()),
                reader.port("QUIVER_ELASTICSEARCH_PORT", d.port()));
    }

    /** The REST endpoint, {@code http://host:port}. */
    public String httpUrl() {
        return "http://" + host + ":" + port;
    }
}
