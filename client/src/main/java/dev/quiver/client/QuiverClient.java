package dev.quiver.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quiver.client.internal.BatchStreams;
import dev.quiver.client.internal.Connection;
import dev.quiver.client.internal.EndpointStreams;
import dev.quiver.client.internal.FlightConnections;
import dev.quiver.client.internal.FlightErrors;
import dev.quiver.client.internal.JsonValues;
import dev.quiver.client.internal.MutationExchange;
import dev.quiver.client.internal.ParallelEndpointStreams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.table.Table;

/**
 * A connection to a Quiver server: GraphQL in, Arrow record batches out, over Arrow Flight.
 *
 * <pre>{@code
 * try (QuiverClient quiver = QuiverClient.connect(QuiverClientConfig.fromEnvironment());
 *      Table users = quiver.queryTable("{ users(limit: 5) { id name } }", Map.of())) {
 *     users.forEach(row -> System.out.println(row.getVarCharObj("name")));
 * }
 * }</pre>
 *
 * <p>Each query is one {@code GetFlightInfo} (schema, row estimate, endpoints) followed by one {@code DoGet} per
 * endpoint, one after the other, or several at once when the query asks for several endpoints
 * ({@link QuiverClientConfig#endpoints()}, {@link #query(QueryRequest, int)}); each mutation ({@link #mutate}) is one {@code DoExchange}. The client is thread-safe; each
 * {@link QueryResult} is read by one thread.
 *
 * <p>Lifecycle: {@link #connect} (authenticates when credentials are configured), any number of calls,
 * {@link #close()}: closes the open results, then the Flight connections, then the client's allocator. Tables
 * from {@link #queryTable} and {@link #mutate} live in that allocator: close them first.
 */
public final class QuiverClient implements AutoCloseable {
    private final QuiverClientConfig config;
    private final BufferAllocator ownedRoot;
    private final BufferAllocator allocator;
    private final FlightConnections connections;
    private final Set<QueryResult> openResults = ConcurrentHashMap.newKeySet();

    private QuiverClient(QuiverClientConfig config, BufferAllocator ownedRoot, BufferAllocator allocator,
            FlightConnections connections) {
        this.config = config;
        this.ownedRoot = ownedRoot;
        this.allocator = allocator;
        this.connections = connections;
    }

    /** Connects with a private root allocator. */
    public static QuiverClient connect(QuiverClientConfig config) {
        RootAllocator root = new RootAllocator();
        try {
            return connect(config, root, root);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** Connects, taking the client's buffers from a child of {@code parent}. */
    public static QuiverClient connect(QuiverClientConfig config, BufferAllocator parent) {
        return connect(config, parent, null);
    }

    private static QuiverClient connect(QuiverClientConfig config, BufferAllocator parent, BufferAllocator owned) {
        BufferAllocator child = parent.newChildAllocator("quiver-client", 0, parent.getLimit());
        try {
            return new QuiverClient(config, owned, child, new FlightConnections(config, child));
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    public QuiverClientConfig config() {
        return config;
    }

    /** The allocator this client's results and tables use. */
    public BufferAllocator allocator() {
        return allocator;
    }

    public QueryResult query(String graphql) {
        return query(QueryRequest.of(graphql));
    }

    public QueryResult query(String graphql, Map<String, ?> variables) {
        return query(QueryRequest.of(graphql, variables));
    }

    /**
     * Asks the server for the query's FlightInfo; the rows are streamed as the result is read.
     *
     * @throws QuiverQueryException when the server rejects the query or cannot be reached
     * @throws IllegalArgumentException when a variable value has no JSON form (see {@link QueryRequest})
     */
    public QueryResult query(QueryRequest request) {
        return query(request, config.endpoints());
    }

    /**
     * Like {@link #query(QueryRequest)}, asking the server to split the answer over up to {@code endpoints} endpoints
     * (it gives at most its {@code --max-endpoints}, and one for a query it cannot split by key: one with an
     * {@code offset}, or ordered by anything but the key). Up to that many endpoints are read at once, each on a
     * thread of the result's own, a few batches ahead; the batches come in endpoint order, so the answer is the one
     * endpoint's, except that a plain list with a {@code limit} (which has no order) holds its first rows by key.
     *
     * @throws IllegalArgumentException when {@code endpoints} is below 1
     */
    public QueryResult query(QueryRequest request, int endpoints) {
        if (endpoints < 1) {
            throw new IllegalArgumentException("endpoints must be at least 1, got " + endpoints);
        }
        Connection primary = connections.primary();
        FlightInfo info;
        try {
            info = primary.client().getInfo(FlightDescriptor.command(request.toCommandBytes(endpoints)),
                    primary.options());
        } catch (FlightRuntimeException e) {
            throw FlightErrors.toQuiver(e, primary.uri());
        }
        BatchStreams streams = endpoints > 1 && info.getEndpoints().size() > 1
                ? new ParallelEndpointStreams(connections, info.getEndpoints(), endpoints, allocator)
                : new EndpointStreams(connections, info.getEndpoints());
        QueryResult result = new QueryResult(info.getSchemaOptional().orElse(null), info.getRecords(), streams,
                allocator, openResults::remove);
        openResults.add(result);
        return result;
    }

    /** Runs the query and reads the whole result into one table; close the table before this client. */
    public Table queryTable(String graphql, Map<String, ?> variables) {
        return queryTable(QueryRequest.of(graphql, variables));
    }

    public Table queryTable(QueryRequest request) {
        try (QueryResult result = query(request)) {
            return result.toTable();
        }
    }

    public Table mutate(String graphql) {
        return mutate(QueryRequest.of(graphql));
    }

    public Table mutate(String graphql, Map<String, ?> variables) {
        return mutate(QueryRequest.of(graphql, variables));
    }

    /**
     * Runs a GraphQL {@code mutation} once and returns what it changed: one row per call, with the columns the
     * mutation selects. The write goes as one {@code DoExchange} to the server this client was configured with
     * (a mutation is not spread over endpoints). The server refuses a mutation sent with {@link #query}, and a
     * query sent here. The write is done by the time the row arrives, so it comes as a whole table, not a stream:
     * close it before this client.
     *
     * <p>The client never sends a mutation twice. A call that fails with {@link ErrorCode#TIMED_OUT}, or with
     * {@link ErrorCode#UNAVAILABLE} once the server had the request (any but "server not reachable"), may still
     * have been applied: read the row back before sending it again, even though
     * {@link QuiverQueryException#isRetryable()} says the call may work later.
     *
     * @throws QuiverQueryException when the server rejects the mutation ({@link ErrorCode#INVALID_QUERY} also for a
     *                              query sent here) or cannot be reached
     * @throws IllegalArgumentException when a variable value has no JSON form (see {@link QueryRequest})
     */
    public Table mutate(QueryRequest request) {
        return MutationExchange.run(connections.primary(), request.toJsonBytes(), allocator);
    }

    /** The {@code health} action: {@code {"status": "ok", ...}} when the server is healthy. */
    public HealthStatus health() {
        String json = singleTextResult("health");
        Map<String, Object> fields;
        try {
            fields = JsonValues.parseObject(json);
        } catch (JsonProcessingException e) {
            throw new QuiverQueryException(ErrorCode.INTERNAL, "the health answer is not a JSON object: "
                    + JsonValues.describe(e, json), config.uri(), e);
        }
        Object status = fields.get("status");
        return new HealthStatus(status == null ? null : status.toString(), fields, json);
    }

    /** The {@code sdl} action: the server's GraphQL schema as SDL text. */
    public String sdl() {
        return singleTextResult("sdl");
    }

    private String singleTextResult(String actionType) {
        Connection primary = connections.primary();
        try {
            Iterator<Result> results = primary.client().doAction(new Action(actionType), primary.options());
            StringBuilder text = new StringBuilder();
            while (results.hasNext()) {
                text.append(new String(results.next().getBody(), StandardCharsets.UTF_8));
            }
            return text.toString();
        } catch (FlightRuntimeException e) {
            throw FlightErrors.toQuiver(e, primary.uri());
        }
    }

    /**
     * Closes the open results, the Flight connections and the allocator, in that order; every step runs even if
     * an earlier one fails. An allocator that still holds buffers (an unclosed {@link Table}) fails here.
     */
    @Override
    public void close() {
        List<AutoCloseable> inOrder = new ArrayList<>(openResults);
        inOrder.add(connections);
        inOrder.add(allocator);
        if (ownedRoot != null) {
            inOrder.add(ownedRoot);
        }
        try {
            AutoCloseables.close(inOrder);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("closing the Quiver client failed", e);
        }
    }
}
