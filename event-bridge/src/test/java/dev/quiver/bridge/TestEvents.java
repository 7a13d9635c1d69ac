package dev.quiver.bridge;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Observer events for tests, deterministic per (run, number). */
final class TestEvents {
    private TestEvents() {
    }

    static ObserverEvent event(String run, int number) {
        String id = UUID.nameUUIDFromBytes((run + "/" + number).getBytes(StandardCharsets.UTF_8)).toString();
        return new ObserverEvent(id, EventType.values()[Math.floorMod(number, 3)], "Order", Integer.toString(number),
                Instant.parse("2026-01-01T00:00:00Z").plusMillis(number), "u-" + Math.floorMod(number, 7), null,
                "{\"id\":" + number + ",\"status\":\"NEW\"}");
    }

    static String json(ObserverEvent event) {
        return new String(ObserverEventJson.encode(event), StandardCharsets.UTF_8);
    }
}
