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
     * Basic credentials are checked on each request and issue no token; failed ones count against the user name and
     * the client's address.
     *
     * @throws dev.quiver.flight.auth.AuthenticationException (UNAUTHENTICATED, 401) without valid credentials
     * @throws dev.quiver.flight.auth.LoginThrottledException (429 with Retry-After) after too many failed logins
     */
    static AuthenticatedUser of(HttpExchange exchange, Authenticator authenticator) {
        if (!authenticator.enabled()) {
            return AuthenticatedUser.ANONYMOUS;
        }
        java.net.InetSocketAddress remote = exchange.getRemoteAddress();
        String address = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        return authenticator.authenticate(exchange.getRequestHeaders().getFirst("Authorization"), address);
    }
}
