package dev.quiver.flight.query.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The distinct columns one SELECT reads, in first-use order: output columns and the key columns relations
 * need share one entry each, and everyone refers to a column by its JDBC index.
 */
public final class SelectList {
    private final List<String> columns = new ArrayList<>();

    /** The 1-based JDBC index of {@code column}, added to the list on first use. */
    int indexOf(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            columns.add(column);
            index = columns.size() - 1;
        }
        return index + 1;
    }

    List<Integer> indexesOf(List<String> columnNames) {
        List<Integer> indexes = new ArrayList<>();
        columnNames.forEach(c -> indexes.add(indexOf(c)));
        return indexes;
    }

    /** The select list: quoted column names, or {@code 1} when nothing but constants is asked for. */
    public String sql() {
        if (columns.isEmpty()) {
            return "1";
        }
        StringJoiner list = new StringJoiner(", ");
        columns.forEach(c -> list.add(Sql.quote(c)));
        return list.toString();
    }
}
