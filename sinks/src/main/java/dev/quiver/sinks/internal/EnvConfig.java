package dev.quiver.sinks.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads typed values from an environment map. An unset or blank variable means "use the default"; a
 * malformed one is an {@link IllegalArgumentException} naming the variable and what it accepts.
 */
public final class EnvConfig {
    /**
     * Variable name parts owned by {@code ResilienceConfig} inside every sink's prefix
     * ({@code QUIVER_CLICKHOUSE_RETRY_MAX_ATTEMPTS}, {@code QUIVER_ELASTICSEARCH_BREAKER_OPEN_WAIT}, ...), so a
     * sink configuration does not reject them as unknown.
     */
    public static final List<String> RESILIENCE_PARTS = List.of("RETRY_", "BREAKER_");

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final Map<String, String> env;

    public EnvConfig(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env").entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** Whether the variable is set to something other than blanks. */
    public boolean isSet(EnvKey key) {
        String value = env.get(key.name());
        return value != null && !value.isBlank();
    }

    /** The trimmed value, or the key's default. */
    public String text(EnvKey key) {
        return isSet(key) ? env.get(key.name()).trim() : key.defaultValue();
    }

    /** The raw value, untrimmed (an empty password is valid), or the key's default when unset. */
    public String secret(EnvKey key) {
        String value = env.get(key.name());
        return value == null ? key.defaultValue() : value;
    }

    public int integer(EnvKey key) {
        String value = text(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.name() + " must be a whole number but was '" + value + "'", e);
        }
    }

    public double decimal(EnvKey key) {
        String value = text(key);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.name() + " must be a number but was '" + value + "'", e);
        }
    }

    public Duration duration(EnvKey key) {
        String value = text(key);
        try {
            return parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key.name() + " " + e.getMessage(), e);
        }
    }

    /**
     * Fails if a variable starting with {@code prefix} is neither one of {@code known} nor, after the prefix,
     * starts with one of {@code delegatedParts} (variables another configuration reads).
     */
    public void rejectUnknown(String prefix, Collection<EnvKey> known, Collection<String> delegatedParts) {
        List<String> names = known.stream().map(EnvKey::name).toList();
        List<String> unknown = new ArrayList<>();
        for (String name : env.keySet()) {
            if (name.startsWith(prefix) && !names.contains(name)
                    && delegatedParts.stream().noneMatch(part -> name.startsWith(prefix + part))) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            throw new IllegalArgumentException("unknown configuration variable(s) " + unknown + "; the known "
                    + prefix + "* variables are " + names);
        }
    }

    /**
     * Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} or an ISO-8601 duration such as {@code PT5S}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = DURATION.matcher(value);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            if (value.startsWith("pt") || value.startsWith("p")) {
                return Duration.parse(text.trim());
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(durationHint(text), e);
        }
        throw new IllegalArgumentException(durationHint(text));
    }

    /** Help text for a list of keys, one line each. */
    public static String help(String title, Collection<EnvKey> keys) {
        return title + System.lineSeparator() + keys.stream().map(EnvKey::helpLine)
                .collect(Collectors.joining(System.lineSeparator()));
    }

    private static String durationHint(String text) {
        return "must be a duration such as 250ms, 5s, 2m, 1h or PT5S but was '" + text + "'";
    }
}
