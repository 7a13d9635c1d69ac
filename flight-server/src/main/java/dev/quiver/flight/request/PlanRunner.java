package dev.quiver.flight.request;

import dev.quiver.flight.admission.Admission;
import dev.quiver.flight.admission.RunningQuery;
import dev.quiver.flight.auth.Permissions;
import dev.quiver.flight.history.EventHistory;
import dev.quiver.flight.mutation.Actor;
import dev.quiver.flight.mutation.Mutations;
import dev.quiver.flight.query.KeyRange;
import dev.quiver.flight.query.QueryExecutor;
import java.util.List;

/**
 * Runs any finite {@link Plan} into a transport's {@link BatchStream}, under the {@link RunningQuery} the
 * {@link Admission} gave it: a table query through the {@link QueryExecutor}, an events query through
 * {@link EventHistory}, a mutation through {@link Mutations}. Subscriptions are endless and belong to the
 * subscription service. Transport-neutral: Flight and HTTP both call it.
 */
public final class PlanRunner {
    private final QueryExecutor selects;
    private final EventHistory history;
    private final Mutations mutations;
    private final Permissions permissions;

    /**
     * @param permissions who may run mutations (the one place that is checked: every transport runs plans here)
     */
    public PlanRunner(QueryExecutor selects, EventHistory history, Mutations mutations, Permissions permissions) {
        this.selects = selects;
        this.history = history;
        this.mutations = mutations;
        this.permissions = permissions;
    }

    /**
     * Streams the plan's answer into {@code out}: {@code start} once, then its batches.
     *
     * @param actor who asked, recorded on a mutation's event
     * @throws dev.quiver.flight.auth.PermissionDeniedException when the actor may not run the plan (a read-only
     *                                                         user's mutation), before anything runs
     */
    public void run(Plan plan, BatchStream out, RunningQuery query, Actor actor) throws Exception {
        if (plan instanceof Plan.Select select) {
            selects.execute(select.plan(), out, query);
        } else if (plan instanceof Plan.History events) {
            history.execute(events.plan(), out, query);
        } else if (plan instanceof Plan.Mutation mutation) {
            permissions.checkMayMutate(actor.userId());
            mutations.execute(mutation.plan(), actor, out, query);
        } else {
            throw new InvalidRequestException("a " + plan.kind() + " is an endless stream; open it with Flight DoGet,"
                    + " or over HTTP with Accept: text/event-stream");
        }
    }

    /**
     * How many rows the plan's answer has, as far as the source can tell before running it, or -1 when it cannot
     * say. Runs under {@code query}: its timeout and cancel stop the estimate too.
     */
    public long estimateRows(Plan plan, RunningQuery query) {
        if (plan instanceof Plan.Select select) {
            return selects.estimateRows(select.plan(), query);
        }
        return plan instanceof Plan.Mutation ? 1 : -1;
    }

    /**
     * The key ranges to read the plan's answer in, one per endpoint, at most {@code count}; empty when the plan is
     * read whole (any plan but a table query that can be split, see {@link QueryExecutor#keyRanges}).
     */
    public List<KeyRange> keyRanges(Plan plan, int count, RunningQuery query) {
        if (count > 1 && plan instanceof Plan.Select select) {
            return selects.keyRanges(select.plan(), count, query);
        }
        return List.of();
    }

    /** The table source's kind, for health reports. */
    public String sourceKind() {
        return selects.sourceKind();
    }
}
