package dev.quiver.sinks.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventIndexTemplateTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theTemplateMatchesThePrefixAndMapsTheEventFields() throws Exception {
        JsonNode template = json.readTree(EventIndexTemplate.body("quiver-events"));

        assertThat(EventIndexTemplate.name("quiver-events")).isEqualTo("quiver-events");
        assertThat(template.path("index_patterns").toString()).isEqualTo("[\"quiver-events-*\"]");
        assertThat(template.path("version").asInt()).isEqualTo(EventIndexTemplate.VERSION);
        JsonNode mappings = template.path("template").path("mappings");
        assertThat(mappings.path("dynamic").asText()).isEqualTo("strict");
        assertThat(mappings.path("date_detection").asBoolean(true)).isFalse();
        JsonNode properties = mappings.path("properties");
        assertThat(properties.fieldNames()).toIterable().containsExactly("event_id", "event_type", "entity_type",
                "entity_id", "occurred_at", "user_id", "org_id", "data");
        assertThat(properties.path("occurred_at").path("type").asText()).isEqualTo("date_nanos");
        assertThat(properties.path("data").path("dynamic").asBoolean()).isTrue();
        JsonNode dataStrings = mappings.path("dynamic_templates").path(0).path("data_strings");
        assertThat(dataStrings.path("path_match").asText()).isEqualTo("data.*");
        assertThat(dataStrings.path("mapping").path("type").asText()).isEqualTo("keyword");
        assertThat(template.path("template").path("settings").path("auto_expand_replicas").asText()).isEqualTo("0-1");
        assertThat(template.path("template").path("settings").path("refresh_interval").asText()).isEqualTo("5s");
        assertThat(template.path("template").path("settings").has("index.translog.durability"))
                .as("acknowledged writes must survive a kill -9: request durability stays").isFalse();
    }

    @Test
    void aLongerPrefixGetsAHigherPriority() throws Exception {
        int general = json.readTree(EventIndexTemplate.body("quiver-events")).path("priority").asInt();
        int specific = json.readTree(EventIndexTemplate.body("quiver-events-test")).path("priority").asInt();

        assertThat(specific).isGreaterThan(general);
    }

    @Test
    void eventsGoToTheIndexOfTheirMonthInUtc() {
        assertThat(MonthlyIndex.name("quiver-events", Instant.parse("2025-03-31T23:59:59.999999Z")))
                .isEqualTo("quiver-events-2025.03");
        assertThat(MonthlyIndex.name("quiver-events", Instant.parse("2025-04-01T00:00:00Z")))
                .isEqualTo("quiver-events-2025.04");
        assertThat(MonthlyIndex.name("p", Instant.EPOCH)).isEqualTo("p-1970.01");
    }
}
