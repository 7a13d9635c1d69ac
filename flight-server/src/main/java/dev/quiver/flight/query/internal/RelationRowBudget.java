package dev.quiver.flight.query.internal;

import dev.quiver.flight.query.RelationPlan;
import dev.quiver.flight.request.LimitExceededException;

/**
 * Bounds the rows one batch holds across all its relation levels: the product of their fan-outs, not each level's
 * {@code limit}. Relations copy every child row under every parent, so {@code limit: 1} over four to-many levels of
 * 200 rows each is 200^3 = 8M rows in one batch; a level that would take the batch past the budget fails the request
 * before its rows are copied. One per query, reset at each batch; not thread-safe (a query runs on one thread).
 */
public final class RelationRowBudget {
    private final long perBatch;
    private String root;
    private long rootRows;
    private long used;

    /** @param perBatch most rows a batch may hold, its root rows included */
    public RelationRowBudget(long perBatch) {
        if (perBatch < 1) {
            throw new IllegalArgumentException("the relation row budget must be positive, got " + perBatch);
        }
        this.perBatch = perBatch;
    }

    /** A new batch of {@code rows} rows of the root field {@code rootField}. */
    public void startBatch(String rootField, int rows) {
        this.root = rootField;
        this.rootRows = rows;
        this.used = rows;
    }

    /**
     * Charges {@code rows} placed rows of {@code plan}'s relation to the batch.
     *
     * @throws LimitExceededException when the batch would hold more than the budget
     */
    public void charge(RelationPlan plan, long rows) {
        used += rows;
        if (used > perBatch) {
            throw new LimitExceededException("the answer's relations fan out to more than " + perBatch + " rows for "
                    + rootRows + " " + (root == null ? "" : root + " ") + "row(s) (reached at "
                    + plan.relation().path() + "; --max-relation-rows and --max-rows bound the rows across all"
                    + " relation levels); ask for fewer nested to-many relations or a smaller limit");
        }
    }
}
