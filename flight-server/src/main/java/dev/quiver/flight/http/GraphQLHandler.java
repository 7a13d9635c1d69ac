package dev.quiver.flight.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.quiver.flight.auth.Authenticator;
import dev.quiver.flight.compile.RequestCompiler;
import dev.quiver.flight.compile.SelectPlan;
import dev.quiver.flight.control.StreamSlot;
import dev.quiver.flight.control.StreamSlots;
import dev.quiver.flight.exec.QueryExecutor;
import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.metrics.RequestObservation;
import dev.quiver.flight.metrics.Transport;
import java.io.IOException;

/**
 * {@code /graphql}: reads the request, compiles it with the same {@link RequestCompiler} as Flight, and
 * streams the {@link QueryExecutor}'s batches through a {@link JsonBatchStream}.
 */
final class GraphQLHandler implements HttpHandler {
    static final String PATH = "/graphql";

    private final GraphQLRequestReader reader;
    private final RequestCompiler compiler;
    private final QueryExecutor executor;
    private final QuiverMetrics metrics;
    private final Authenticator authenticator;
    private final StreamSlots slots;

    GraphQLHandler(GraphQLRequestReader reader, RequestCompiler compiler, QueryExecutor executor, QuiverMetrics metrics,
                   Authenticator authenticator, StreamSlots slots) {
        this.reader = reader;
        this.compiler = compiler;
        this.executor = executor;
        this.metrics = metrics;
        this.authenticator = authenticator;
        this.slots = slots;
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
            if (authenticator.enabled()) { // the same users and tokens as Flight: Basic user:password or Bearer token
                authenticator.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            Outcome outcome;
            try (StreamSlot slot = slots.acquire()) { // shared with Flight: none free answers 429 with Retry-After
                SelectPlan plan = compiler.compile(reader.read(exchange));
                stream = new JsonBatchStream(exchange, plan.resultKey(), contentType, observation);
                executor.execute(plan, stream);
                outcome = stream.complete();
            }
            // the slot is free and the outcome counted before the response ends: a client that has read the whole
            // answer may send its next request at once (with --max-streams 1 it got a 429 now and then)
            observation.finish(outcome);
            stream.end();
        } catch (Exception e) {
            HttpProblem problem = HttpResponses.problemOf(e);
            observation.finish(outcomeOf(problem));
            if (stream != null && stream.committed()) {
                stream.fail(problem);
            } else {
                HttpResponses.sendProblem(exchange, problem, contentType);
            }
        }
    }

    private static Outcome outcomeOf(HttpProblem problem) {
        if (problem.status() == 413 || problem.status() == 429) {
            return Outcome.LIMIT_EXCEEDED;
        }
        if (problem.status() == 401) {
            return Outcome.DENIED;
        }
        return problem.status() >= 500 ? Outcome.ERROR : Outcome.INVALID_REQUEST;
    }
}
