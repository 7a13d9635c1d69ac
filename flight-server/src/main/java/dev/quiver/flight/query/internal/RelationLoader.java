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
import java.util.Arrays;
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
     * @param parentKeys per parent row its key for this relation (null when a key column is NULL, absent when the
     *                   parent row itself does not exist), read from the parent level's key columns
     * @param target     the relation's vector: a struct (to-one) or a list of structs (to-many)
     */
    public void load(RelationPlan plan, RowKeys parentKeys, FieldVector target) throws SQLException {
        KeyIndex keys = parentKeys.index();
        int parents = parentKeys.size();
        guard.checkActive();
        if (keys.size() == 0) {
            place(plan, keys, parents, target, null);
            return;
        }
        try (FetchedRows fetched = fetch(plan, parentKeys.columns(), keys)) {
            RowGroups matches = fetched.groupBy(keys);
            budget.charge(plan, placedRows(plan, keys, parents, matches)); // before anything is placed or copied
            guard.checkActive();
            int[] placement = place(plan, keys, parents, target, matches);
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
                    RowKeys staged = fetched.nestedKeys(c);
                    RowKeys nested = staged.emptyCopy();
                    for (int row : placement) {
                        if (row < 0) {
                            nested.addAbsent();
                        } else {
                            nested.addFrom(staged, row);
                        }
                    }
                    load(column.relation(), nested, (FieldVector) rows.getChildByOrdinal(c));
                }
            }
        }
    }

    /**
     * Runs the relation's statement for {@code keys}: with integer keys, the bounded one (PostgreSQL reads one
     * range of the reference's index rather than looking up each key).
     */
    private FetchedRows fetch(RelationPlan plan, KeyColumns keyColumns, KeyIndex keys) throws SQLException {
        KeyIndex.Range bounds = plan.boundedSql() == null ? null : keys.range().orElse(null);
        try (PreparedStatement statement = connection.prepareStatement(bounds == null ? plan.sql() : plan.boundedSql(),
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(fetchSize);
            for (int position = 0; position < keyColumns.arity(); position++) {
                statement.setArray(position + 1, keys.array(connection, keyColumns.arrayType(position), position));
            }
            int next = keyColumns.arity() + 1;
            if (bounds != null) {
                statement.setLong(next++, bounds.min());
                statement.setLong(next++, bounds.max());
            }
            StatementBinder.bind(statement, next, plan.parameters());
            try (QueryGuard.Registration guarded = guard.guard(statement);
                 ResultSet results = statement.executeQuery()) {
                return FetchedRows.read(plan, results, allocator, rawValues);
            }
        }
    }

    /** How many rows {@link #place} will place: one per parent for to-one, every match of every parent for to-many. */
    private static long placedRows(RelationPlan plan, KeyIndex keys, int parents, RowGroups matches) {
        if (!plan.relation().toMany()) {
            return parents;
        }
        long rows = 0;
        for (int row = 0; row < parents; row++) {
            rows += matches.count(keys.rowId(row));
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
     * @param matches the fetched rows by key number; null when nothing was fetched
     * @return for each row of the relation's struct vector, the staged row to copy there, or -1 for a null struct
     */
    private static int[] place(RelationPlan plan, KeyIndex keys, int parents, FieldVector target, RowGroups matches) {
        return plan.relation().toMany() ? placeLists(plan, keys, parents, (ListVector) target, matches)
                : placeStructs(plan, keys, parents, (StructVector) target, matches);
    }

    /** To-one: one struct per parent row, null without a match (an error when the relation is non-null). */
    private static int[] placeStructs(RelationPlan plan, KeyIndex keys, int parents, StructVector structs,
                                      RowGroups matches) {
        Relation relation = plan.relation();
        int[] placement = new int[parents];
        for (int row = 0; row < parents; row++) {
            placement[row] = -1;
            int key = keys.rowId(row);
            if (key == KeyIndex.ABSENT) {
                structs.setNull(row);
                continue;
            }
            int count = matches == null ? 0 : matches.count(key);
            if (count > 1) {
                throw new RelationIntegrityException(relation.path() + " is a to-one relation but " + count
                        + " " + plan.target().table() + " rows match " + describe(relation, keys, key)
                        + "; its references must be unique, or declare it as a list [" + relation.target() + "!]!");
            }
            if (count == 1) {
                placement[row] = matches.row(key, 0);
            } else if (relation.nullable()) {
                structs.setNull(row);
            } else {
                throw new RelationIntegrityException(relation.path() + " is declared non-null (" + relation.target()
                        + "!) but no " + plan.target().table() + " row matches " + describe(relation, keys, key)
                        + "; fix the data or declare the field nullable (" + relation.target() + ")");
            }
        }
        return placement;
    }

    /** To-many: one list per parent row, its elements appended to the list's struct vector in statement order. */
    private static int[] placeLists(RelationPlan plan, KeyIndex keys, int parents, ListVector lists, RowGroups matches) {
        int[] placement = new int[16];
        int placed = 0;
        for (int row = 0; row < parents; row++) {
            int key = keys.rowId(row);
            if (key == KeyIndex.ABSENT) {
                lists.setNull(row);
                continue;
            }
            int count = matches == null ? 0 : matches.count(key);
            if (lists.startNewValue(row) != placed) {
                throw new IllegalStateException("list " + plan.relation().path() + " was not empty before its batch");
            }
            if (placed + count > placement.length) {
                placement = Arrays.copyOf(placement, Math.max(placement.length * 2, placed + count));
            }
            for (int i = 0; i < count; i++) {
                placement[placed + i] = matches.row(key, i);
            }
            placed += count;
            lists.endValue(row, count);
        }
        return Arrays.copyOf(placement, placed);
    }

    private static String describe(Relation relation, KeyIndex keys, int key) {
        return String.join(", ", relation.references()) + " = " + (key < 0 ? "NULL" : keys.describe(key));
    }
}
