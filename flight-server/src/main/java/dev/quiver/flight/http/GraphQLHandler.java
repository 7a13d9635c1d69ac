package dev.quiver.flight.http;

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
 * same {@link RequestPlanner} as Flight decode and prepare it, and runs the plan through the same
 * {@link PlanRunner} under the same {@link Admission} (stream slot, query id, timeout, cancel), streaming its
 * batches through a {@link JsonBatchStream}.
 */
final class GraphQLHandler implements HttpHandler {
    static final String PATH = "/graphql";

    private final GraphQLRequestReader reader;
    private final RequestPlanner planner;
    private final PlanRunner runner;
    private final Admission admission;
    private final QuiverMetrics metrics;
    private final Authenticator authenticator;

    GraphQLHandler(GraphQLRequestReader reader, RequestPlanner planner, PlanRunner runner, Admission admission,
                   QuiverMetrics metrics, Authenticator authenticator) {
        this.reader = reader;
        this.planner = planner;
        this.runner = runner;
        this.admission = admission;
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
        try {
            AuthenticatedUser user = authenticator.enabled() // the same users and tokens as Flight
                    ? authenticator.authenticate(exchange.getRequestHeaders().getFirst("Authorization"))
                    : AuthenticatedUser.ANONYMOUS;
            QueryTicket ticket = planner.decode(reader.read(exchange));
            Plan plan = planner.prepare(ticket.request());
            if (plan instanceof Plan.Subscription) {
                throw new InvalidRequestException("subscriptions are served over Flight (DoGet) only for now");
            }
            Outcome outcome;
            // shared with Flight: no slot free answers 429 with Retry-After
            try (Admission.Admitted admitted = admission.admit(ticket.queryId(), user.name())) {
                stream = new JsonBatchStream(exchange, plan.resultKey(), contentType, observation);
                runner.run(plan, stream, admitted.query(), new Actor(user.name(), null));
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
            } else {
                HttpResponses.sendProblem(exchange, problem, contentType);
            }
        }
    }
}
