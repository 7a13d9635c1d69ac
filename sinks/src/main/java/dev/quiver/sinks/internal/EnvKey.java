package dev.quiver.sinks.internal;

import java.util.Objects;

/**
 * One environment variable a configuration reads, declared once with its default and what it means, so the
 * same declaration drives parsing, the rejection of unknown variables and the help text.
 *
 * @param name         the full variable name, e.g. {@code QUIVER_CLICKHOUSE_URL}
 * @param defaultValue the value used when the variable is unset or blank, as text ({@code ""} for empty)
 * @param doc          what it configures and which values it takes
 */
public record EnvKey(String name, String defaultValue, String doc) {

    public EnvKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(doc, "doc");
    }

    /** One help line: name, default and description. */
    public String helpLine() {
        return String.format("  %-42s %s (default: %s)", name, doc, defaultValue.isEmpty() ? "empty" : defaultValue);
    }
}
