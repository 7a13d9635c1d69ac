package dev.quiver.sinks.elasticsearch.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The index an event goes to: {@code <prefix>-YYYY.MM} of its {@code occurred_at} in UTC. The month is computed
 * from the epoch day (a formatter per event showed in the bridge's profile); years outside 0..9999 are formatted by
 * the JDK.
 */
public final class MonthlyIndex {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu.MM").withZone(ZoneOffset.UTC);
    private static final int SECONDS_PER_DAY = 86_400;

    private MonthlyIndex() {
    }

    public static String name(String prefix, Instant occurredAt) {
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(occurredAt.getEpochSecond(), SECONDS_PER_DAY));
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return prefix + "-" + MONTH.format(occurredAt);
        }
        int month = date.getMonthValue();
        return prefix + "-" + (char) ('0' + year / 1000) + (char) ('0' + year / 100 % 10) + (char) ('0' + year / 10 % 10)
                + (char) ('0' + year % 10) + '.' + (char) ('0' + month / 10) + (char) ('0' + month % 10);
    }
}
