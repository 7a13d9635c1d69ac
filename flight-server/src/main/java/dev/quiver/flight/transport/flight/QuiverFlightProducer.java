package dev.quiver.flight.transport.flight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.flight.admission.Admission;
import dev.quiver.flight.admission.RunningQuery;
import dev.quiver.flight.admission.StreamSlots;
import dev.quiver.flight.mutation.Actor;
import dev.quiver.flight.query.KeyRange;
import dev.quiver.flight.request.CancelRequest;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.Plan;
import dev.quiver.flight.request.PlanRunner;
import dev.quiver.flight.request.QueryTicket;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.subscription.SubscriptionService;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;

/**
 * Answers GraphQL over Arrow Flight, as the Flight adapter of the one request path: every call that carries a
 * request decodes it once and has the {@link RequestPlanner} prepare its {@link Plan} once, then:
 * <ul>
 *   <li><b>GetFlightInfo</b>: the plan's schema, the endpoints, and the planner's row estimate of the whole answer
 *       (-1 when the source cannot say), taken under the query timeout. One endpoint whose ticket is the request
 *       with a new query id; or, when the command asks for {@code "endpoints": k > 1}, the server allows it
 *       ({@link FlightEndpoints}) and the query can be split by key ({@link PlanRunner#keyRanges}), up to k
 *       endpoints in key order, each ticket that request and query id plus its key range, and the FlightInfo marked
 *       ordered: reading them in order and joining the batches gives the answer (the one endpoint's, except that
 *       a plain list with a limit, which has no order, gets its first rows by key);</li>
 *   <li><b>GetSchema</b>: the plan's schema, for every kind;</li>
 *   <li><b>DoGet</b>: reads. A query or events query runs under the {@link Admission} (a stream slot, the query
 *       id, the timeout, cancel) through the {@link PlanRunner}; a subscription goes to the
 *       {@link SubscriptionService} (an endless stream that takes no slot and has no timeout);</li>
 *   <li><b>DoExchange</b>: writes. A mutation runs exactly once per call, under the same admission, and its
 *       changed row comes back as one batch. Mutations are refused on GetFlightInfo and DoGet: a ticket may be read
 *       twice, or a DoGet retried, and a write must not run twice.</li>
 * </ul>
 * ListFlights lists one flight per root field; DoAction has {@code health}, {@code sdl}, {@code cancel} and
 * {@code subscriptions}. However a stream ends, its cursor is closed and its slot given back before the end
 * reaches the client.
 */
public final class QuiverFlightProducer extends NoOpFlightProducer {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MUTATIONS_USE_DO_EXCHANGE = "a mutation is a write: send it with DoExchange (a command"
            + " descriptor holding this request JSON; the changed row comes back as one batch), so that it runs"
            + " exactly once. GetFlightInfo and DoGet only read";

    private final Catalog catalog;
    private final RequestPlanner planner;
    private final PlanRunner runner;
    private final Admission admission;
    private final StreamSlots slots;
    private final SubscriptionService subscriptions;
    private final FlightEndpoints endpoints;

    /** A producer handing out one endpoint per query, on this server. */
    public QuiverFlightProducer(Catalog catalog, RequestPlanner planner, PlanRunner runner, Admission admission,
            StreamSlots slots, SubscriptionService subscriptions) {
        this(catalog, planner, runner, admission, slots, subscriptions, FlightEndpoints.single());
    }

    /** @param endpoints how many endpoints a query may be split over, and on which servers */
    public QuiverFlightProducer(Catalog catalog, RequestPlanner planner, PlanRunner runner, Admission admission,
            StreamSlots slots, SubscriptionService subscriptions, FlightEndpoints endpoints) {
        this.endpoints = endpoints;
        this.catalog = catalog;
        this.planner = planner;
        this.runner = runner;
        this.admission = admission;
        this.slots = slots;
        this.subscriptions = subscriptions;
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        try {
            QueryTicket ticket = planner.decode(commandOf(descriptor));
            Plan plan = planner.prepare(ticket.request());
            if (plan instanceof Plan.Mutation) {
                throw new InvalidRequestException(MUTATIONS_USE_DO_EXCHANGE);
            }
            if (plan instanceof Plan.Subscription) { // an endless stream: row count unknown, nothing to cancel
                return new FlightInfo(plan.schema(), descriptor,
                        List.of(new FlightEndpoint(new Ticket(ticket.request().toJson()))), -1, -1);
            }
            QueryTicket issued = QueryTicket.issue(ticket.request());
            long estimate;
            List<KeyRange> ranges;
            try (RunningQuery query = admission.track(issued.queryId(), peer(context))) {
                estimate = runner.estimateRows(plan, query);
                ranges = runner.keyRanges(plan, endpoints.count(ticket.endpoints()), query);
            }
            List<FlightEndpoint> answer = ranges.isEmpty() ? endpoints.whole(issued) : endpoints.split(issued, ranges);
            return FlightInfo.builder(plan.schema(), descriptor, answer).setRecords(estimate).setBytes(-1)
                    .setOrdered(!ranges.isEmpty()).build();
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
    }

    @Override
    public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
        try {
            return new SchemaResult(planner.prepare(planner.decode(commandOf(descriptor)).request()).schema());
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        QueryTicket read;
        Plan plan;
        try {
            read = planner.decode(ticket.getBytes());
            plan = planner.prepare(read);
            if (plan instanceof Plan.Mutation) {
                throw new InvalidRequestException(MUTATIONS_USE_DO_EXCHANGE);
            }
            if (plan instanceof Plan.Subscription subscription) {
                // returns at once
                subscriptions.subscribe(subscription.plan(), new FlightSubscriberChannel(listener), peer(context));
                return;
            }
        } catch (RuntimeException e) {
            listener.error(FlightErrors.toFlight(e));
            return;
        }
        answer(context, read.queryId(), plan, listener);
    }

    @Override
    public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
        QueryTicket read;
        Plan plan;
        try {
            read = planner.decode(commandOf(reader.getDescriptor()));
            plan = planner.prepare(read);
            if (!(plan instanceof Plan.Mutation)) {
                throw new InvalidRequestException("DoExchange runs mutations; this request is a " + plan.kind()
                        + ": read it with GetFlightInfo and DoGet");
            }
        } catch (RuntimeException e) {
            writer.error(FlightErrors.toFlight(e));
            return;
        }
        answer(context, read.queryId(), plan, writer);
    }

    /** Runs a finite plan under the admission and streams its answer; the end is sent after the slot is free. */
    private void answer(CallContext context, String queryId, Plan plan, ServerStreamListener listener) {
        Runnable end;
        try (Admission.Admitted admitted = admission.admit(queryId, peer(context))) {
            RunningQuery query = admitted.query();
            end = stream(batches -> runner.run(plan, batches, query, actor(context)), query, listener);
        } catch (RuntimeException e) {
            FlightRuntimeException error = FlightErrors.toFlight(e);
            end = () -> listener.error(error);
        }
        // the slot and the query's registration are given back before the client can see its stream end, so a
        // client that has read everything may start its next stream at once (with --max-streams 1 it was refused
        // now and then)
        end.run();
    }

    /** What fills a stream: the plan runner. */
    @FunctionalInterface
    private interface Source {
        void run(FlightBatchStream batches) throws Exception;
    }

    /** Runs {@code source} into the stream and closes its batch; returns what ends the call, not yet sent. */
    private static Runnable stream(Source source, RunningQuery query, ServerStreamListener listener) {
        Exception failure = null;
        try (FlightBatchStream batches = new FlightBatchStream(listener, query)) {
            source.run(batches);
        } catch (Exception e) {
            failure = e;
        }
        if (failure != null) {
            FlightRuntimeException error = FlightErrors.toFlight(query.explain(failure));
            return () -> listener.error(error);
        }
        if (query.isStopped()) { // also when the client is gone: gRPC then drops the answer
            FlightRuntimeException error = FlightErrors.toFlight(query.stoppedException());
            return () -> listener.error(error);
        }
        return listener::completed;
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
        try {
            for (EntityType entity : catalog.entities()) {
                String fields = entity.columns().stream().map(ColumnField::name).collect(Collectors.joining(" "));
                GraphQLRequest request = GraphQLRequest.of("{ " + entity.rootField() + " { " + fields + " } }");
                Plan plan = planner.prepare(request);
                FlightDescriptor descriptor = FlightDescriptor.command(request.toJson());
                listener.onNext(new FlightInfo(plan.schema(), descriptor,
                        List.of(new FlightEndpoint(new Ticket(request.toJson()))), -1, -1));
            }
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
        try {
            switch (action.getType()) {
                case "health" -> listener.onNext(json(health()));
                case "sdl" -> listener.onNext(new Result(catalog.fullSdl().getBytes(StandardCharsets.UTF_8)));
                case "subscriptions" -> listener.onNext(new Result(subscriptions.stats().toJson()
                        .getBytes(StandardCharsets.UTF_8)));
                case "cancel" -> listener.onNext(json(cancel(context, action.getBody())));
                default -> throw new InvalidRequestException("unknown action '" + action.getType()
                        + "'; this server knows health, sdl, cancel, subscriptions");
            }
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(FlightErrors.toFlight(e));
        }
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("source", runner.sourceKind());
        health.put("rootFields", catalog.entities().size());
        health.put("activeStreams", slots.inUse());
        health.put("maxStreams", slots.max());
        return health;
    }

    private Map<String, Object> cancel(CallContext context, byte[] body) {
        String queryId = CancelRequest.queryIdOf(body);
        int stopped = admission.cancel(queryId, peer(context));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("queryId", queryId);
        answer.put("cancelled", stopped);
        return answer;
    }

    @Override
    public void listActions(CallContext context, StreamListener<ActionType> listener) {
        listener.onNext(new ActionType("health", "server status as JSON"));
        listener.onNext(new ActionType("sdl", "the GraphQL schema this server answers, as SDL"));
        listener.onNext(new ActionType("cancel", "stops a running DoGet, DoExchange or HTTP request of yours; body:"
                + " its ticket from GetFlightInfo, {\"queryId\": \"...\"} or the bare query id"));
        listener.onNext(new ActionType("subscriptions", "live subscription counts as JSON"));
        listener.onCompleted();
    }

    private static Result json(Map<String, Object> body) {
        try {
            return new Result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an action result", e);
        }
    }

    private static String peer(CallContext context) {
        String peer = context.peerIdentity();
        return peer == null ? "" : peer;
    }

    /** The caller as Flight's auth set it: the peer identity as user id (none when unauthenticated), no org. */
    static Actor actor(CallContext context) {
        return context == null ? Actor.ANONYMOUS : new Actor(context.peerIdentity(), null);
    }

    private static byte[] commandOf(FlightDescriptor descriptor) {
        if (!descriptor.isCommand()) {
            throw new InvalidRequestException(
                    "use a command descriptor holding the GraphQL request JSON, not a path");
        }
        return descriptor.getCommand();
    }
}
