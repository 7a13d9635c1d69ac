package dev.quiver.bridge;

import java.time.Duration;
import java.util.Objects;

/**
 * De-duplication through Redis.
 *
 * @param enabled    {@code --dedup} (default) or {@code --no-dedup}, which relies on the sinks' idempotence alone
 * @param redisUrl   {@code --redis-url} (default {@code redis://127.0.0.1:6379})
 * @param window     how long a stored event id is remembered per sink ({@code --dedup-window}, default 10 min)
 * @param timeout    deadline of each Redis call; slower means de-duplication is off for that batch
 *                   ({@code --dedup-timeout}, default 500 ms)
 * @param retryAfter how long de-duplication stays off after Redis failed before it is tried again
 *                   ({@code --dedup-retry}, default 2 s)
 * @param keyPrefix  Redis keys are {@code <prefix>:<sink>:<event_id>} ({@code --dedup-key-prefix}, default
 *                   {@code quiver:dedup})
 */
public record DedupConfig(boolean enabled, String redisUrl, Duration window, Duration timeout, Duration retryAfter,
                          String keyPrefix) {

    public static final DedupConfig DEFAULTS = new DedupConfig(true, "redis://127.0.0.1:6379", Duration.ofMinutes(10),
            Duration.ofMillis(500), Duration.ofSeconds(2), "quiver:dedup");

    public DedupConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (redisUrl == null || !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"))) {
            throw new IllegalArgumentException("--redis-url must start with redis:// or rediss://, got '" + redisUrl + "'");
        }
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("--dedup-window must be at least 1s, got " + window.toMillis() + "ms");
        }
        if (timeout.toMillis() < 1 || timeout.toSeconds() > 60) {
            throw new IllegalArgumentException("--dedup-timeout must be 1ms..60s, got " + timeout.toMillis() + "ms");
        }
        if (retryAfter.toMillis() < 1) {
            throw new IllegalArgumentException("--dedup-retry must be at least 1ms, got " + retryAfter.toMillis() + "ms");
        }
        if (keyPrefix == null || keyPrefix.isBlank() || keyPrefix.contains(" ")) {
            throw new IllegalArgumentException("--dedup-key-prefix must be a non-empty word without spaces, got '"
                    + keyPrefix + "'");
        }
    }
}
