package dev.quiver.flight.server;

import dev.quiver.flight.compile.GraphQLRequest;
import dev.quiver.flight.control.RunningQuery;
import dev.quiver.flight.mutation.Actor;
import dev.quiver.flight.mutation.MutationPlan;
import dev.quiver.flight.mutation.Mutations;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.Ticket;

/**
 * Mutations over Flight. DoGet with a {@code mutation { ... }} request as the ticket runs it (once per DoGet)
 * and streams the changed row as one batch of one row. GetFlightInfo and GetSchema only compile and validate
 * it: they return its result schema, one endpoint whose ticket is the request, and 1 as the record count,
 * without changing anything.
 */
final class FlightMutations {
    private final Mutations mutations;
    private final Function<CallContext, Actor> actors;

    /**
     * @param actors who the caller is; {@link #peerIdentity} by default. The seam for an auth middleware that
     *               also knows the organisation.
     */
    FlightMutations(Mutations mutations, Function<CallContext, Actor> actors) {
        this.mutations = mutations;
        this.actors = actors;
    }

    /** The caller as Flight's auth set it: the peer identity as user id (none when unauthenticated), no org. */
    static Actor peerIdentity(CallContext context) {
        return context == null ? Actor.ANONYMOUS : new Actor(context.peerIdentity(), null);
    }

    Optional<FlightInfo> flightInfo(FlightDescriptor descriptor, GraphQLRequest request) {
        return mutations.compile(request).map(plan -> new FlightInfo(plan.schema(), descriptor,
                List.of(new FlightEndpoint(new Ticket(request.toJson()))), -1, 1));
    }

    Optional<MutationPlan> compile(GraphQLRequest request) {
        return mutations.compile(request);
    }

    /**
     * Runs {@code request} if it is a mutation, streaming its rows on {@code listener} and closing its batch.
     *
     * @return what ends the call (completed or error), for the caller to send once it has freed the call's slot;
     *         empty when it is not a mutation and nothing was sent
     */
    Optional<Runnable> stream(CallContext context, GraphQLRequest request, ServerStreamListener listener,
            RunningQuery query) {
        Optional<MutationPlan> plan;
        try {
            plan = mutations.compile(request);
        } catch (RuntimeException e) {
            return Optional.of(error(listener, e));
        }
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        try (FlightBatchStream batches = new FlightBatchStream(listener, query)) {
            mutations.execute(plan.get(), actors.apply(context), batches);
        } catch (Exception e) {
            return Optional.of(error(listener, e));
        }
        return Optional.of(() -> {
            if (!listener.isCancelled()) {
                listener.completed();
            }
        });
    }

    private static Runnable error(ServerStreamListener listener, Exception e) {
        FlightRuntimeException error = FlightErrors.toFlight(e);
        return () -> listener.error(error);
    }
}
