package dev.quiver.flight.query.internal;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.query.OutputColumn;
import dev.quiver.flight.query.RelationIntegrityException;
import dev.quiver.flight.query.RelationPlan;
import dev.quiver.flight.schema.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Fills one relation column for one batch of parent rows with a single statement: binds the batch's distinct
 * parent keys as arrays, stages the returned rows, places them under their parents (a struct per parent for
 * to-one, a list for to-many) and recurses into nested relations with the placed rows as parents. So a request
 * runs one statement per relation per batch, whatever the number of rows. Every statement runs under the query's
 * {@link QueryGuard} (its timeout, cancelled when the query stops), the query is checked between levels, and the
 * rows placed across all levels are charged to a {@link RelationRowBudget}, so a fan-out is refused before it is
 * copied and a stopped query ends inside a batch, not after it.
 */
public final class RelationLoader {
    private static final int[] NO_ROWS = new int[0];

    private final Connection connection;
    private final BufferAllocator allocator;
    private final int fetchSize;
    private final QueryGuard guard;
    private final RelationRowBudget budget;
    private final boolean rawValues;

    /** A loader with no guard and no row budget beyond what fits in an int. */
    public RelationLoader(Connection connection, BufferAllocator allocator, int fetchSize) {
        this(connection, allocator, fetchSize, QueryGuard.NONE, new RelationRowBudget(Integer.MAX_VALUE), true);
    }

    /**
     * @param guard     the query every relation statement runs under
     * @param budget    the rows a batch may hold across levels; the caller starts each batch
     * @param rawValues decode PostgreSQL values from their wire bytes where {@link ColumnWriter} can; false: the
     *                  typed JDBC getters
     */
    public RelationLoader(Connection connection, BufferAllocator allocator, int fetchSize, QueryGuard guard,
                          RelationRowBudget budget, boolean rawValues) {
        this.rawValues = rawValues;
        this.connection = connection;
        this.allocator = allocator;
        this.fetchSize = fetchSize;
        this.guard = guard;
        this.budget = budget;
    }

    /**
     * Fills {@code target} rows {@code 0 .. parentKeys.size() - 1}.
     *
     * @param keyColumns the parent level's key columns (their SQL types declare the key arrays)
     * @param parentKeys per parent row: its raw key, null when a key column is NULL, or {@link KeyColumns#ABSENT}
     *                   when the parent row itself does not exist
     * @param target     the relation's vector: a struct (to-one) or a list of structs (to-many)
     */
    public void load(RelationPlan plan, KeyColumns keyColumns, List<Object> parentKeys, FieldVector target) throws SQLException {
        Object[] keys = new Object[parentKeys.size()];
        Map<Object, Object> distinct = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            Object raw = parentKeys.get(i);
            keys[i] = raw == KeyColumns.ABSENT ? raw : KeyColumns.normalize(raw);
            if (raw != KeyColumns.ABSENT && raw != null) {
                distinct.putIfAbsent(keys[i], raw);
            }
        }
        guard.checkActive();
        if (distinct.isEmpty()) {
            place(plan, keys, target, null);
            return;
        }
        try (FetchedRows fetched = fetch(plan, keyColumns, distinct.values())) {
            budget.charge(plan, placedRows(plan, keys, fetched)); // before anything is placed or copied
            guard.checkActive();
            int[] placement = place(plan, keys, target, fetched);
            StructVector rows = rowsOf(plan, target);
            StructRowCopier copier = new StructRowCopier(plan.columns(), fetched.vectors(), rows);
            for (int row = 0; row < placement.length; row++) {
                if (placement[row] >= 0) {
                    copier.copy(placement[row], row);
                }
            }
            for (int c = 0; c < plan.columns().size(); c++) {
                OutputColumn column = plan.columns().get(c);
                if (column.isRelation()) {
                    List<Object> nestedKeys = new ArrayList<>(placement.length);
                    for (int staged : placement) {
                        nestedKeys.add(staged < 0 ? KeyColumns.ABSENT : fetched.nestedKey(c, staged));
                    }
                    load(column.relation(), fetched.nestedKeyColumns(c), nestedKeys, (FieldVector) rows.getChildByOrdinal(c));
                }
            }
        }
    }

    private FetchedRows fetch(RelationPlan plan, KeyColumns keyColumns, Collection<Object> rawKeys) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(plan.sql(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(fetchSize);
            for (int position = 0; position < keyColumns.arity(); position++) {
                Object[] values = new Object[rawKeys.size()];
                int i = 0;
                for (Object raw : rawKeys) {
                    values[i++] = KeyColumns.part(raw, position);
                }
                statement.setArray(position + 1, connection.createArrayOf(keyColumns.arrayType(position), values));
            }
            StatementBinder.bind(statement, keyColumns.arity() + 1, plan.parameters());
            try (QueryGuard.Registration guarded = guard.guard(statement);
                 ResultSet results = statement.executeQuery()) {
                return FetchedRows.read(plan, results, allocator, rawValues);
            }
        }
    }

    /** How many rows {@link #place} will place: one per parent for to-one, every match of every parent for to-many. */
    private static long placedRows(RelationPlan plan, Object[] keys, FetchedRows fetched) {
        if (!plan.relation().toMany()) {
            return keys.length;
        }
        long rows = 0;
        for (Object key : keys) {
            if (key != KeyColumns.ABSENT) {
                rows += matches(key, fetched).length;
            }
        }
        return rows;
    }

    /** The struct vector the relation's rows go to. */
    private static StructVector rowsOf(RelationPlan plan, FieldVector target) {
        return plan.relation().toMany() ? (StructVector) ((ListVector) target).getDataVector() : (StructVector) target;
    }

    /**
     * Decides where each fetched row goes and writes the struct validity (to-one) or list offsets (to-many).
     *
     * @return for each row of the relation's struct vector, the staged row to copy there, or -1 for a null struct
     */
    private static int[] place(RelationPlan plan, Object[] keys, FieldVector target, FetchedRows fetched) {
        return plan.relation().toMany() ? placeLists(plan, keys, (ListVector) target, fetched)
                : placeStructs(plan, keys, (StructVector) target, fetched);
    }

    /** To-one: one struct per parent row, null without a match (an error when the relation is non-null). */
    private static int[] placeStructs(RelationPlan plan, Object[] keys, StructVector structs, FetchedRows fetched) {
        Relation relation = plan.relation();
        int[] placement = new int[keys.length];
        for (int row = 0; row < keys.length; row++) {
            placement[row] = -1;
            if (keys[row] == KeyColumns.ABSENT) {
                structs.setNull(row);
                continue;
            }
            int[] matches = matches(keys[row], fetched);
            if (matches.length > 1) {
                throw new RelationIntegrityException(relation.path() + " is a to-one relation but " + matches.length
                        + " " + plan.target().table() + " rows match " + describe(relation, keys[row])
                        + "; its references must be unique, or declare it as a list [" + relation.target() + "!]!");
            }
            if (matches.length == 1) {
                placement[row] = matches[0];
            } else if (relation.nullable()) {
                structs.setNull(row);
            } else {
                throw new RelationIntegrityException(relation.path() + " is declared non-null (" + relation.target()
                        + "!) but no " + plan.target().table() + " row matches " + describe(relation, keys[row])
                        + "; fix the data or declare the field nullable (" + relation.target() + ")");
            }
        }
        return placement;
    }

    /** To-many: one list per parent row, its elements appended to the list's struct vector in statement order. */
    private static int[] placeLists(RelationPlan plan, Object[] keys, ListVector lists, FetchedRows fetched) {
        int[] placement = new int[16];
        int placed = 0;
        for (int row = 0; row < keys.length; row++) {
            if (keys[row] == KeyColumns.ABSENT) {
                lists.setNull(row);
                continue;
            }
            int[] matches = matches(keys[row], fetched);
            if (lists.startNewValue(row) != placed) {
                throw new IllegalStateException("list " + plan.relation().path() + " was not empty before its batch");
            }
            if (placed + matches.length > placement.length) {
                placement = Arrays.copyOf(placement, Math.max(placement.length * 2, placed + matches.length));
            }
            System.arraycopy(matches, 0, placement, placed, matches.length);
            placed += matches.length;
            lists.endValue(row, matches.length);
        }
        return Arrays.copyOf(placement, placed);
    }

    private static int[] matches(Object key, FetchedRows fetched) {
        return key == null || fetched == null ? NO_ROWS : fetched.rowsFor(key);
    }

    private static String describe(Relation relation, Object key) {
        return String.join(", ", relation.references()) + " = " + (key == null ? "NULL" : key);
    }
}
