package dev.quiver.sinks.api;

import java.util.Locale;

/** What happened to an entity. On the wire (NATS subject, Arrow, ClickHouse, Elasticsearch) it is {@link #wireName()}. */
public enum EventType {
    CREATED,
    UPDATED,
    DELETED;

    /** The lower-case name used on the wire: {@code created}, {@code updated}, {@code deleted}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException if it is not {@code created}, {@code updated} or {@code deleted}
     */
    public static EventType fromWireName(String wireName) {
        for (EventType type : values()) {
            if (type.wireName().equals(wireName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("event_type must be one of created, updated, deleted but was '" + wireName + "'");
    }
}
