package dev.quiver.flight.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.flight.compile.GraphQLRequest;
import dev.quiver.flight.compile.InvalidRequestException;
import dev.quiver.flight.control.RunningQueries;
import java.io.IOException;

/**
 * What a DoGet ticket holds: the GraphQL request JSON, plus the {@code "queryId"} GetFlightInfo gave it so the
 * {@code cancel} action can stop the stream: {@code {"queryId": "...", "query": "...", "variables": {...}}}.
 * Tickets stay opaque to clients; a raw GraphQL request (no query id) is a valid ticket too.
 *
 * @param queryId the id to run the query under, or {@code null} (the server then makes one up)
 * @param request the GraphQL request
 */
record QueryTicket(String queryId, GraphQLRequest request) {
    static final String QUERY_ID = "queryId";
    /** Decimal numbers read exactly, as {@link GraphQLRequest#parse} reads them: the ticket is re-encoded below. */
    private static final ObjectMapper JSON = GraphQLRequest.exactJson();

    /** A ticket for {@code request} with a new query id. */
    static QueryTicket issue(GraphQLRequest request) {
        return new QueryTicket(RunningQueries.newQueryId(), request);
    }

    /** Reads ticket bytes; anything that is not a GraphQL request is an {@link InvalidRequestException}. */
    static QueryTicket parse(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            return new QueryTicket(null, GraphQLRequest.parse(bytes)); // reports what is wrong with it
        }
        if (!(root instanceof ObjectNode object) || !object.has(QUERY_ID)) {
            return new QueryTicket(null, GraphQLRequest.parse(bytes));
        }
        String queryId = queryIdOf(object.remove(QUERY_ID));
        try {
            return new QueryTicket(queryId, GraphQLRequest.parse(JSON.writeValueAsBytes(object)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-encode a parsed ticket", e);
        }
    }

    /** The query id in a ticket's (or a cancel action's) {@code "queryId"} field. */
    static String queryIdOf(JsonNode id) {
        if (id == null || !id.isTextual() || !RunningQueries.QUERY_ID.matcher(id.asText()).matches()) {
            throw new InvalidRequestException("\"" + QUERY_ID + "\" must be a string of 1 to 128 letters, digits or"
                    + " . _ : - (the id GetFlightInfo put into the ticket)");
        }
        return id.asText();
    }

    byte[] toJson() {
        try {
            ObjectNode ticket = JSON.createObjectNode();
            if (queryId != null) {
                ticket.put(QUERY_ID, queryId);
            }
            ticket.setAll((ObjectNode) JSON.readTree(request.toJson()));
            return JSON.writeValueAsBytes(ticket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a ticket", e);
        }
    }
}
