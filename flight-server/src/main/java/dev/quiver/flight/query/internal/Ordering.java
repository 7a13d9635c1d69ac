package dev.quiver.flight.query.internal;

import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The ORDER BY terms of a list: the {@code orderBy} argument's terms in order, then the type's key order
 * ({@link EntityType#keyOrder()}) for the columns not already sorted, so an ordered list has one deterministic order
 * (equal on every database) and pages with {@code offset} never overlap. Relation lists are always ordered; a root
 * list only when it has {@code orderBy} or {@code offset} (so a plain root list streams without a sort).
 */
public final class Ordering {
    private Ordering() {
    }

    /** {@code "col" ASC, "other" DESC, ...}; never empty. */
    public static String terms(EntityType entity, Object orderBy) {
        Map<String, String> terms = new LinkedHashMap<>();
        if (orderBy != null) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) orderBy;
            for (Map<String, Object> item : items) {
                for (Map.Entry<String, Object> term : item.entrySet()) {
                    if (term.getValue() == null) {
                        continue;
                    }
                    ColumnField column = entity.column(term.getKey()).orElseThrow(() ->
                            new InvalidRequestException("unknown orderBy field " + term.getKey() + " on " + entity.typeName()));
                    terms.putIfAbsent(column.column(), "DESC".equals(String.valueOf(term.getValue())) ? "DESC" : "ASC");
                }
            }
        }
        entity.keyOrder().forEach(key -> terms.putIfAbsent(key.column(), "ASC"));
        StringJoiner sql = new StringJoiner(", ");
        terms.forEach((column, direction) -> sql.add(Sql.quote(column) + " " + direction));
        return sql.toString();
    }
}
