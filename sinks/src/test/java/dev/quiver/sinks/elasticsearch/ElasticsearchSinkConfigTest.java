package dev.quiver.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElasticsearchSinkConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ElasticsearchSinkConfig config = ElasticsearchSinkConfig.defaults();

        assertThat(config.url()).isEqualTo(URI.create("http://127.0.0.1:9200"));
        assertThat(config.user()).isEmpty();
        assertThat(config.indexPrefix()).isEqualTo("quiver-events");
        assertThat(config.indexPattern()).isEqualTo("quiver-events-*");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.bulkMaxBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(config.itemRetries()).isEqualTo(3);
        assertThat(config.itemRetryBackoff()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void everyVariableOverridesItsDefault() {
        ElasticsearchSinkConfig config = ElasticsearchSinkConfig.fromEnvironment(Map.of(
                "QUIVER_ELASTICSEARCH_URL", "https://es.example:9243",
                "QUIVER_ELASTICSEARCH_USER", "quiver",
                "QUIVER_ELASTICSEARCH_PASSWORD", "s3cret",
                "QUIVER_ELASTICSEARCH_INDEX_PREFIX", "shop-events",
                "QUIVER_ELASTICSEARCH_CONNECT_TIMEOUT", "1s",
                "QUIVER_ELASTICSEARCH_SOCKET_TIMEOUT", "10s",
                "QUIVER_ELASTICSEARCH_BULK_MAX_BYTES", "1048576",
                "QUIVER_ELASTICSEARCH_ITEM_RETRIES", "0",
                "QUIVER_ELASTICSEARCH_ITEM_RETRY_BACKOFF", "1s"));

        assertThat(config).isEqualTo(new ElasticsearchSinkConfig(URI.create("https://es.example:9243"), "quiver", "s3cret",
                "shop-events", Duration.ofSeconds(1), Duration.ofSeconds(10), 1_048_576, 0, Duration.ofSeconds(1)));
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThat(config.withIndexPrefix("other").indexPattern()).isEqualTo("other-*");
    }

    @Test
    void withoutAUrlTheEndpointIsBuiltFromHostAndPort() {
        assertThat(ElasticsearchSinkConfig.fromEnvironment(Map.of("QUIVER_ELASTICSEARCH_HOST", "es1",
                "QUIVER_ELASTICSEARCH_PORT", "19200")).url()).isEqualTo(URI.create("http://es1:19200"));
    }

    @Test
    void anUnknownVariableIsRejectedButResilienceVariablesAreLeftToTheirConfig() {
        assertThatThrownBy(() -> ElasticsearchSinkConfig.fromEnvironment(Map.of("QUIVER_ELASTICSEARCH_INDEX", "x")))
                .hasMessageContaining("unknown configuration variable(s) [QUIVER_ELASTICSEARCH_INDEX]");
        assertThat(ElasticsearchSinkConfig.fromEnvironment(Map.of("QUIVER_ELASTICSEARCH_RETRY_JITTER", "0.1")))
                .isEqualTo(ElasticsearchSinkConfig.defaults());
    }

    @Test
    void theIndexPrefixMustBeAValidLowerCaseIndexName() {
        for (String bad : new String[] {"Quiver", "quiver*", "-quiver", "quiver events", "quiver,x"}) {
            assertThatThrownBy(() -> ElasticsearchSinkConfig.defaults().withIndexPrefix(bad))
                    .as(bad).hasMessageContaining("index prefix must be lower case letters");
        }
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> ElasticsearchSinkConfig.fromEnvironment(Map.of("QUIVER_ELASTICSEARCH_BULK_MAX_BYTES", "10")))
                .hasMessage("bulkMaxBytes must be at least 1024 but was 10");
        assertThatThrownBy(() -> ElasticsearchSinkConfig.fromEnvironment(Map.of("QUIVER_ELASTICSEARCH_ITEM_RETRIES", "-1")))
                .hasMessage("itemRetries must be >= 0 but was -1");
        assertThatThrownBy(() -> ElasticsearchSinkConfig.fromEnvironment(Map.of("QUIVER_ELASTICSEARCH_URL", "es:9200")))
                .hasMessageContaining("must be an http:// or https:// URL");
    }
}
