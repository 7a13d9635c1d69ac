package dev.quiver.flight.transport.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.quiver.flight.admission.Admission;
import dev.quiver.flight.auth.AuthenticatedUser;
import dev.quiver.flight.auth.Authenticator;
import dev.quiver.flight.request.CancelRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code POST /graphql/cancel}, the HTTP twin of Flight's {@code cancel} action: stops the queries the caller runs
 * under a query id, on either transport. The body takes the action's forms ({@link CancelRequest}): the query's
 * request JSON with its {@code "queryId"} (a Flight ticket), {@code {"queryId": "..."}}, or the bare id as
 * {@code text/plain}. Authenticated like {@code /graphql}; only the user who started a query may cancel it. Answers
 * {@code 200 {"queryId": "...", "cancelled": n}} (n is 0 when the query was stopping already), 404 NOT_FOUND when no
 * such query of the caller's is running.
 */
final class CancelHandler implements HttpHandler {
    static final String PATH = GraphQLHandler.PATH + "/cancel";

    private final GraphQLRequestReader reader;
    private final Admission admission;
    private final Authenticator authenticator;

    CancelHandler(GraphQLRequestReader reader, Admission admission, Authenticator authenticator) {
        this.reader = reader;
        this.admission = admission;
        this.authenticator = authenticator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                throw HttpProblem.notFound(exchange.getRequestURI().getPath());
            }
            AuthenticatedUser user = HttpCaller.of(exchange, authenticator);
            String queryId = CancelRequest.queryIdOf(reader.readCancel(exchange, PATH));
            int cancelled = admission.cancel(queryId, user.name());
            ByteArrayOutputStream body = new ByteArrayOutputStream(128);
            try (JsonGenerator json = HttpResponses.JSON.createGenerator(body)) {
                json.writeStartObject();
                json.writeStringField("queryId", queryId);
                json.writeNumberField("cancelled", cancelled);
                json.writeEndObject();
            }
            HttpResponses.send(exchange, 200, HttpResponses.JSON_TYPE, body.toByteArray());
        } catch (Exception e) {
            HttpResponses.sendProblem(exchange, HttpResponses.problemOf(e), HttpResponses.JSON_TYPE);
        } finally {
            exchange.close();
        }
    }
}
