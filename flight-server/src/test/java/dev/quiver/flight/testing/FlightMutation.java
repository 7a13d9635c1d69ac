package dev.quiver.flight.testing;

import dev.quiver.flight.request.GraphQLRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightStream;

/** Runs a mutation the way clients do: one DoExchange whose command descriptor is the request JSON. */
public final class FlightMutation {
    private FlightMutation() {
    }

    /** The rows of the mutation's answer (one, the changed row), each as column name to value. */
    public static List<Map<String, Object>> run(FlightClient client, GraphQLRequest request, CallOption... options)
            throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (FlightClient.ExchangeReaderWriter exchange = client.doExchange(FlightDescriptor.command(request.toJson()),
                options)) {
            exchange.getWriter().completed(); // the request is all in the descriptor: nothing to upload
            FlightStream answer = exchange.getReader();
            while (answer.next()) {
                rows.addAll(ArrowRows.of(answer.getRoot()));
            }
        }
        return rows;
    }

    public static List<Map<String, Object>> run(FlightClient client, String mutation, CallOption... options)
            throws Exception {
        return run(client, GraphQLRequest.of(mutation), options);
    }
}
