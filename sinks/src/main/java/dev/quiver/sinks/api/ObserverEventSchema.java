package dev.quiver.sinks.api;

import java.util.List;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema of an observer-event batch, one column per {@link ObserverEvent} component, in this order:
 * <pre>
 * event_id     utf8                    not null
 * event_type   utf8                    not null   created | updated | deleted
 * entity_type  utf8                    not null
 * entity_id    utf8                    not null
 * occurred_at  timestamp[us, tz=UTC]   not null
 * user_id      utf8                    nullable
 * org_id       utf8                    nullable
 * data         utf8 (JSON)             not null
 * </pre>
 */
public final class ObserverEventSchema {
    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String ENTITY_TYPE = "entity_type";
    public static final String ENTITY_ID = "entity_id";
    public static final String OCCURRED_AT = "occurred_at";
    public static final String USER_ID = "user_id";
    public static final String ORG_ID = "org_id";
    public static final String DATA = "data";

    /** The time zone of {@link #OCCURRED_AT}. */
    public static final String TIME_ZONE = "UTC";

    private static final Schema SCHEMA = new Schema(List.of(
            utf8(EVENT_ID, false),
            utf8(EVENT_TYPE, false),
            utf8(ENTITY_TYPE, false),
            utf8(ENTITY_ID, false),
            new Field(OCCURRED_AT, FieldType.notNullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, TIME_ZONE)), null),
            utf8(USER_ID, true),
            utf8(ORG_ID, true),
            utf8(DATA, false)));

    private ObserverEventSchema() {
    }

    /** The schema (immutable, shared). */
    public static Schema schema() {
        return SCHEMA;
    }

    private static Field utf8(String name, boolean nullable) {
        return new Field(name, nullable ? FieldType.nullable(ArrowType.Utf8.INSTANCE)
                : FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
    }
}
