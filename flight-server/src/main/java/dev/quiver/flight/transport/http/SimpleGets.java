package dev.quiver.flight.transport.http;

import com.sun.net.httpserver.HttpExchange;

/** The checks shared by the GET-only endpoints: the exact path, and GET as the method. */
final class SimpleGets {
    private SimpleGets() {
    }

    /** The problem to answer instead, or null when the exchange is a GET of {@code path}. */
    static HttpProblem refusal(HttpExchange exchange, String path) {
        String requested = exchange.getRequestURI().getPath();
        if (!requested.equals(path)) {
            return HttpProblem.notFound(requested);
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            return HttpProblem.methodNotAllowed(exchange.getRequestMethod(), path, "GET");
        }
        return null;
    }
}
