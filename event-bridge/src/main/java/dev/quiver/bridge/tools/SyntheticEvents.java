package dev.quiver.bridge.tools;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * Makes plausible observer events: mostly {@code created}, some {@code updated}, a few {@code deleted}; ids from a
 * seeded random so a run can be repeated; {@code data} padded to exactly {@code payloadBytes} when that is more than its natural ~70 bytes.
 */
public final class SyntheticEvents {
    private static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};

    private final Random random;
    private final String entityType;
    private final int payloadBytes;

    public SyntheticEvents(long seed, String entityType, int payloadBytes) {
        this.random = new Random(seed);
        this.entityType = entityType;
        this.payloadBytes = payloadBytes;
    }

    /** The {@code n}-th event of the run. */
    public ObserverEvent next(long n) {
        int roll = random.nextInt(100);
        EventType type = roll < 70 ? EventType.CREATED : roll < 95 ? EventType.UPDATED : EventType.DELETED;
        long entity = n + 1;
        String data = "{\"id\":" + entity + ",\"status\":\"" + STATUSES[random.nextInt(STATUSES.length)]
                + "\",\"total\":" + (random.nextInt(100_000) / 100.0) + ",\"userId\":" + (1 + random.nextInt(10_000));
        int padding = payloadBytes - data.length() - ",\"note\":\"\"}".length();
        data += (padding > 0 ? ",\"note\":\"" + "x".repeat(padding) + "\"" : "") + "}";
        return new ObserverEvent(new UUID(random.nextLong(), random.nextLong()).toString(), type, entityType,
                Long.toString(entity), Instant.now(), "user-" + (1 + random.nextInt(10_000)), null, data);
    }
}
