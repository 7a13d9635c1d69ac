package dev.quiver.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ElasticsearchSinkConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ElasticsearchSinkConfig config = ElasticsearchSinkConfig.defaults();

        assertThat(config.url()).isEqualTo(URI.create("http://127.0.0.1:9200"));
        assertThat(config.user()).isEmpty();
        assertThat(config.password()).isEmpty();
        assertThat(config.indexPrefix()).isEqualTo("quiver-events");
        assertThat(config.indexPattern()).isEqualTo("quiver-events-*");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.bulkMaxBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(config.itemRetries()).isEqualTo(3);
        assertThat(config.itemRetryBackoff()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void toStringDoesNotShowThePasswordAndTheIndexPrefixCanBeSwapped() {
        ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(URI.create("https://es.example:9243"), "quiver",
                "s3cret", "shop-events", Duration.ofSeconds(1), Duration.ofSeconds(10), 1_048_576, 0,
                Duration.ofSeconds(1));

        assertThat(config.toString()).contains("quiver@https://es.example:9243").doesNotContain("s3cret");
        assertThat(config.withIndexPrefix("other").indexPattern()).isEqualTo("other-*");
        assertThat(config.withIndexPrefix("other").bulkMaxBytes()).isEqualTo(1_048_576);
    }

    @Test
    void theIndexPrefixMustBeAValidLowerCaseIndexName() {
        for (String bad : new String[] {"Quiver", "quiver*", "-quiver", "quiver events", "quiver,x"}) {
            assertThatThrownBy(() -> ElasticsearchSinkConfig.defaults().withIndexPrefix(bad))
                    .as(bad).hasMessageContaining("indexPrefix must be lower case letters");
        }
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> config("http://127.0.0.1:9200", 10, 3))
                .hasMessage("bulkMaxBytes must be at least 1024 but was 10");
        assertThatThrownBy(() -> config("http://127.0.0.1:9200", 8_388_608, -1))
                .hasMessage("itemRetries must be >= 0 but was -1");
        assertThatThrownBy(() -> config("es:9200", 8_388_608, 3))
                .hasMessageContaining("url must be an http:// or https:// URL");
    }

    private static ElasticsearchSinkConfig config(String url, int bulkMaxBytes, int itemRetries) {
        return new ElasticsearchSinkConfig(URI.create(url), "", "", "quiver-events", Duration.ofSeconds(5),
                Duration.ofSeconds(30), bulkMaxBytes, itemRetries, Duration.ofMillis(100));
    }
}
