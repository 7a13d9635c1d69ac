package dev.quiver.flight.transport.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.quiver.flight.admission.Admission;
import dev.quiver.flight.auth.AuthenticatedUser;
import dev.quiver.flight.auth.Authenticator;
import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.metrics.RequestObservation;
import dev.quiver.flight.metrics.Transport;
import dev.quiver.flight.mutation.Actor;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.Plan;
import dev.quiver.flight.request.PlanRunner;
import dev.quiver.flight.request.QueryTicket;
import dev.quiver.flight.request.RequestPlanner;
import java.io.IOException;

/**
 * {@code /graphql}, the HTTP adapter of the one request path: authenticates, reads the request's JSON, has the
 * same {@link RequestPlanner} as Flight decode and prepare it, then answers by the plan's kind:
 * <ul>
 *   <li>a query, events query or mutation runs through the same {@link PlanRunner} under the same
 *       {@link Admission} as on Flight (stream slot, query id, {@code --query-timeout}, cancel), its batches
 *       streamed through a {@link JsonBatchStream}; the query id (the request's {@code "queryId"}, else a new one)
 *       is in the {@value #QUERY_ID_HEADER} header, for {@code POST /graphql/cancel}. A mutation must come by POST
 *       (GraphQL over HTTP: 405 for GET), and its field is its one row as an object;</li>
 *   <li>a subscription is answered as Server-Sent Events by the {@link EventStreams}.</li>
 * </ul>
 */
final class GraphQLHandler implements HttpHandler {
    static final String PATH = "/graphql";
    /** The response header naming the query id an answer runs under. */
    static final String QUERY_ID_HEADER = "Quiver-Query-Id";

    private final GraphQLRequestReader reader;
    private final RequestPlanner planner;
    private final PlanRunner runner;
    private final Admission admission;
    private final EventStreams eventStreams;
    private final QuiverMetrics metrics;
    private final Authenticator authenticator;
    private final WriteDeadline writeDeadline;

    GraphQLHandler(GraphQLRequestReader reader, RequestPlanner planner, PlanRunner runner, Admission admission,
                   EventStreams eventStreams, QuiverMetrics metrics, Authenticator authenticator,
                   WriteDeadline writeDeadline) {
        this.writeDeadline = writeDeadline;
        this.reader = reader;
        this.planner = planner;
        this.runner = runner;
        this.admission = admission;
        this.eventStreams = eventStreams;
        this.metrics = metrics;
        this.authenticator = authenticator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String contentType = HttpResponses.graphqlContentType(exchange);
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                HttpResponses.sendProblem(exchange, HttpProblem.notFound(exchange.getRequestURI().getPath()), contentType);
                return;
            }
            RequestObservation observation = metrics.begin(Transport.HTTP);
            try {
                answer(exchange, contentType, observation);
            } finally {
                observation.finish(Outcome.ERROR); // only if nothing above recorded how it ended (an Error was thrown)
            }
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange, String contentType, RequestObservation observation) throws IOException {
        JsonBatchStream stream = null;
        WriteDeadline.Watch writes = WriteDeadline.Watch.NONE;
        try {
            AuthenticatedUser user = HttpCaller.of(exchange, authenticator);
            QueryTicket ticket = planner.decode(reader.read(exchange));
            Plan plan = planner.prepare(ticket);
            if (plan instanceof Plan.Subscription subscription) {
                eventStreams.serve(exchange, subscription, user.name(), observation);
                return;
            }
            if (plan instanceof Plan.Mutation && exchange.getRequestMethod().equals("GET")) {
                throw HttpProblem.mutationOverGet(PATH);
            }
            Outcome outcome;
            // shared with Flight: no slot free answers 429 with Retry-After
            try (Admission.Admitted admitted = admission.admit(ticket.queryId(), user.name())) {
                exchange.getResponseHeaders().set(QUERY_ID_HEADER, admitted.query().id());
                writes = writeDeadline.watch(admitted.query()); // a write blocked too long, or past the query, ends
                stream = new JsonBatchStream(exchange, plan.resultKey(), contentType, observation,
                        plan instanceof Plan.Mutation, writes);
                try {
                    runner.run(plan, stream, admitted.query(), new Actor(user.name(), null));
                } catch (Exception e) {
                    throw admitted.query().explain(e); // a statement failing because the query was stopped: why
                }
                admitted.query().checkActive();
                outcome = stream.complete();
            }
            // the slot is free and the outcome counted before the response ends: a client that has read the whole
            // answer may send its next request at once (with --max-streams 1 it got a 429 now and then)
            observation.finish(outcome);
            stream.end();
        } catch (Exception e) {
            HttpProblem problem = HttpResponses.problemOf(e);
            observation.finish(problem.outcome());
            if (stream != null && stream.committed()) {
                stream.fail(problem);
            } else if (exchange.getResponseCode() == -1) {
                HttpResponses.sendProblem(exchange, problem, contentType);
            } // else an event stream was open: it has ended, and nothing more can be said
        } finally {
            writes.close();
        }
    }
}
