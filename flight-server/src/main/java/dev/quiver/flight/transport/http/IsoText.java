package dev.quiver.flight.transport.http;

/**
 * ISO-8601 text of instants and dates written straight into a char buffer, for years 0 to 9999, exactly as
 * {@link java.time.Instant#toString()} (UTC, {@code Z}, the fraction in groups of three digits as needed) and
 * {@link java.time.LocalDate#toString()} write them, without their objects; callers use those outside that range.
 */
final class IsoText {
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in epoch seconds. */
    static final long FIRST_SECOND = -62_167_219_200L;
    static final long LAST_SECOND = 253_402_300_799L;
    /** 0000-01-01 and 9999-12-31 in epoch days. */
    static final long FIRST_DAY = -719_528L;
    static final long LAST_DAY = 2_932_896L;
    /** Longest text: {@code 9999-12-31T23:59:59.999999999Z}. */
    static final int MAX_LENGTH = 30;

    private IsoText() {
    }

    /** Writes the instant {@code epochSecond + nanos} at {@code out[0]}; returns its length. */
    static int instant(long epochSecond, int nanos, char[] out) {
        long day = Math.floorDiv(epochSecond, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        int at = date(day, out);
        out[at++] = 'T';
        at = twoDigits(secondOfDay / 3600, out, at);
        out[at++] = ':';
        at = twoDigits(secondOfDay / 60 % 60, out, at);
        out[at++] = ':';
        at = twoDigits(secondOfDay % 60, out, at);
        if (nanos != 0) {
            out[at++] = '.';
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
            for (int i = at + digits - 1; i >= at; i--) {
                out[i] = (char) ('0' + value % 10);
                value /= 10;
            }
            at += digits;
        }
        out[at++] = 'Z';
        return at;
    }

    /** Writes the date {@code epochDay} as {@code yyyy-MM-dd} at {@code out[0]}; returns its length (10). */
    static int date(long epochDay, char[] out) {
        // days to civil date: H. Hinnant's algorithm over 400-year eras starting on March 1st
        long z = epochDay + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long dayOfEra = z - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int at = twoDigits(year / 100, out, 0);
        at = twoDigits(year % 100, out, at);
        out[at++] = '-';
        at = twoDigits(month, out, at);
        out[at++] = '-';
        return twoDigits(day, out, at);
    }

    private static int twoDigits(int value, char[] out, int at) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
        return at + 2;
    }
}
