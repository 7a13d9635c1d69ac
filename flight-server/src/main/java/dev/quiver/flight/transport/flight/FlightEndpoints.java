package dev.quiver.flight.transport.flight;

import dev.quiver.flight.query.KeyRange;
import dev.quiver.flight.request.QueryTicket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;

/**
 * The endpoints GetFlightInfo hands out for a query: at most {@code --max-endpoints}, one per key range in key order,
 * each on the next of the {@code --endpoint-locations} in turn (none: on this server, an endpoint without a
 * location). Every server is stateless and answers any ticket, so any of them may read any endpoint.
 */
public final class FlightEndpoints {
    private final int max;
    private final List<Location> locations;

    /**
     * @param max       most endpoints per query, at least 1
     * @param locations the servers to spread endpoints over, in turn; empty: this one
     */
    public FlightEndpoints(int max, List<URI> locations) {
        if (max < 1) {
            throw new IllegalArgumentException("most endpoints per query must be at least 1, got " + max);
        }
        this.max = max;
        this.locations = locations.stream().map(Location::new).toList();
    }

    /** One endpoint on this server, for every query. */
    public static FlightEndpoints single() {
        return new FlightEndpoints(1, List.of());
    }

    /** How many endpoints to split a query asking for {@code requested} over: no more than the server allows. */
    public int count(int requested) {
        return Math.min(requested, max);
    }

    /** The whole answer as one endpoint on this server (no location), as without several endpoints. */
    public List<FlightEndpoint> whole(QueryTicket ticket) {
        return List.of(new FlightEndpoint(new Ticket(ticket.toJson())));
    }

    /** One endpoint per range, in the ranges' order, each ticket the issued one narrowed to its range. */
    public List<FlightEndpoint> split(QueryTicket issued, List<KeyRange> ranges) {
        List<FlightEndpoint> endpoints = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            endpoints.add(endpoint(issued.withKeyRange(ranges.get(i)), i));
        }
        return endpoints;
    }

    private FlightEndpoint endpoint(QueryTicket ticket, int index) {
        Ticket bytes = new Ticket(ticket.toJson());
        return locations.isEmpty() ? new FlightEndpoint(bytes)
                : new FlightEndpoint(bytes, locations.get(index % locations.size()));
    }
}
