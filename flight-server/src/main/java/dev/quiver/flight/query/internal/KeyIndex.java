package dev.quiver.flight.query.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The distinct keys of one batch of parent rows, numbered 0 .. {@link #size()} - 1 in first-seen order, and the
 * number of each parent row's key: what a relation statement binds as its key arrays and what its rows are matched
 * against.
 */
interface KeyIndex {
    /** The row has no key here: a key column is NULL, or the key is not among the batch's keys. */
    int NO_KEY = -1;
    /** The parent row does not exist (under a null to-one). */
    int ABSENT = -2;

    /** Distinct keys. */
    int size();

    /** The number of parent row {@code row}'s key, {@link #NO_KEY} or {@link #ABSENT}. */
    int rowId(int row);

    /** The number of a single integer key, or {@link #NO_KEY}. */
    int idOf(long key);

    /** The number of a key in {@link KeyColumns#normalize normalized} form, or {@link #NO_KEY}. */
    int idOf(Object normalized);

    /** The SQL array of part {@code position} of every distinct key, in number order, declared as {@code type}. */
    java.sql.Array array(Connection connection, String type, int position) throws SQLException;

    /** The smallest and the largest key, when the keys are single integers; empty otherwise. */
    Optional<Range> range();

    /** Key {@code id} for error messages. */
    String describe(int id);

    /** The smallest and the largest of a batch's integer keys. */
    record Range(long min, long max) {
    }
}
