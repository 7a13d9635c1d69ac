package dev.quiver.testsupport;

import java.util.function.Function;

/**
 * Where the Redis server is.
 *
 * <p>Environment overrides (unset or blank means the default):
 * <ul>
 *   <li>{@code QUIVER_REDIS_HOST} (default {@code 127.0.0.1})</li>
 *   <li>{@code QUIVER_REDIS_PORT} (default {@code 6379})</li>
 * </ul>
 */
public record RedisSettings(String host, int port) {

    public RedisSettings {
        EnvReader.checkText("Redis host", host);
        EnvReader.checkPort("Redis port", port);
    }

    /** The DESIGN defaults: {@code 127.0.0.1:6379}. */
    public static RedisSettings defaults() {
        return new RedisSettings("127.0.0.1", 6379);
    }

    /** The defaults with the {@code QUIVER_REDIS_*} overrides read through {@code env}. */
    public static RedisSettings fromEnvironment(Function<String, String> env) {
        EnvReader reader = new EnvReader(env);
        RedisSettings d = defaults();
        return new RedisSettings(
                reader.text("QUIVER_REDIS_HOST", d.host()),
                reader.port("QUIVER_REDIS_PORT", d.port()));
    }

    /** The client URI, {@code redis://host:port}. */
    public String uri() {
        return "redis://" + host + ":" + port;
    }
}
