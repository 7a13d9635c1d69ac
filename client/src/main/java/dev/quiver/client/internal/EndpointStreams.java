package dev.quiver.client.internal;

import java.util.List;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads the endpoints of one FlightInfo in order, one {@code DoGet} stream at a time, as a single sequence of
 * batches. The {@link VectorSchemaRoot} handed out belongs to the current stream and is refilled (or closed) by
 * the next call to {@link #hasNext()}: copy what must outlive it.
 */
public final class EndpointStreams extends BatchStreams {
    private final FlightConnections connections;
    private final List<FlightEndpoint> endpoints;
    private int nextEndpoint;
    private FlightStream current;
    private Connection currentConnection;

    public EndpointStreams(FlightConnections connections, List<FlightEndpoint> endpoints) {
        this.connections = connections;
        this.endpoints = List.copyOf(endpoints);
    }

    /** The schema the first stream announces, opening it if needed; {@code null} when there is no endpoint. */
    @Override
    public Schema firstStreamSchema() {
        if (current == null && !openNext()) {
            return null;
        }
        try {
            return current.getSchema();
        } catch (FlightRuntimeException e) {
            throw FlightErrors.toQuiver(e, currentConnection.uri());
        }
    }

    @Override
    protected VectorSchemaRoot root() {
        return current.getRoot();
    }

    @Override
    protected boolean advance() {
        while (true) {
            if (current == null && !openNext()) {
                return false;
            }
            try {
                if (current.next()) {
                    return true;
                }
            } catch (FlightRuntimeException e) {
                throw FlightErrors.toQuiver(e, currentConnection.uri());
            }
            closeCurrent();
        }
    }

    private boolean openNext() {
        if (nextEndpoint >= endpoints.size()) {
            return false;
        }
        FlightEndpoint endpoint = endpoints.get(nextEndpoint++);
        currentConnection = connections.forEndpoint(endpoint);
        try {
            current = currentConnection.client().getStream(endpoint.getTicket(), currentConnection.options());
        } catch (FlightRuntimeException e) {
            throw FlightErrors.toQuiver(e, currentConnection.uri());
        }
        return true;
    }

    private void closeCurrent() {
        FlightStream stream = current;
        current = null;
        if (stream != null) {
            try {
                stream.close();
            } catch (FlightRuntimeException e) {
                throw FlightErrors.toQuiver(e, currentConnection.uri());
            } catch (Exception e) {
                throw new IllegalStateException("closing the result stream failed", e);
            }
        }
    }

    @Override
    public void close() {
        finish();
        closeCurrent();
    }
}
