package dev.quiver.client.fake;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A stand-in for the Quiver Flight service: records every command, ticket and caller, answers every query with
 * {@link FakeData}, and fails on request with the status a test sets. Like the real service it takes a mutation
 * only as a {@code DoExchange} (answered with {@link FakeData#MUTATION_SCHEMA}'s one changed row) and refuses it
 * on GetFlightInfo; which is which it tells by whether the request's document starts with {@code mutation}.
 */
public final class FakeQuiverProducer extends NoOpFlightProducer {
    public static final String HEALTH_JSON = "{\"status\":\"ok\",\"source\":\"fake\"}";
    public static final String SDL = "type Query {\n  users(limit: Int): [User!]!\n}\n";
    /** What the real server answers a mutation sent with GetFlightInfo or DoGet. */
    public static final String MUTATIONS_USE_DO_EXCHANGE = "a mutation is a write: send it with DoExchange (a command"
            + " descriptor holding this request JSON; the changed row comes back as one batch), so that it runs"
            + " exactly once. GetFlightInfo and DoGet only read";

    private final BufferAllocator allocator;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> tickets = new CopyOnWriteArrayList<>();
    private final List<String> peers = new CopyOnWriteArrayList<>();
    private final List<String> exchanges = new CopyOnWriteArrayList<>();
    private volatile CallStatus flightInfoFailure;
    private volatile CallStatus streamFailure;
    private volatile CallStatus exchangeFailure;
    private volatile URI secondEndpointLocation;
    private volatile String healthJson = HEALTH_JSON;
    private volatile boolean noEndpoints;
    private volatile PartedAnswer parted;

    FakeQuiverProducer(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /** The GetFlightInfo commands received, as UTF-8 text. */
    public List<String> commands() {
        return commands;
    }

    /** The DoGet tickets received, as UTF-8 text. */
    public List<String> tickets() {
        return tickets;
    }

    /** The DoExchange commands received (mutations), as UTF-8 text. */
    public List<String> exchanges() {
        return exchanges;
    }

    /** The authenticated peer of each GetFlightInfo ("" without auth). */
    public List<String> peers() {
        return peers;
    }

    public void failFlightInfo(CallStatus status) {
        flightInfoFailure = status;
    }

    public void failStream(CallStatus status) {
        streamFailure = status;
    }

    public void failExchange(CallStatus status) {
        exchangeFailure = status;
    }

    public void healthJson(String json) {
        healthJson = json;
    }

    /** Splits the result over two endpoints, the second at {@code location} (batch 0 first, then batch 1). */
    public void splitEndpoints(URI location) {
        secondEndpointLocation = location;
    }

    /** Answers every query with {@code answer}'s endpoints and streams. */
    public void answerInParts(PartedAnswer answer) {
        parted = answer;
    }

    /** Answers GetFlightInfo with the schema and no endpoint: an empty result. */
    public void answerWithoutEndpoints() {
        noEndpoints = true;
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        commands.add(new String(descriptor.getCommand(), StandardCharsets.UTF_8));
        peers.add(context.peerIdentity());
        CallStatus failure = flightInfoFailure;
        if (failure != null) {
            throw failure.toRuntimeException();
        }
        if (isMutation(descriptor)) {
            throw CallStatus.INVALID_ARGUMENT.withDescription(MUTATIONS_USE_DO_EXCHANGE).toRuntimeException();
        }
        PartedAnswer parts = parted;
        if (parts != null) {
            return parts.info(descriptor);
        }
        URI second = secondEndpointLocation;
        List<FlightEndpoint> endpoints = noEndpoints ? List.of() : second == null
                ? List.of(new FlightEndpoint(new Ticket(utf8("all"))))
                : List.of(new FlightEndpoint(new Ticket(utf8("batch-0"))),
                        new FlightEndpoint(new Ticket(utf8("batch-1")), new Location(second)));
        return new FlightInfo(FakeData.SCHEMA, descriptor, endpoints, -1, noEndpoints ? 0 : FakeData.ROWS);
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        String text = new String(ticket.getBytes(), StandardCharsets.UTF_8);
        tickets.add(text);
        PartedAnswer parts = parted;
        if (parts != null) {
            parts.stream(text, listener, allocator);
            return;
        }
        try (VectorSchemaRoot root = VectorSchemaRoot.create(FakeData.SCHEMA, allocator)) {
            listener.start(root);
            for (int batch = 0; batch < FakeData.BATCHES; batch++) {
                if (text.equals("all") || text.equals("batch-" + batch)) {
                    FakeData.fill(root, batch);
                    listener.putNext();
                }
                CallStatus failure = streamFailure;
                if (failure != null) {
                    listener.error(failure.toRuntimeException());
                    return;
                }
            }
            listener.completed();
        }
    }

    @Override
    public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
        FlightDescriptor descriptor = reader.getDescriptor();
        exchanges.add(new String(descriptor.getCommand(), StandardCharsets.UTF_8));
        CallStatus failure = exchangeFailure;
        if (failure == null && !isMutation(descriptor)) {
            failure = CallStatus.INVALID_ARGUMENT.withDescription(
                    "DoExchange runs mutations; this request is a query: read it with GetFlightInfo and DoGet");
        }
        if (failure != null) {
            writer.error(failure.toRuntimeException());
            return;
        }
        try (VectorSchemaRoot root = VectorSchemaRoot.create(FakeData.MUTATION_SCHEMA, allocator)) {
            writer.start(root);
            FakeData.fillChangedRow(root);
            writer.putNext();
            writer.completed();
        }
    }

    private static boolean isMutation(FlightDescriptor descriptor) {
        return new String(descriptor.getCommand(), StandardCharsets.UTF_8).startsWith("{\"query\":\"mutation");
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
        switch (action.getType()) {
            case "health" -> listener.onNext(new Result(utf8(healthJson)));
            case "sdl" -> listener.onNext(new Result(utf8(SDL)));
            default -> {
                listener.onError(CallStatus.UNIMPLEMENTED.withDescription("unknown action " + action.getType())
                        .toRuntimeException());
                return;
            }
        }
        listener.onCompleted();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
