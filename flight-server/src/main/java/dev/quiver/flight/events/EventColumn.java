package dev.quiver.flight.events;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * One selected field of an {@code events} subscription or history query under its result key (the alias, if
 * given).
 *
 * @param resultKey the Arrow field name
 * @param field     the event field it holds
 */
public record EventColumn(String resultKey, EventField field) {
    public Field arrowField() {
        return new Field(resultKey, new FieldType(field.nullable(), field.arrowType(), null), null);
    }
}
