package dev.quiver.flight.transport.http;

import com.sun.net.httpserver.HttpExchange;
import dev.quiver.flight.auth.AuthenticatedUser;
import dev.quiver.flight.auth.Authenticator;

/**
 * Who sent an HTTP request: the server's users and tokens, as on Flight ({@code Authorization: Basic ...} or
 * {@code Bearer ...}; anonymous, name "", when authentication is off). The name is also the owner of the queries
 * the request runs, so a user may cancel their query from either transport.
 */
final class HttpCaller {
    private HttpCaller() {
    }

    /**
     * @throws dev.quiver.flight.auth.AuthenticationException (UNAUTHENTICATED, 401) without valid credentials
     */
    static AuthenticatedUser of(HttpExchange exchange, Authenticator authenticator) {
        return authenticator.enabled() ? authenticator.authenticate(exchange.getRequestHeaders().getFirst("Authorization"))
                : AuthenticatedUser.ANONYMOUS;
    }
}
