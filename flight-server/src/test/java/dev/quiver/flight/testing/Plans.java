package dev.quiver.flight.testing;

import dev.quiver.flight.history.HistoryPlan;
import dev.quiver.flight.mutation.MutationPlan;
import dev.quiver.flight.query.SelectPlan;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.Plan;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.subscription.SubscriptionPlan;

/** Compiles a request through the request planner and unwraps the plan of the kind a test expects. */
public final class Plans {
    private Plans() {
    }

    public static SelectPlan select(RequestPlanner planner, GraphQLRequest request) {
        return as(Plan.Select.class, planner.prepare(request)).plan();
    }

    public static HistoryPlan history(RequestPlanner planner, GraphQLRequest request) {
        return as(Plan.History.class, planner.prepare(request)).plan();
    }

    public static MutationPlan mutation(RequestPlanner planner, GraphQLRequest request) {
        return as(Plan.Mutation.class, planner.prepare(request)).plan();
    }

    public static SubscriptionPlan subscription(RequestPlanner planner, GraphQLRequest request) {
        return as(Plan.Subscription.class, planner.prepare(request)).plan();
    }

    private static <P extends Plan> P as(Class<P> kind, Plan plan) {
        if (!kind.isInstance(plan)) {
            throw new AssertionError("expected a " + kind.getSimpleName() + " plan, got a " + plan.kind());
        }
        return kind.cast(plan);
    }
}
