package dev.quiver.flight;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * How much one server takes on at once and how long one query may run.
 *
 * @param maxStreams   {@code --max-streams N} [QUIVER_MAX_STREAMS]: result streams served at once; one more is
 *                     refused with RESOURCE_EXHAUSTED (default 64)
 * @param queryTimeout {@code --query-timeout D} [QUIVER_QUERY_TIMEOUT]: longest a query may take from its first SQL
 *                     to its last batch, ISO-8601 ({@code PT30S}) or seconds ({@code 30}, {@code 0.5}); beyond it
 *                     the stream ends with TIMED_OUT (default 5 minutes)
 */
public record CallLimits(int maxStreams, Duration queryTimeout) {
    public static final CallLimits DEFAULTS = new CallLimits(64, Duration.ofMinutes(5));

    public CallLimits {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("--max-streams must be at least 1, got " + maxStreams);
        }
        if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("--query-timeout must be positive, got " + queryTimeout);
        }
    }

    /** Reads {@code max-streams} and {@code query-timeout} through {@code value}; absent ones keep the defaults. */
    static CallLimits parse(Function<String, String> value) {
        String streams = value.apply("max-streams");
        String timeout = value.apply("query-timeout");
        return new CallLimits(
                streams == null || streams.isBlank() ? DEFAULTS.maxStreams() : wholeNumber("--max-streams", streams),
                timeout == null || timeout.isBlank() ? DEFAULTS.queryTimeout() : duration("--query-timeout", timeout));
    }

    /** ISO-8601 ({@code PT5M}, {@code PT0.5S}) or a number of seconds ({@code 300}, {@code 0.5}). */
    static Duration duration(String flag, String text) {
        String trimmed = text.trim();
        try {
            if (trimmed.toUpperCase(Locale.ROOT).matches("[+-]?P.*")) {
                return Duration.parse(trimmed);
            }
            BigDecimal seconds = new BigDecimal(trimmed);
            return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an ISO-8601 duration such as PT30S or PT5M, or a number"
                    + " of seconds such as 30 or 0.5; got '" + text + "'");
        }
    }

    private static int wholeNumber(String flag, String text) {
        try {
            return Integer.parseInt(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, got '" + text + "'");
        }
    }
}
