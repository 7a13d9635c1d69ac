package dev.quiver.flight.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.flight.admission.RunningQueries;

/**
 * What a request's bytes hold, decoded once: a Flight command or ticket, or an HTTP body, is the GraphQL request
 * JSON, plus the {@code "queryId"} to run it under so the {@code cancel} action can stop it:
 * {@code {"queryId": "...", "query": "...", "variables": {...}}}. Tickets stay opaque to clients; a raw GraphQL
 * request (no query id) is a valid ticket too, and runs under an id the server makes up.
 *
 * @param queryId the id to run the query under, or {@code null} (the server then makes one up)
 * @param request the GraphQL request
 */
public record QueryTicket(String queryId, GraphQLRequest request) {
    public static final String QUERY_ID = "queryId";
    /** Decimal numbers read exactly, as {@link GraphQLRequest#readJson} reads them. */
    private static final ObjectMapper JSON = GraphQLRequest.exactJson();

    /** A ticket for {@code request} with a new query id. */
    public static QueryTicket issue(GraphQLRequest request) {
        return new QueryTicket(RunningQueries.newQueryId(), request);
    }

    /**
     * Decodes request bytes: one JSON read, then the query id (if any) is taken out and the rest is the GraphQL
     * request. Anything that is not a GraphQL request is an {@link InvalidRequestException} saying what is wrong.
     */
    public static QueryTicket decode(byte[] bytes) {
        JsonNode root = GraphQLRequest.readJson(bytes);
        String queryId = null;
        if (root instanceof ObjectNode object && object.has(QUERY_ID)) {
            queryId = queryIdOf(object.remove(QUERY_ID));
        }
        return new QueryTicket(queryId, GraphQLRequest.of(root));
    }

    /** The query id in a ticket's (or a cancel request's) {@code "queryId"} field. */
    public static String queryIdOf(JsonNode id) {
        if (id == null || !id.isTextual() || !RunningQueries.QUERY_ID.matcher(id.asText()).matches()) {
            throw new InvalidRequestException("\"" + QUERY_ID + "\" must be a string of 1 to 128 letters, digits or"
                    + " . _ : - (the id GetFlightInfo put into the ticket)");
        }
        return id.asText();
    }

    public byte[] toJson() {
        ObjectNode ticket = JSON.createObjectNode();
        if (queryId != null) {
            ticket.put(QUERY_ID, queryId);
        }
        ticket.setAll(request.toJsonNode());
        try {
            return JSON.writeValueAsBytes(ticket);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a ticket", e);
        }
    }
}
