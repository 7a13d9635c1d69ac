package dev.quiver.client;

import java.util.Map;

/**
 * The server's answer to the {@code health} action.
 *
 * @param status  the {@code "status"} field, {@code "ok"} when healthy
 * @param details every field of the answer, in the server's order
 * @param json    the answer as sent
 */
public record HealthStatus(String status, Map<String, Object> details, String json) {

    public HealthStatus {
        details = Map.copyOf(details);
    }

    public boolean isOk() {
        return "ok".equals(status);
    }
}
