package dev.quiver.flight.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.flight.admission.RunningQueries;
import dev.quiver.flight.query.KeyRange;

/**
 * What a request's bytes hold, decoded once: a Flight command or ticket, or an HTTP body, is the GraphQL request
 * JSON, plus the {@code "queryId"} to run it under so the {@code cancel} action can stop it:
 * {@code {"queryId": "...", "query": "...", "variables": {...}}}. Tickets stay opaque to clients; a raw GraphQL
 * request (no query id) is a valid ticket too, and runs under an id the server makes up.
 *
 * <p>Two more keys split a query over several endpoints: a GetFlightInfo command may carry {@code "endpoints": k},
 * how many endpoints the client would read at once (at most the server's {@code --max-endpoints}), and each ticket of
 * a split query carries {@code "keyRange": [lower, upper]}, the keys its endpoint reads, both ends included. A range
 * can only narrow what the query returns.
 *
 * @param queryId   the id to run the query under, or {@code null} (the server then makes one up)
 * @param request   the GraphQL request
 * @param endpoints how many endpoints the request asks for; 1 when it does not say
 * @param keyRange  the keys this ticket's endpoint reads, or {@code null} for the whole answer
 */
public record QueryTicket(String queryId, GraphQLRequest request, int endpoints, KeyRange keyRange) {
    public static final String QUERY_ID = "queryId";
    public static final String ENDPOINTS = "endpoints";
    public static final String KEY_RANGE = "keyRange";
    /** Decimal numbers read exactly, as {@link GraphQLRequest#readJson} reads them. */
    private static final ObjectMapper JSON = GraphQLRequest.exactJson();

    public QueryTicket {
        if (endpoints < 1) {
            throw new IllegalArgumentException("endpoints must be at least 1, got " + endpoints);
        }
    }

    /** A ticket for the whole answer, asking for one endpoint. */
    public QueryTicket(String queryId, GraphQLRequest request) {
        this(queryId, request, 1, null);
    }

    /** A ticket for {@code request} with a new query id. */
    public static QueryTicket issue(GraphQLRequest request) {
        return new QueryTicket(RunningQueries.newQueryId(), request);
    }

    /** This ticket for the keys in {@code range} only. */
    public QueryTicket withKeyRange(KeyRange range) {
        return new QueryTicket(queryId, request, 1, range);
    }

    /**
     * Decodes request bytes: one JSON read, then the query id (if any) is taken out and the rest is the GraphQL
     * request. Anything that is not a GraphQL request is an {@link InvalidRequestException} saying what is wrong.
     */
    public static QueryTicket decode(byte[] bytes) {
        JsonNode root = GraphQLRequest.readJson(bytes);
        String queryId = null;
        int endpoints = 1;
        KeyRange range = null;
        if (root instanceof ObjectNode object) {
            if (object.has(QUERY_ID)) {
                queryId = queryIdOf(object.remove(QUERY_ID));
            }
            if (object.has(ENDPOINTS)) {
                endpoints = endpointsOf(object.remove(ENDPOINTS));
            }
            if (object.has(KEY_RANGE)) {
                range = keyRangeOf(object.remove(KEY_RANGE));
            }
        }
        return new QueryTicket(queryId, GraphQLRequest.of(root), endpoints, range);
    }

    private static int endpointsOf(JsonNode count) {
        if (count == null || !count.isIntegralNumber() || !count.canConvertToInt() || count.intValue() < 1) {
            throw new InvalidRequestException("\"" + ENDPOINTS + "\" must be a whole number of 1 or more: how many"
                    + " endpoints GetFlightInfo may split the answer over (the server hands out at most its"
                    + " --max-endpoints), got " + count);
        }
        return count.intValue();
    }

    private static KeyRange keyRangeOf(JsonNode range) {
        if (range == null || !range.isArray() || range.size() != 2 || !isLong(range.get(0)) || !isLong(range.get(1))
                || range.get(0).longValue() > range.get(1).longValue()) {
            throw new InvalidRequestException("\"" + KEY_RANGE + "\" must be [lower, upper], two whole numbers with"
                    + " lower <= upper (use the tickets GetFlightInfo hands out), got " + range);
        }
        return new KeyRange(range.get(0).longValue(), range.get(1).longValue());
    }

    private static boolean isLong(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToLong();
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
        if (endpoints != 1) {
            ticket.put(ENDPOINTS, endpoints);
        }
        if (keyRange != null) {
            ticket.putArray(KEY_RANGE).add(keyRange.lower()).add(keyRange.upper());
        }
        try {
            return JSON.writeValueAsBytes(ticket);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a ticket", e);
        }
    }
}
