package dev.quiver.flight.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.flight.compile.GraphQLRequest;
import dev.quiver.flight.compile.InvalidRequestException;
import dev.quiver.flight.compile.RequestCompiler;
import dev.quiver.flight.compile.SelectPlan;
import dev.quiver.flight.control.RunningQueries;
import dev.quiver.flight.control.RunningQuery;
import dev.quiver.flight.control.StreamSlot;
import dev.quiver.flight.control.StreamSlots;
import dev.quiver.flight.exec.QueryExecutor;
import dev.quiver.flight.history.EventHistory;
import dev.quiver.flight.history.HistoryPlan;
import dev.quiver.flight.mutation.MutationPlan;
import dev.quiver.flight.mutation.Mutations;
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
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;

/**
 * Answers GraphQL over Arrow Flight: GetFlightInfo/GetSchema compile the request, DoGet streams its rows as
 * record batches from a server-side cursor, ListFlights lists one flight per root field, DoAction has
 * {@code health}, {@code sdl} and {@code cancel}. A {@code mutation} request goes to {@link FlightMutations}; a
 * {@code subscription} document to the {@link SubscriptionService}: an endless stream of live events that takes no
 * stream slot and has no query timeout.
 *
 * <p>Each DoGet takes one of the server's {@link StreamSlots} (none free: RESOURCE_EXHAUSTED) and runs as a
 * {@link RunningQuery} under the ticket's query id, bounded by the server's query timeout (TIMED_OUT) and stopped
 * by the {@code cancel} action (CANCELLED) or by the client cancelling the call or its deadline passing. However
 * the stream ends, its cursor is closed and its slot given back before the end reaches the client.
 */
public final class QuiverFlightProducer extends NoOpFlightProducer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalog catalog;
    private final RequestCompiler compiler;
    private final QueryExecutor executor;
    private final FlightMutations mutations;
    private final StreamSlots slots;
    private final RunningQueries queries;
    private final SubscriptionService subscriptions;
    private final EventHistory history;

    public QuiverFlightProducer(Catalog catalog, RequestCompiler compiler, QueryExecutor executor, Mutations mutations,
            StreamSlots slots, RunningQueries queries, SubscriptionService subscriptions, EventHistory history) {
        this.history = history;
        this.catalog = catalog;
        this.compiler = compiler;
        this.executor = executor;
        this.mutations = new FlightMutations(mutations, FlightMutations::peerIdentity);
        this.slots = slots;
        this.queries = queries;
        this.subscriptions = subscriptions;
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        try {
            GraphQLRequest request = requestOf(descriptor);
            if (subscriptions.handles(request)) { // an endless stream: row count unknown
                return new FlightInfo(subscriptions.schema(request), descriptor,
                        List.of(new FlightEndpoint(new Ticket(request.toJson()))), -1, -1);
            }
            java.util.Optional<FlightInfo> mutation = mutations.flightInfo(descriptor, request);
            if (mutation.isPresent()) {
                return mutation.get();
            }
            if (history.handles(request)) { // row count unknown until ClickHouse has answered
                HistoryPlan plan = history.compile(request);
                return new FlightInfo(plan.schema(), descriptor,
                        List.of(new FlightEndpoint(new Ticket(QueryTicket.issue(request).toJson()))), -1, -1);
            }
            SelectPlan plan = compiler.compile(request);
            Ticket ticket = new Ticket(QueryTicket.issue(request).toJson());
            try (RunningQuery estimate = queries.start(null, peer(context))) {
                return new FlightInfo(plan.schema(), descriptor, List.of(new FlightEndpoint(ticket)), -1,
                        executor.estimateRows(plan, estimate));
            }
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
    }

    @Override
    public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
        try {
            GraphQLRequest request = requestOf(descriptor);
            if (subscriptions.handles(request)) {
                return new SchemaResult(subscriptions.schema(request));
            }
            if (history.handles(request)) {
                return new SchemaResult(history.compile(request).schema());
            }
            java.util.Optional<MutationPlan> mutation = mutations.compile(request);
            return new SchemaResult(mutation.isPresent() ? mutation.get().schema() : compiler.compile(request).schema());
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        try {
            GraphQLRequest raw = QueryTicket.parse(ticket.getBytes()).request();
            if (subscriptions.handles(raw)) {
                subscriptions.subscribe(raw, listener); // returns at once; the stream goes on without this thread
                return;
            }
        } catch (RuntimeException e) {
            listener.error(FlightErrors.toFlight(e));
            return;
        }
        Runnable end;
        try (StreamSlot slot = slots.acquire()) {
            QueryTicket parsed = QueryTicket.parse(ticket.getBytes());
            try (RunningQuery query = queries.start(parsed.queryId(), peer(context))) {
                end = answer(context, parsed.request(), listener, query);
            }
        } catch (RuntimeException e) {
            FlightRuntimeException error = FlightErrors.toFlight(e);
            end = () -> listener.error(error);
        }
        // the slot and the query's registration are given back before the client can see its stream end, so a
        // client that has read everything may start its next stream at once (with --max-streams 1 it was refused
        // now and then)
        end.run();
    }

    /** Streams the answer to {@code request}; returns what ends the call (completed or error), not yet sent. */
    private Runnable answer(CallContext context, GraphQLRequest request, ServerStreamListener listener,
            RunningQuery query) {
        java.util.Optional<Runnable> mutation = mutations.stream(context, request, listener, query);
        if (mutation.isPresent()) {
            return mutation.get();
        }
        if (history.handles(request)) {
            HistoryPlan plan = history.compile(request);
            return stream(batches -> history.execute(plan, batches, query), query, listener);
        }
        SelectPlan plan = compiler.compile(request);
        return stream(batches -> executor.execute(plan, batches, query), query, listener);
    }

    /** What fills a DoGet: the table query executor or event history. */
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
                SelectPlan plan = compiler.compile(request);
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
        health.put("source", executor.sourceKind());
        health.put("rootFields", catalog.entities().size());
        health.put("activeStreams", slots.inUse());
        health.put("maxStreams", slots.max());
        return health;
    }

    private Map<String, Object> cancel(CallContext context, byte[] body) {
        String queryId = CancelRequest.queryIdOf(body);
        int stopped = queries.cancel(queryId, peer(context));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("queryId", queryId);
        answer.put("cancelled", stopped);
        return answer;
    }

    @Override
    public void listActions(CallContext context, StreamListener<ActionType> listener) {
        listener.onNext(new ActionType("health", "server status as JSON"));
        listener.onNext(new ActionType("sdl", "the GraphQL schema this server answers, as SDL"));
        listener.onNext(new ActionType("cancel", "stops a running DoGet; body: its ticket from GetFlightInfo,"
                + " {\"queryId\": \"...\"} or the bare query id"));
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

    private static GraphQLRequest requestOf(FlightDescriptor descriptor) {
        if (!descriptor.isCommand()) {
            throw new InvalidRequestException(
                    "use a command descriptor holding the GraphQL request JSON, not a path");
        }
        return GraphQLRequest.parse(descriptor.getCommand());
    }
}
