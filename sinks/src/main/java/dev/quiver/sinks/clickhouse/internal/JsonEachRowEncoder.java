package dev.quiver.sinks.clickhouse.internal;

import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.internal.DecodedBatch.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code JSONEachRow}: one JSON object per line. {@code occurred_at} is written as UTC text
 * ({@code 2025-03-01 12:00:00.123456}, whole seconds for the legacy {@code DateTime}), which both server
 * generations parse for their column type.
 */
final class JsonEachRowEncoder implements EventRowsEncoder {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final EventTableLayout layout;

    JsonEachRowEncoder(EventTableLayout layout) {
        this.layout = layout;
    }

    @Override
    public ClickHouseFormat format() {
        return ClickHouseFormat.JSONEachRow;
    }

    @Override
    public void write(List<Row> rows, OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setRootValueSeparator(new SerializedString("\n"));
            for (Row row : rows) {
                ObserverEvent event = row.event();
                json.writeStartObject();
                json.writeStringField("event_id", event.eventId());
                json.writeStringField("event_type", event.eventType().wireName());
                json.writeStringField("entity_type", event.entityType());
                json.writeStringField("entity_id", event.entityId());
                if (layout == EventTableLayout.LEGACY_DATETIME) {
                    json.writeStringField("occurred_at", SECONDS.format(event.occurredAt()));
                    json.writeNumberField("occurred_at_us", EventRowsEncoder.epochMicros(event.occurredAt()));
                } else {
                    json.writeStringField("occurred_at", MICROS.format(event.occurredAt()));
                }
                json.writeStringField("user_id", event.userId());
                json.writeStringField("org_id", event.orgId());
                json.writeStringField("data", event.data());
                json.writeEndObject();
            }
            json.writeRaw('\n');
        }
    }
}
