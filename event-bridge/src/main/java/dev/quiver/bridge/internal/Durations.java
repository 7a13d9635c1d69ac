package dev.quiver.bridge.internal;

import java.time.Duration;
import java.util.Locale;

/** Durations as people write them in flags: {@code 250ms}, {@code 1s}, {@code 10m}, {@code 2h}, {@code 1d}. */
public final class Durations {
    private Durations() {
    }

    /**
     * @param flag named in the error message
     * @throws IllegalArgumentException if {@code text} is not a whole number followed by ms, s, m, h or d
     */
    public static Duration parse(String flag, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        int unitStart = 0;
        while (unitStart < value.length() && Character.isDigit(value.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart == value.length()) {
            throw invalid(flag, text);
        }
        long amount;
        try {
            amount = Long.parseLong(value.substring(0, unitStart));
        } catch (NumberFormatException e) {
            throw invalid(flag, text);
        }
        switch (value.substring(unitStart)) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            case "d":
                return Duration.ofDays(amount);
            default:
                throw invalid(flag, text);
        }
    }

    /** The shortest exact form, e.g. {@code 1500ms}, {@code 2s}, {@code 10m}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0 && millis > 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    private static IllegalArgumentException invalid(String flag, String text) {
        return new IllegalArgumentException("--" + flag + " must be a duration like 250ms, 1s, 10m, 2h or 1d, got '"
                + text + "'");
    }
}
