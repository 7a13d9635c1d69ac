package dev.quiver.flight.server;

import dev.quiver.flight.compile.GraphQLRequest;
import dev.quiver.flight.compile.RequestCompiler;
import dev.quiver.flight.compile.SelectPlan;
import dev.quiver.flight.exec.QueryExecutor;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.subscription.SubscriptionService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;

/**
 * Answers GraphQL over Arrow Flight: GetFlightInfo/GetSchema compile the request, DoGet streams its rows as
 * record batches from a server-side cursor, ListFlights lists one flight per root field, DoAction has
 * {@code health}, {@code sdl} and {@code subscriptions}. A {@code subscription} document goes to the
 * {@link SubscriptionService} instead: an endless stream of live events.
 */
public final class QuiverFlightProducer extends NoOpFlightProducer {

    private final Catalog catalog;
    private final RequestCompiler compiler;
    private final QueryExecutor executor;
    private final SubscriptionService subscriptions;

    public QuiverFlightProducer(Catalog catalog, RequestCompiler compiler, QueryExecutor executor,
                                SubscriptionService subscriptions) {
        this.catalog = catalog;
        this.compiler = compiler;
        this.executor = executor;
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
            SelectPlan plan = compiler.compile(request);
            return new FlightInfo(plan.schema(), descriptor,
                    List.of(new FlightEndpoint(new Ticket(request.toJson()))), -1, executor.estimateRows(plan));
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
            return new SchemaResult(compiler.compile(request).schema());
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        SelectPlan plan;
        try {
            GraphQLRequest request = GraphQLRequest.parse(ticket.getBytes());
            if (subscriptions.handles(request)) {
                subscriptions.subscribe(request, listener); // returns at once; the stream goes on without this thread
                return;
            }
            plan = compiler.compile(request);
        } catch (RuntimeException e) {
            listener.error(FlightErrors.toFlight(e));
            return;
        }
        try {
            executor.execute(plan, new FlightBatchStream(listener));
            if (!listener.isCancelled()) {
                listener.completed();
            }
        } catch (Exception e) {
            listener.error(FlightErrors.toFlight(e));
        }
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
        switch (action.getType()) {
            case "health":
                String health = "{\"status\":\"ok\",\"source\":\"" + executor.sourceKind() + "\",\"rootFields\":"
                        + catalog.entities().size() + "}";
                listener.onNext(new Result(health.getBytes(StandardCharsets.UTF_8)));
                listener.onCompleted();
                break;
            case "subscriptions":
                listener.onNext(new Result(subscriptions.stats().toJson().getBytes(StandardCharsets.UTF_8)));
                listener.onCompleted();
                break;
            case "sdl":
                listener.onNext(new Result(catalog.fullSdl().getBytes(StandardCharsets.UTF_8)));
                listener.onCompleted();
                break;
            default:
                listener.onError(CallStatus.INVALID_ARGUMENT.withDescription("unknown action '" + action.getType()
                        + "'; this server knows health, sdl, subscriptions").toRuntimeException());
        }
    }

    @Override
    public void listActions(CallContext context, StreamListener<ActionType> listener) {
        listener.onNext(new ActionType("health", "server status as JSON"));
        listener.onNext(new ActionType("sdl", "the GraphQL schema this server answers, as SDL"));
        listener.onNext(new ActionType("subscriptions", "live subscription counts as JSON"));
        listener.onCompleted();
    }

    private static GraphQLRequest requestOf(FlightDescriptor descriptor) {
        if (!descriptor.isCommand()) {
            throw new dev.quiver.flight.compile.InvalidRequestException(
                    "use a command descriptor holding the GraphQL request JSON, not a path");
        }
        return GraphQLRequest.parse(descriptor.getCommand());
    }
}
