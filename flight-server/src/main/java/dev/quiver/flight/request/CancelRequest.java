package dev.quiver.flight.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.flight.admission.RunningQueries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The body of the {@code cancel} action, naming the query to stop in one of three forms: the ticket itself (as
 * GetFlightInfo returned it), {@code {"queryId": "..."}}, or the bare query id as UTF-8 text.
 */
public final class CancelRequest {
    public static final String USAGE = "send the query's ticket, {\"queryId\": \"...\"} or the bare query id as the"
            + " cancel action's body";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CancelRequest() {
    }

    public static String queryIdOf(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new InvalidRequestException("cancel needs to know which query: " + USAGE);
        }
        if (!text.startsWith("{")) {
            if (!RunningQueries.QUERY_ID.matcher(text).matches()) {
                throw new InvalidRequestException("'" + abbreviate(text) + "' is not a query id; " + USAGE);
            }
            return text;
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new InvalidRequestException("the cancel body is not JSON; " + USAGE);
        }
        if (!root.has(QueryTicket.QUERY_ID)) {
            throw new InvalidRequestException("the cancel body has no \"" + QueryTicket.QUERY_ID + "\" (a ticket from"
                    + " ListFlights or a raw GraphQL request has none: only GetFlightInfo's tickets can be cancelled); "
                    + USAGE);
        }
        return QueryTicket.queryIdOf(root.get(QueryTicket.QUERY_ID));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
