package dev.quiver.flight.query.internal;

import dev.quiver.flight.query.SqlDialect;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Turns a coerced {@code where} argument into a SQL condition with {@code ?} placeholders; values stay data. */
public final class WhereCompiler {
    private final EntityType entity;
    private final List<Object> parameters;
    private final SqlDialect dialect;

    public WhereCompiler(EntityType entity, List<Object> parameters, SqlDialect dialect) {
        this.entity = entity;
        this.parameters = parameters;
        this.dialect = dialect;
    }

    /** The condition for {@code where}, or null when it constrains nothing. */
    public String compile(Map<String, Object> where) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> entry : where.entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            switch (entry.getKey()) {
                case "and":
                    parts.add(join(list(entry.getValue()), " AND ", "1=1"));
                    break;
                case "or":
                    parts.add(join(list(entry.getValue()), " OR ", "1=0"));
                    break;
                case "not":
                    String inner = compile(map(entry.getValue()));
                    parts.add("NOT (" + (inner == null ? "1=1" : inner) + ")");
                    break;
                default:
                    ColumnField column = entity.column(entry.getKey()).orElseThrow(() ->
                            new InvalidRequestException("unknown filter field " + entry.getKey() + " on " + entity.typeName()));
                    parts.addAll(columnConditions(column, map(entry.getValue())));
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
    }

    private String join(List<Map<String, Object>> clauses, String operator, String empty) {
        StringJoiner joined = new StringJoiner(operator, "(", ")");
        for (Map<String, Object> clause : clauses) {
            String condition = compile(clause);
            joined.add(condition == null ? "1=1" : condition);
        }
        return clauses.isEmpty() ? empty : joined.toString();
    }

    private List<String> columnConditions(ColumnField column, Map<String, Object> filter) {
        String col = Sql.quote(column.column());
        List<String> conditions = new ArrayList<>();
        for (Map.Entry<String, Object> op : filter.entrySet()) {
            Object value = op.getValue();
            if (value == null) {
                continue;
            }
            switch (op.getKey()) {
                case "eq": conditions.add(col + " = " + bind(value)); break;
                case "ne": conditions.add(col + " <> " + bind(value)); break;
                case "gt": conditions.add(col + " > " + bind(value)); break;
                case "gte": conditions.add(col + " >= " + bind(value)); break;
                case "lt": conditions.add(col + " < " + bind(value)); break;
                case "lte": conditions.add(col + " <= " + bind(value)); break;
                case "like": conditions.add(dialect.like(col, bind(likePattern(column, value)))); break;
                case "isNull": conditions.add(col + (Boolean.TRUE.equals(value) ? " IS NULL" : " IS NOT NULL")); break;
                case "in":
                    Collection<?> values = (Collection<?>) value;
                    if (values.isEmpty()) {
                        conditions.add("1=0");
                    } else {
                        StringJoiner in = new StringJoiner(", ", col + " IN (", ")");
                        values.forEach(v -> in.add(bind(v)));
                        conditions.add(in.toString());
                    }
                    break;
                default:
                    throw new InvalidRequestException("unknown filter operator " + op.getKey() + " on " + column.name());
            }
        }
        return conditions;
    }

    /** A {@code like} pattern, refused when it ends with a lone escape character (both sources would fail). */
    private static Object likePattern(ColumnField column, Object pattern) {
        if (pattern instanceof String text) {
            int escapes = 0;
            for (int i = text.length() - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
                escapes++;
            }
            if (escapes % 2 == 1) {
                throw new InvalidRequestException("the like pattern for " + column.name() + " ends with the escape"
                        + " character \\ alone; escape it (\\\\) to match a backslash");
            }
        }
        return pattern;
    }

    private String bind(Object value) {
        parameters.add(value);
        return "?";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
