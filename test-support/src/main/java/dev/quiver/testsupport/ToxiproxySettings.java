package dev.quiver.testsupport;

import java.util.function.Function;

/**
 * Where the toxiproxy control API is. The fronts it serves are described by {@link ToxiproxyFronts}.
 *
 * <p>Environment overrides (unset or blank means the default):
 * <ul>
 *   <li>{@code QUIVER_TOXIPROXY_HOST} (default {@code 127.0.0.1})</li>
 *   <li>{@code QUIVER_TOXIPROXY_PORT}: the API port (default {@code 8474})</li>
 * </ul>
 */
public record ToxiproxySettings(String host, int apiPort) {

    public ToxiproxySettings {
        EnvReader.checkText("Toxiproxy host", host);
        EnvReader.checkPort("Toxiproxy API port", apiPort);
    }

    /** The DESIGN defaults: API at {@code 127.0.0.1:8474}. */
    public static ToxiproxySettings defaults() {
        return new ToxiproxySettings("127.0.0.1", 8474);
    }

    /** The defaults with the {@code QUIVER_TOXIPROXY_*} overrides read through {@code env}. */
    public static ToxiproxySettings fromEnvironment(Function<String, String> env) {
        EnvReader reader = new EnvReader(env);
        ToxiproxySettings d = defaults();
        return new ToxiproxySettings(
                reader.text("QUIVER_TOXIPROXY_HOST", d.host()),
                reader.port("QUIVER_TOXIPROXY_PORT", d.apiPort()));
    }

    /** The API's base URL, {@code http://host:apiPort}. */
    public String apiUrl() {
        return "http://" + host + ":" + apiPort;
    }
}
