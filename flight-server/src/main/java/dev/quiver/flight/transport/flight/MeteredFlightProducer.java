package dev.quiver.flight.transport.flight;

import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.metrics.RequestObservation;
import dev.quiver.flight.metrics.Transport;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PollInfo;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;

/**
 * Measures the Flight transport for {@link QuiverMetrics} without touching the producer it wraps: every DoGet
 * and DoExchange is one request whose batches, rows, outcome and duration are read off its stream listener: it ends with the
 * listener's {@code completed()} or {@code error(...)} (so a producer may finish the stream after returning), or
 * as cancelled when the producer returns from a stream the client cancelled. Every other call passes straight
 * through.
 */
public final class MeteredFlightProducer implements FlightProducer {
    private final FlightProducer delegate;
    private final QuiverMetrics metrics;

    public MeteredFlightProducer(FlightProducer delegate, QuiverMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        metered(listener, metered -> delegate.getStream(context, ticket, metered));
    }

    /** A mutation is one request too, measured like a DoGet. */
    @Override
    public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
        metered(writer, metered -> delegate.doExchange(context, reader, metered));
    }

    private void metered(ServerStreamListener listener, java.util.function.Consumer<ServerStreamListener> call) {
        RequestObservation observation = metrics.begin(Transport.FLIGHT);
        try {
            call.accept(new MeteredStreamListener(listener, observation));
        } catch (RuntimeException | Error e) {
            observation.finish(e instanceof FlightRuntimeException
                    ? outcomeOf((FlightRuntimeException) e) : Outcome.ERROR);
            throw e;
        } finally {
            if (listener.isCancelled()) {
                // the producer saw the cancellation and returned without completing or failing the stream
                observation.finish(Outcome.CANCELLED);
            }
        }
    }

    static Outcome outcomeOf(Throwable error) {
        return error instanceof FlightRuntimeException flight ? Outcome.of(FlightErrors.statusOf(flight))
                : Outcome.of(error);
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
        delegate.listFlights(context, criteria, listener);
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        return delegate.getFlightInfo(context, descriptor);
    }

    @Override
    public PollInfo pollFlightInfo(CallContext context, FlightDescriptor descriptor) {
        return delegate.pollFlightInfo(context, descriptor);
    }

    @Override
    public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
        return delegate.getSchema(context, descriptor);
    }

    @Override
    public Runnable acceptPut(CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return delegate.acceptPut(context, flightStream, ackStream);
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
        delegate.doAction(context, action, listener);
    }

    @Override
    public void listActions(CallContext context, StreamListener<ActionType> listener) {
        delegate.listActions(context, listener);
    }
}
