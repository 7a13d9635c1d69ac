package dev.quiver.testsupport;

import java.util.Objects;
import java.util.function.Function;

/**
 * Reads configuration from an injectable variable lookup ({@code System::getenv} in production, a map in
 * tests). A missing or blank variable means "use the default"; a malformed one is an
 * {@link IllegalArgumentException} that names the variable.
 */
final class EnvReader {
    private final Function<String, String> lookup;

    EnvReader(Function<String, String> lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** The trimmed value, or {@code defaultValue} when the variable is unset or blank. */
    String text(String name, String defaultValue) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /** The raw value (an empty string is a valid password), or {@code defaultValue} when unset. */
    String secret(String name, String defaultValue) {
        String value = lookup.apply(name);
        return value == null ? defaultValue : value;
    }

    /** A TCP port in 1..65535, or {@code defaultValue} when the variable is unset or blank. */
    int port(String name, int defaultValue) {
        String value = lookup.apply(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return checkPort(name, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a TCP port number (1-65535) but was '" + value + "'", e);
        }
    }

    static int checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be a TCP port number (1-65535) but was " + port);
        }
        return port;
    }

    static String checkText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
