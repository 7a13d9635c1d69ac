package dev.quiver.flight.server;

import dev.quiver.flight.arrow.ResultSetBatcher;
import dev.quiver.flight.compile.GraphQLRequest;
import dev.quiver.flight.compile.RequestCompiler;
import dev.quiver.flight.compile.SelectPlan;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.source.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers GraphQL over Arrow Flight: GetFlightInfo/GetSchema compile the request, DoGet streams its rows as
 * record batches from a server-side cursor, ListFlights lists one flight per root field, DoAction has
 * {@code health} and {@code sdl}.
 */
public final class QuiverFlightProducer extends NoOpFlightProducer {
    private static final Logger LOG = LoggerFactory.getLogger(QuiverFlightProducer.class);
    private static final long READY_TIMEOUT_MILLIS = 30_000;

    private final Catalog catalog;
    private final RequestCompiler compiler;
    private final Database database;
    private final BufferAllocator allocator;
    private final int batchRows;

    public QuiverFlightProducer(Catalog catalog, RequestCompiler compiler, Database database, BufferAllocator allocator,
                                int batchRows) {
        this.catalog = catalog;
        this.compiler = compiler;
        this.database = database;
        this.allocator = allocator;
        this.batchRows = batchRows;
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        try {
            GraphQLRequest request = requestOf(descriptor);
            SelectPlan plan = compiler.compile(request);
            return new FlightInfo(plan.schema(), descriptor,
                    List.of(new FlightEndpoint(new Ticket(request.toJson()))), -1, estimateRows(plan));
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
    }

    @Override
    public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
        try {
            return new SchemaResult(compiler.compile(requestOf(descriptor)).schema());
        } catch (RuntimeException e) {
            throw FlightErrors.toFlight(e);
        }
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        SelectPlan plan;
        try {
            plan = compiler.compile(GraphQLRequest.parse(ticket.getBytes()));
        } catch (RuntimeException e) {
            listener.error(FlightErrors.toFlight(e));
            return;
        }
        long rows = 0;
        try (Connection connection = database.connect();
             PreparedStatement statement = prepare(connection, plan);
             ResultSet results = statement.executeQuery();
             VectorSchemaRoot root = VectorSchemaRoot.create(plan.schema(), allocator)) {
            BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
            backpressure.register(listener);
            listener.start(root);
            ResultSetBatcher batcher = new ResultSetBatcher(results, plan.columns(), root, batchRows);
            int count;
            while ((count = batcher.next()) > 0) {
                BackpressureStrategy.WaitResult wait = backpressure.waitForListener(READY_TIMEOUT_MILLIS);
                if (wait == BackpressureStrategy.WaitResult.CANCELLED || listener.isCancelled()) {
                    LOG.info("client cancelled {} after {} rows", plan.entity().rootField(), rows);
                    return;
                }
                if (wait == BackpressureStrategy.WaitResult.TIMEOUT) {
                    listener.error(CallStatus.TIMED_OUT.withDescription("the client did not read for "
                            + READY_TIMEOUT_MILLIS / 1000 + " s").toRuntimeException());
                    return;
                }
                listener.putNext();
                rows += count;
            }
            listener.completed();
            LOG.debug("streamed {} rows of {}", rows, plan.entity().rootField());
        } catch (SQLException | RuntimeException e) {
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
                String health = "{\"status\":\"ok\",\"source\":\"" + database.kind() + "\",\"rootFields\":"
                        + catalog.entities().size() + "}";
                listener.onNext(new Result(health.getBytes(StandardCharsets.UTF_8)));
                listener.onCompleted();
                break;
            case "sdl":
                listener.onNext(new Result(catalog.fullSdl().getBytes(StandardCharsets.UTF_8)));
                listener.onCompleted();
                break;
            default:
                listener.onError(CallStatus.INVALID_ARGUMENT.withDescription("unknown action '" + action.getType()
                        + "'; this server knows health, sdl").toRuntimeException());
        }
    }

    @Override
    public void listActions(CallContext context, StreamListener<ActionType> listener) {
        listener.onNext(new ActionType("health", "server status as JSON"));
        listener.onNext(new ActionType("sdl", "the GraphQL schema this server answers, as SDL"));
        listener.onCompleted();
    }

    private static GraphQLRequest requestOf(FlightDescriptor descriptor) {
        if (!descriptor.isCommand()) {
            throw new dev.quiver.flight.compile.InvalidRequestException(
                    "use a command descriptor holding the GraphQL request JSON, not a path");
        }
        return GraphQLRequest.parse(descriptor.getCommand());
    }

    private long estimateRows(SelectPlan plan) {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(plan.countSql())) {
            bind(statement, plan);
            try (ResultSet count = statement.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        } catch (SQLException e) {
            LOG.warn("row estimate failed for {}: {}", plan.entity().rootField(), e.getMessage());
            return -1;
        }
    }

    private PreparedStatement prepare(Connection connection, SelectPlan plan) throws SQLException {
        connection.setAutoCommit(false); // PostgreSQL streams through a cursor only inside a transaction
        connection.setReadOnly(true);
        PreparedStatement statement = connection.prepareStatement(plan.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(batchRows);
        bind(statement, plan);
        return statement;
    }

    private static void bind(PreparedStatement statement, SelectPlan plan) throws SQLException {
        List<Object> parameters = plan.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
