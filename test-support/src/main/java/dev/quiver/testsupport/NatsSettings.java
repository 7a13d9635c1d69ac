package dev.quiver.testsupport;

import java.util.function.Function;

/**
 * Where the NATS server (with JetStream) is.
 *
 * <p>Environment overrides (unset or blank means the default):
 * <ul>
 *   <li>{@code QUIVER_NATS_HOST} (default {@code 127.0.0.1})</li>
 *   <li>{@code QUIVER_NATS_PORT}: client port (default {@code 4222})</li>
 *   <li>{@code QUIVER_NATS_MONITOR_PORT}: HTTP monitoring port, used by the readiness probe (default {@code 8222})</li>
 * </ul>
 */
public record NatsSettings(String host, int port, int monitorPort) {

    public NatsSettings {
        EnvReader.checkText("NATS host", host);
        EnvReader.checkPort("NATS port", port);
        EnvReader.checkPort("NATS monitor port", monitorPort);
    }

    /** The DESIGN defaults: {@code 127.0.0.1:4222}, monitoring on 8222. */
    public static NatsSettings defaults() {
        return new NatsSettings("127.0.0.1", 4222, 8222);
    }

    /** The defaults with the {@code QUIVER_NATS_*} overrides read through {@code env}. */
    public static NatsSettings fromEnvironment(Function<String, String> env) {
        EnvReader reader = new EnvReader(env);
        NatsSettings d = defaults();
        return new NatsSettings(
                reader.text("QUIVER_NATS_HOST", d.host()),
                reader.port("QUIVER_NATS_PORT", d.port()),
                reader.port("QUIVER_NATS_MONITOR_PORT", d.monitorPort()));
    }

    /** The client URL, {@code nats://host:port}. */
    public String url() {
        return "nats://" + host + ":" + port;
    }

    /** The monitoring endpoint's base URL, {@code http://host:monitorPort}. */
    public String monitorUrl() {
        return "http://" + host + ":" + monitorPort;
    }
}
