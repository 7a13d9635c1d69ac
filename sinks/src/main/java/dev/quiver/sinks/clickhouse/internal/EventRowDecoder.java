package dev.quiver.sinks.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.time.Instant;

/** One row of {@link EventTableSql#select}'s JSONEachRow answer as the event it stores. */
public final class EventRowDecoder {
    private EventRowDecoder() {
    }

    /** @throws RuntimeException (NullPointerException, IllegalArgumentException) when a column is missing or wrong */
    public static ObserverEvent event(JsonNode row) {
        long micros = Long.parseLong(row.get("occurred_us").asText());
        Instant occurredAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
        return new ObserverEvent(row.get("event_id").asText(), EventType.fromWireName(row.get("event_type").asText()),
                row.get("entity_type").asText(), row.get("entity_id").asText(), occurredAt, text(row, "user_id"),
                text(row, "org_id"), row.get("data").asText());
    }

    private static String text(JsonNode row, String name) {
        JsonNode value = row.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
