package dev.quiver.sinks.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code occurred_at} as text without {@link java.time.format.DateTimeFormatter}, whose general parser (a map of
 * fields per call, then resolving) was 40% of the bridge's decoding in the profile, and whose printer was most of
 * the Elasticsearch document's envelope.
 * <ul>
 *   <li>{@link #parse}: the one form every Quiver producer writes, {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with 1 to 9
 *       fraction digits, directly; anything else (offsets, leap seconds, years past 9999, lower-case letters) is
 *       left to {@link Instant#parse}, so what is accepted, and the instant it gives, never differs from it.</li>
 *   <li>{@link #format}: {@link Instant#toString}'s text (fraction digits in groups of three, none when zero),
 *       directly for the years 0 to 9999, by the JDK otherwise.</li>
 * </ul>
 */
public final class IsoInstant {
    private static final int SECONDS_PER_DAY = 86_400;
    private static final long YEAR_0_EPOCH_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long YEAR_10000_EPOCH_DAY = LocalDate.of(10_000, 1, 1).toEpochDay();

    private IsoInstant() {
    }

    /** {@link Instant#toString()} of {@code instant}. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
        if (epochDay < YEAR_0_EPOCH_DAY || epochDay >= YEAR_10000_EPOCH_DAY) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        int nanos = instant.getNano();
        char[] text = new char[30];
        int at = put(text, 0, date.getYear(), 4);
        text[at++] = '-';
        at = put(text, at, date.getMonthValue(), 2);
        text[at++] = '-';
        at = put(text, at, date.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = put(text, at, secondOfDay / 3600, 2);
        text[at++] = ':';
        at = put(text, at, secondOfDay / 60 % 60, 2);
        text[at++] = ':';
        at = put(text, at, secondOfDay % 60, 2);
        if (nanos != 0) {
            text[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                at = put(text, at, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                at = put(text, at, nanos / 1_000, 6);
            } else {
                at = put(text, at, nanos, 9);
            }
        }
        text[at++] = 'Z';
        return new String(text, 0, at);
    }

    /** Writes {@code value} as exactly {@code width} digits (zero-padded) at {@code at}; returns the next position. */
    private static int put(char[] text, int at, int value, int width) {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return at + width;
    }

    /** The instant {@code text} names: {@link Instant#parse}'s answer, computed directly for the common form. */
    static Instant parse(String text) {
        Instant fast = parseCommon(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant when {@code text} has the common form and names a real date and time, else {@code null}. */
    static Instant parseCommon(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The number written by {@code count} ASCII digits at {@code start}, or -1 if one of them is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
