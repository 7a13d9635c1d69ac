package dev.quiver.flight.query.internal;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The key each row of one level has for one relation, appended row by row as the rows are read: a value, null
 * when a key column is NULL (the row matches nothing), or absent when the row itself does not exist (it sits under
 * a null to-one, so its relations stay null). {@link #index()} numbers the distinct keys once per batch, so matching
 * parents with children and placing children are integer work. Single integer keys are kept as {@code long}s
 * ({@link LongRowKeys}), other keys as JDBC objects ({@link ObjectRowKeys}).
 */
public abstract class RowKeys {
    private final KeyColumns columns;

    RowKeys(KeyColumns columns) {
        this.columns = columns;
    }

    /** Empty keys of the kind that suits {@code columns}. */
    public static RowKeys of(KeyColumns columns) {
        return columns.integral() ? new LongRowKeys(columns) : new ObjectRowKeys(columns);
    }

    /** The key columns these keys are read from (their SQL types declare the key arrays). */
    KeyColumns columns() {
        return columns;
    }

    /** Appends the key of the current row of {@code rows}. */
    public abstract void read(ResultSet rows) throws SQLException;

    /** Appends the key of a row that does not exist. */
    abstract void addAbsent();

    /** Appends row {@code row} of {@code other}, keys of the same columns. */
    abstract void addFrom(RowKeys other, int row);

    /** Keys appended since the last {@link #clear()}. */
    abstract int size();

    public abstract void clear();

    /** Empty keys of the same kind and columns. */
    abstract RowKeys emptyCopy();

    /** The distinct keys (neither null nor absent) in first-seen order, and each row's key number. */
    abstract KeyIndex index();

    /** Per row, the number {@code index} gives its key, or {@link KeyIndex#NO_KEY} when it has none there. */
    abstract int[] idsIn(KeyIndex index);
}
