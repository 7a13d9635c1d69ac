package dev.quiver.flight.schema;

/**
 * The SDL Quiver appends for live observer events: the root {@code Subscription} type with one field,
 * {@code events}, and the types it returns. A user SDL must not declare {@value #EVENT_TYPE} or
 * {@value #OBSERVER_EVENT} itself (the schema would not load: "type already defined").
 *
 * <pre>
 * subscription { events(entityType: "Order", types: [CREATED, UPDATED]) { eventId eventType entityId occurredAt data } }
 * </pre>
 */
public final class SubscriptionSdl {
    /** The root field of the {@code Subscription} type. */
    public static final String EVENTS_FIELD = "events";
    /** The enum of event types; its values are the upper-case names of {@code dev.quiver.sinks.api.EventType}. */
    public static final String EVENT_TYPE = "EventType";
    /** The object type each event is delivered as. */
    public static final String OBSERVER_EVENT = "ObserverEvent";

    static final String SDL = String.join("\n",
            "\"What happened to an entity.\"",
            "enum " + EVENT_TYPE + " { CREATED UPDATED DELETED }",
            "",
            "\"An observer event: an entity was created, updated or deleted.\"",
            "type " + OBSERVER_EVENT + " {",
            "  \"Unique per event (a UUID).\"",
            "  eventId: ID!",
            "  eventType: " + EVENT_TYPE + "!",
            "  \"The kind of entity, e.g. Order.\"",
            "  entityType: String!",
            "  entityId: ID!",
            "  occurredAt: DateTime!",
            "  userId: String",
            "  orgId: String",
            "  \"The entity after the change.\"",
            "  data: JSON!",
            "}",
            "",
            "type Subscription {",
            "  \"Live events from the moment of subscribing, as an endless Flight stream. Both filters are optional;"
                    + " when both are given an event must match both.\"",
            "  " + EVENTS_FIELD + "(entityType: String, types: [" + EVENT_TYPE + "!]): " + OBSERVER_EVENT + "!",
            "}",
            "");

    private SubscriptionSdl() {
    }
}
