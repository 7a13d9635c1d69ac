package dev.quiver.flight.query;

import dev.quiver.flight.query.internal.Ordering;
import dev.quiver.flight.query.internal.Paging;
import dev.quiver.flight.query.internal.SelectList;
import dev.quiver.flight.query.internal.SelectionCompiler;
import dev.quiver.flight.query.internal.Sql;
import dev.quiver.flight.query.internal.WhereCompiler;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.schema.ScalarKind;
import graphql.normalized.ExecutableNormalizedField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Compiles a table query's root field into one {@link SelectPlan}: the request pipeline has parsed, validated and
 * normalized the operation (fragments, aliases and variables resolved); the root field becomes a single
 * parameterised SELECT and each relation below it one more statement, run once per batch of parent rows
 * ({@link RelationPlan}). No DataFetcher runs.
 */
public final class SelectCompiler {
    private final Catalog catalog;
    private final QueryLimits limits;
    private final SelectionCompiler selections;
    private final SqlDialect dialect;

    /** A compiler of standard SQL (PostgreSQL's). */
    public SelectCompiler(Catalog catalog, QueryLimits limits) {
        this(catalog, limits, SqlDialect.STANDARD);
    }

    public SelectCompiler(Catalog catalog, QueryLimits limits, SqlDialect dialect) {
        this.catalog = catalog;
        this.limits = limits;
        this.dialect = dialect;
        this.selections = new SelectionCompiler(catalog, limits, dialect);
    }

    /**
     * The plan of a query's root field.
     *
     * @throws InvalidRequestException when the field is no table's root field, or its arguments are out of range
     */
    public SelectPlan compile(ExecutableNormalizedField root) {
        EntityType entity = catalog.byRootField(root.getName()).orElseThrow(() ->
                new InvalidRequestException("unknown root field " + root.getName()));
        SelectList select = new SelectList();
        List<OutputColumn> columns = selections.columns(entity, root.getChildren(), select);
        Map<String, Object> args = root.getResolvedArguments();
        List<Object> parameters = new ArrayList<>();
        StringBuilder from = new StringBuilder(" FROM ").append(Sql.quote(entity.table()));
        @SuppressWarnings("unchecked")
        Map<String, Object> where = (Map<String, Object>) args.get("where");
        String condition = where == null ? null : new WhereCompiler(entity, parameters, dialect).compile(where);
        if (condition != null) {
            from.append(" WHERE ").append(condition);
        }
        KeySplit split = split(entity, select, condition, parameters, args);
        // a root list is ordered only when asked to (orderBy) or paged (offset: pages must not overlap); otherwise
        // rows stream in the source's own order from the first one, with no sort of the whole result first
        String orderBy = args.get("orderBy") == null && args.get("offset") == null ? ""
                : " ORDER BY " + Ordering.terms(entity, args.get("orderBy"));
        long limit = Paging.limit(args.get("limit"), limits);
        long offset = Paging.offset(args.get("offset"));
        String page = " LIMIT ? OFFSET ?";
        String sql = "SELECT " + select.sql() + from + orderBy + page;
        parameters.add(limit);
        parameters.add(offset);
        Schema schema = new Schema(columns.stream().map(OutputColumn::arrowField).collect(Collectors.toList()));
        return new SelectPlan(entity, columns, sql, parameters, schema, root.getResultKey(), limit, split);
    }

    /**
     * How the root may be read by key range, or {@code null} when a split could change the answer: the type's key is
     * not one column, the list is paged ({@code offset}), or it is ordered by anything but the key ascending. (Whether
     * the key column holds integers is the source's to say: the range planner asks it.)
     */
    private static KeySplit split(EntityType entity, SelectList select, String condition, List<Object> whereParameters,
                                  Map<String, Object> args) {
        List<ColumnField> key = entity.keyOrder();
        if (key.size() != 1 || key.get(0).kind() != ScalarKind.ID || args.get("offset") != null) {
            return null;
        }
        Object orderBy = args.get("orderBy");
        boolean byKey = orderBy != null && Ordering.terms(entity, orderBy).equals(Ordering.terms(entity, null));
        if (orderBy != null && !byKey) {
            return null;
        }
        return new KeySplit(key.get(0).column(), select.sql(), entity.table(), condition, whereParameters, byKey);
    }
}
