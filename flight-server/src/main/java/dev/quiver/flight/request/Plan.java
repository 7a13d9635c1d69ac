package dev.quiver.flight.request;

import dev.quiver.flight.history.HistoryPlan;
import dev.quiver.flight.mutation.MutationPlan;
import dev.quiver.flight.query.SelectPlan;
import dev.quiver.flight.subscription.SubscriptionPlan;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What one GraphQL request asks for, compiled once by the {@link RequestPlanner}: exactly one of a table query, an
 * event-history query, a mutation or a subscription. Every transport takes the plan's {@link #schema()} and hands
 * the plan to the {@link PlanRunner} (or, for a subscription, to the subscription service); none looks at the
 * request's text again.
 */
public sealed interface Plan permits Plan.Select, Plan.History, Plan.Mutation, Plan.Subscription {

    /** The Arrow schema of every batch the answer has. */
    Schema schema();

    /** The operation's kind in words, for messages: "query", "events query", "mutation", "subscription". */
    String kind();

    /** The root field's name in the answer: its alias if it has one (HTTP's {@code {"data": {key: [...]}}}). */
    String resultKey();

    /** A query of a table's root field: one SELECT plus one statement per relation. */
    record Select(SelectPlan plan) implements Plan {
        @Override
        public String resultKey() {
            return plan.resultKey();
        }

        @Override
        public Schema schema() {
            return plan.schema();
        }

        @Override
        public String kind() {
            return "query";
        }
    }

    /** A query of the {@code events} root field: past observer events from ClickHouse. */
    record History(HistoryPlan plan, String resultKey) implements Plan {
        @Override
        public Schema schema() {
            return plan.schema();
        }

        @Override
        public String kind() {
            return "events query";
        }
    }

    /** A mutation: one row written with its outbox event, the changed row answered. */
    record Mutation(MutationPlan plan, String resultKey) implements Plan {
        @Override
        public Schema schema() {
            return plan.schema();
        }

        @Override
        public String kind() {
            return "mutation";
        }
    }

    /** A subscription: an endless stream of live observer events. */
    record Subscription(SubscriptionPlan plan, String resultKey) implements Plan {
        @Override
        public Schema schema() {
            return plan.schema();
        }

        @Override
        public String kind() {
            return "subscription";
        }
    }
}
