package dev.quiver.testsupport;

import java.util.Arrays;
import java.util.Locale;

/**
 * The real services Quiver's integration tests run against. {@link #scriptName()} is the name
 * {@code scripts/services.sh} uses ({@code scripts/services.sh restart clickhouse}) and also the name of
 * the service's toxiproxy front.
 */
public enum ServiceName {
    POSTGRES("postgres", "PostgreSQL"),
    NATS("nats", "NATS JetStream"),
    REDIS("redis", "Redis"),
    CLICKHOUSE("clickhouse", "ClickHouse"),
    ELASTICSEARCH("elasticsearch", "Elasticsearch"),
    TOXIPROXY("toxiproxy", "Toxiproxy");

    private final String scriptName;
    private final String displayName;

    ServiceName(String scriptName, String displayName) {
        this.scriptName = scriptName;
        this.displayName = displayName;
    }

    /** The name {@code scripts/services.sh} and the toxiproxy fronts use, e.g. {@code clickhouse}. */
    public String scriptName() {
        return scriptName;
    }

    /** A human-readable name for messages, e.g. {@code ClickHouse}. */
    public String displayName() {
        return displayName;
    }

    /**
     * Looks a service up by its script name.
     *
     * @throws IllegalArgumentException if no service has that name
     */
    public static ServiceName fromScriptName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.scriptName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown service '" + name + "'; known: " + Arrays.toString(values()).toLowerCase(Locale.ROOT)));
    }
}
