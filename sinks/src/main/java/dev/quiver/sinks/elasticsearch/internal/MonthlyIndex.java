package dev.quiver.sinks.elasticsearch.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The index an event goes to: {@code <prefix>-YYYY.MM} of its {@code occurred_at} in UTC. */
public final class MonthlyIndex {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu.MM").withZone(ZoneOffset.UTC);

    private MonthlyIndex() {
    }

    public static String name(String prefix, Instant occurredAt) {
        return prefix + "-" + MONTH.format(occurredAt);
    }
}
