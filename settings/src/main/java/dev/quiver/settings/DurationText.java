package dev.quiver.settings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way every Quiver setting writes a duration: a number with a unit ({@code 250ms}, {@code 1.5s}, {@code 10m},
 * {@code 2h}, {@code 1d}), a bare number of seconds ({@code 30}, {@code 0.5}) or ISO-8601 ({@code PT30S}).
 */
public final class DurationText {
    /** What an error message shows a user who wrote something else. */
    public static final String SYNTAX = "a duration such as 250ms, 1.5s, 10m, 2h, 1d, 30 (seconds) or PT30S";

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private DurationText() {
    }

    /** @throws IllegalArgumentException naming {@link #SYNTAX} when {@code text} is not a duration or is negative */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim().replace("_", "").toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p") || value.startsWith("-p") || value.startsWith("+p")) {
                return notNegative(Duration.parse(value.toUpperCase(Locale.ROOT)), text);
            }
            Matcher withUnit = WITH_UNIT.matcher(value);
            if (!withUnit.matches()) {
                throw invalid(text);
            }
            String unit = withUnit.group(2) == null ? "s" : withUnit.group(2);
            return ofSeconds(new BigDecimal(withUnit.group(1)).multiply(secondsPer(unit)), text);
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw invalid(text);
        }
    }

    /** The shortest exact form: {@code 1500ms}, {@code 2s}, {@code 10m}, {@code 2h}, {@code 1d}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0 || !duration.equals(Duration.ofMillis(millis))) {
            return duration.isZero() ? "0s" : duration.toString();
        }
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }

    private static BigDecimal secondsPer(String unit) {
        return switch (unit) {
            case "ms" -> new BigDecimal("0.001");
            case "s" -> BigDecimal.ONE;
            case "m" -> BigDecimal.valueOf(60);
            case "h" -> BigDecimal.valueOf(3_600);
            default -> BigDecimal.valueOf(86_400);
        };
    }

    private static Duration ofSeconds(BigDecimal seconds, String text) {
        if (seconds.signum() < 0) {
            throw invalid(text);
        }
        return Duration.ofNanos(seconds.movePointRight(9).setScale(0, java.math.RoundingMode.UNNECESSARY)
                .longValueExact());
    }

    private static Duration notNegative(Duration duration, String text) {
        if (duration.isNegative()) {
            throw invalid(text);
        }
        return duration;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not " + SYNTAX);
    }
}
