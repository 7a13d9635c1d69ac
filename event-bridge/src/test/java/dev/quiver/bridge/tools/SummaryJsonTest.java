package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The tools' summary lines are JSON a script can read, whatever their error message holds. */
class SummaryJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anErrorWithQuotesBackslashesAndNewlinesStaysOneValidLine() throws Exception {
        String error = "stream \"X\" at C:\\data\nsecond line\ttab";
        String line = new EventConsumer.Summary(7, 2.0, 0.5, error).toJson();

        assertThat(line).doesNotContain("\n");
        JsonNode summary = JSON.readTree(line);
        assertThat(summary.get("firstError").asText()).isEqualTo(error);
        assertThat(summary.get("consumed").asLong()).isEqualTo(7);
        assertThat(summary.get("eventsPerSecond").asDouble()).isEqualTo(3.5);
        assertThat(JSON.readTree(new EventGenerator.Summary(3, 2, 1, 1, 1.0, error).toJson()).get("firstError").asText())
                .isEqualTo(error);
    }

    @Test
    void noErrorIsNull() throws Exception {
        assertThat(JSON.readTree(new EventConsumer.Summary(1, 1.0, -1, null).toJson()).get("firstError").isNull())
                .isTrue();
    }
}
