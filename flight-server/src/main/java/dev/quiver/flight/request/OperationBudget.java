package dev.quiver.flight.request;

import graphql.normalized.ExecutableNormalizedField;
import java.util.Collection;
import java.util.Map;

/**
 * The budgets checked on a normalized operation (fragments expanded, aliases and variables resolved), the same for
 * every kind of request before it is compiled:
 * <ul>
 *   <li><b>output columns</b> ({@link QueryLimits#maxOutputColumns()}): every selected field under the root counts,
 *       each alias of a field again, a relation and each of its fields too. Each one becomes an Arrow vector of
 *       {@code --batch-rows} values per batch, so 4,800 aliases of one column with {@code limit: 1} would ask for
 *       gigabytes (security review H2);</li>
 *   <li><b>list length</b> ({@link QueryLimits#maxInList()}): no list in any argument (a filter's {@code in}) has
 *       more values, since each becomes a bound SQL parameter;</li>
 *   <li><b>input nesting</b> ({@link QueryLimits#maxWhereDepth()}): no argument nests input objects deeper (a
 *       {@code where} of 200 {@code not}s compiles to SQL that nests as deep).</li>
 * </ul>
 */
final class OperationBudget {
    private final QueryLimits limits;

    OperationBudget(QueryLimits limits) {
        this.limits = limits;
    }

    /** @throws LimitExceededException naming the budget {@code root}'s request exceeds */
    void check(ExecutableNormalizedField root) {
        int columns = columns(root);
        if (columns > limits.maxOutputColumns()) {
            throw new LimitExceededException(tooManyColumns(String.valueOf(columns)));
        }
        arguments(root);
    }

    /** The message for a request over the output column budget, {@code count} saying how many it selects. */
    String tooManyColumns(String count) {
        return "the request selects " + count + " output columns (each field, alias and relation field counts); this"
                + " server allows " + limits.maxOutputColumns() + "; select fewer fields, or split the request";
    }

    private static int columns(ExecutableNormalizedField field) {
        int count = 0;
        for (ExecutableNormalizedField child : field.getChildren()) {
            count += 1 + columns(child);
        }
        return count;
    }

    private void arguments(ExecutableNormalizedField field) {
        for (Map.Entry<String, Object> argument : field.getResolvedArguments().entrySet()) {
            value(field, argument.getKey(), argument.getValue(), 0);
        }
        for (ExecutableNormalizedField child : field.getChildren()) {
            arguments(child);
        }
    }

    private void value(ExecutableNormalizedField field, String argument, Object value, int depth) {
        if (value instanceof Map<?, ?> object) {
            if (depth + 1 > limits.maxWhereDepth()) {
                throw new LimitExceededException("argument '" + argument + "' of " + field.getName() + " nests input"
                        + " objects more than " + limits.maxWhereDepth() + " levels deep; this server allows "
                        + limits.maxWhereDepth() + "; flatten the filter (one and/or list instead of nested ones)");
            }
            for (Object member : object.values()) {
                value(field, argument, member, depth + 1);
            }
        } else if (value instanceof Collection<?> list) {
            if (list.size() > limits.maxInList()) {
                throw new LimitExceededException("argument '" + argument + "' of " + field.getName() + " has a list of "
                        + list.size() + " values; this server allows " + limits.maxInList() + " per list; split the"
                        + " request, or filter by a range");
            }
            for (Object member : list) {
                value(field, argument, member, depth);
            }
        }
    }
}
