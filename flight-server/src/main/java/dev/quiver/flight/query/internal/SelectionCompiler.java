package dev.quiver.flight.query.internal;

import dev.quiver.flight.query.OutputColumn;
import dev.quiver.flight.query.RelationPlan;
import dev.quiver.flight.query.SqlDialect;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.schema.Relation;
import graphql.normalized.ExecutableNormalizedField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Compiles the selection of one level (the root field's, or a relation's) into output columns, registering the
 * columns it reads in that level's {@link SelectList}; each relation in it becomes a {@link RelationPlan} with a
 * statement of its own, compiled recursively.
 */
public final class SelectionCompiler {
    /** The window column numbering a parent's rows when a to-many relation has limit or offset. */
    private static final String ROW_NUMBER = "quiver_row";
    /** The derived table of parent keys a relation statement joins, and its columns' name prefix. */
    private static final String KEYS = "quiver_keys";
    private static final String KEY = "quiver_key";

    private final Catalog catalog;
    private final QueryLimits limits;
    private final SqlDialect dialect;

    public SelectionCompiler(Catalog catalog, QueryLimits limits, SqlDialect dialect) {
        this.catalog = catalog;
        this.limits = limits;
        this.dialect = dialect;
    }

    public List<OutputColumn> columns(EntityType entity, List<ExecutableNormalizedField> selection, SelectList select) {
        List<OutputColumn> columns = new ArrayList<>();
        for (ExecutableNormalizedField child : selection) {
            if (child.getName().equals("__typename")) {
                columns.add(OutputColumn.typename(child.getResultKey(), entity.typeName()));
                continue;
            }
            ColumnField field = entity.column(child.getName()).orElse(null);
            if (field != null) {
                columns.add(OutputColumn.scalar(child.getResultKey(), field, select.indexOf(field.column())));
                continue;
            }
            Relation relation = entity.relation(child.getName()).orElseThrow(() ->
                    new InvalidRequestException("unknown field " + child.getName() + " on " + entity.typeName()));
            columns.add(OutputColumn.relation(child.getResultKey(), relation(relation, child, select)));
        }
        return columns;
    }

    private RelationPlan relation(Relation relation, ExecutableNormalizedField field, SelectList parentSelect) {
        EntityType target = catalog.byTypeName(relation.target()).orElseThrow(() ->
                new IllegalStateException("relation " + relation.name() + " targets unknown type " + relation.target()));
        List<Integer> parentKeys = parentSelect.indexesOf(relation.fields());
        SelectList select = new SelectList();
        List<OutputColumn> columns = columns(target, field.getChildren(), select);
        List<Integer> keys = select.indexesOf(relation.references());
        List<Object> parameters = new ArrayList<>();
        Map<String, Object> args = field.getResolvedArguments();
        String condition = relation.toMany() ? condition(target, args, parameters) : null;
        String sql = statement(target, relation, args, select, condition, null);
        String boundedSql = relation.arity() == 1 ? statement(target, relation, args, select, condition,
                Sql.quote(target.table()) + "." + Sql.quote(relation.references().get(0)) + " BETWEEN ? AND ?") : null;
        if (relation.toMany() && paged(args)) {
            long limit = Paging.limit(args.get("limit"), limits);
            long offset = Paging.offset(args.get("offset"));
            parameters.add(offset);
            parameters.add(offset + limit);
        }
        return new RelationPlan(relation, target, columns, sql, boundedSql, parameters, parentKeys, keys,
                arrowField(field.getResultKey(), relation, columns));
    }

    /** A to-many relation's {@code where} argument as SQL, its values added to {@code parameters}; null without one. */
    private String condition(EntityType target, Map<String, Object> args, List<Object> parameters) {
        @SuppressWarnings("unchecked")
        Map<String, Object> where = (Map<String, Object>) args.get("where");
        return where == null ? null : new WhereCompiler(target, parameters, dialect).compile(where);
    }

    private static boolean paged(Map<String, Object> args) {
        return args.get("limit") != null || args.get("offset") != null;
    }

    /**
     * The relation's statement over the parent keys, filtered by {@code condition} (or not, when null); with
     * {@code bound} (a {@code BETWEEN ? AND ?} on its single reference column, its placeholders right after the key
     * array: the smallest and largest key), PostgreSQL reads one index range instead of looking each key up.
     */
    private String statement(EntityType target, Relation relation, Map<String, Object> args, SelectList select,
                             String condition, String bound) {
        StringJoiner conditions = new StringJoiner(" AND ");
        if (bound != null) {
            conditions.add(bound);
        }
        if (condition != null) {
            conditions.add(bound != null ? "(" + condition + ")" : condition);
        }
        String from = keyedFrom(target, relation) + (conditions.length() == 0 ? "" : " WHERE " + conditions);
        return relation.toMany() ? toManySql(target, relation, args, select, from) : "SELECT " + select.sql() + from;
    }

    /**
     * A to-many relation's rows ordered by parent key first (so PostgreSQL can keep the order of the key's index),
     * then by the relation's order: each parent's rows in the relation's order. With limit or offset, each parent's
     * rows numbered in that order and cut (the two bounds are the statement's last parameters).
     */
    private String toManySql(EntityType target, Relation relation, Map<String, Object> args, SelectList select,
                             String from) {
        String order = Ordering.terms(target, args.get("orderBy"));
        if (!paged(args)) {
            String byParent = relation.references().stream().map(c -> Sql.quote(c) + " ASC").collect(Collectors.joining(", "));
            return "SELECT " + select.sql() + from + " ORDER BY " + byParent + ", " + order;
        }
        String partition = relation.references().stream().map(Sql::quote).collect(Collectors.joining(", "));
        return "SELECT " + select.sql() + " FROM (SELECT " + select.sql() + ", ROW_NUMBER() OVER (PARTITION BY "
                + partition + " ORDER BY " + order + ") AS " + Sql.quote(ROW_NUMBER) + from + ") AS \"quiver_ranked\""
                + " WHERE " + Sql.quote(ROW_NUMBER) + " > ? AND " + Sql.quote(ROW_NUMBER) + " <= ? ORDER BY "
                + Sql.quote(ROW_NUMBER);
    }

    /**
     * {@code FROM UNNEST(?, ...) AS "quiver_keys"("quiver_key1", ...) JOIN "target" ON ...}: the target rows whose
     * key columns equal one of the parent keys bound first as arrays, one array per key column. A join with the
     * unnested keys lets both PostgreSQL and H2 look each key up in the target's index (H2 scans the whole
     * array for every row with {@code = ANY(?)}), and serves composite keys the same way.
     */
    private static String keyedFrom(EntityType target, Relation relation) {
        String table = Sql.quote(target.table());
        StringJoiner keys = new StringJoiner(", ");
        StringJoiner unnest = new StringJoiner(", ");
        StringJoiner on = new StringJoiner(" AND ");
        for (int i = 1; i <= relation.arity(); i++) {
            String key = Sql.quote(KEY + i);
            keys.add(key);
            unnest.add("?");
            on.add(table + "." + Sql.quote(relation.references().get(i - 1)) + " = " + Sql.quote(KEYS) + "." + key);
        }
        return " FROM UNNEST(" + unnest + ") AS " + Sql.quote(KEYS) + "(" + keys + ") JOIN " + table + " ON " + on;
    }

    private static Field arrowField(String resultKey, Relation relation, List<OutputColumn> columns) {
        List<Field> children = columns.stream().map(OutputColumn::arrowField).collect(Collectors.toList());
        if (!relation.toMany()) {
            return new Field(resultKey, new FieldType(relation.nullable(), ArrowType.Struct.INSTANCE, null), children);
        }
        // Arrow Java names a list's element vector "$data$" whatever the schema says; naming it so keeps the
        // announced schema identical to the streamed one.
        Field element = new Field(ListVector.DATA_VECTOR_NAME,
                new FieldType(relation.elementNullable(), ArrowType.Struct.INSTANCE, null), children);
        return new Field(resultKey, new FieldType(relation.nullable(), ArrowType.List.INSTANCE, null), List.of(element));
    }
}
