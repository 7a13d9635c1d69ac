package dev.quiver.flight.query;

import dev.quiver.flight.query.internal.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * How a root query may be read in parts by key range, when its answer is the same read whole or part by part in key
 * order: one integer key column, no {@code offset}, and no order but the key's ascending one (or none). The
 * compiler builds one only then ({@link SelectCompiler}); every statement here binds its values as parameters.
 *
 * @param keyColumn       the key column
 * @param selectList      the root statement's select list
 * @param table           the table
 * @param condition       the {@code where} argument's condition, or {@code null}
 * @param whereParameters the values of the condition's placeholders, in order
 * @param ordered         whether the query asked for key order ({@code orderBy: {key: ASC}}); a part keeps it
 */
public record KeySplit(String keyColumn, String selectList, String table, String condition,
                       List<Object> whereParameters, boolean ordered) {
    public KeySplit {
        whereParameters = java.util.Collections.unmodifiableList(new ArrayList<>(whereParameters));
    }

    /** {@code SELECT min(key), max(key)} over the rows the condition keeps; parameters: {@link #whereParameters}. */
    public String boundsSql() {
        String key = Sql.quote(keyColumn);
        return "SELECT min(" + key + "), max(" + key + ") FROM " + Sql.quote(table) + where("");
    }

    /**
     * The key of the n-th row in key order the condition keeps: {@code ... ORDER BY key LIMIT 1 OFFSET ?}; parameters:
     * {@link #whereParameters} then n - 1.
     */
    public String nthKeySql() {
        String key = Sql.quote(keyColumn);
        return "SELECT " + key + " FROM " + Sql.quote(table) + where("") + " ORDER BY " + key + " LIMIT 1 OFFSET ?";
    }

    /** The root statement reading the rows of {@code range} only, with {@code limit} as its LIMIT. */
    String sql() {
        String key = Sql.quote(keyColumn);
        return "SELECT " + selectList + " FROM " + Sql.quote(table) + where(key + " >= ? AND " + key + " <= ?")
                + (ordered ? " ORDER BY " + key + " ASC" : "") + " LIMIT ? OFFSET ?";
    }

    /** The parameters of {@link #sql()}: the condition's, the range's ends, {@code limit} and offset 0. */
    List<Object> parameters(KeyRange range, long limit) {
        List<Object> parameters = new ArrayList<>(whereParameters);
        parameters.add(range.lower());
        parameters.add(range.upper());
        parameters.add(limit);
        parameters.add(0L);
        return parameters;
    }

    private String where(String range) {
        if (condition == null) {
            return range.isEmpty() ? "" : " WHERE " + range;
        }
        return " WHERE " + (range.isEmpty() ? condition : "(" + condition + ") AND " + range);
    }
}
