package dev.quiver.flight.transport.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.quiver.flight.request.Status;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 421 (Misdirected Request) to a request whose {@code Host} the {@link AllowedHosts} do not list, before any
 * handler (and authentication) runs: installed on every path of the HTTP server.
 */
final class HostCheck extends Filter {
    private static final Logger LOG = LoggerFactory.getLogger(HostCheck.class);
    /** Most characters of a refused Host repeated in the answer and the log. */
    private static final int SHOWN_CHARS = 100;

    private final AllowedHosts allowed;

    HostCheck(AllowedHosts allowed) {
        this.allowed = allowed;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (allowed.allows(host)) {
            chain.doFilter(exchange);
            return;
        }
        try {
            String shown = host.length() > SHOWN_CHARS ? host.substring(0, SHOWN_CHARS) + "..." : host;
            LOG.debug("HTTP request for Host '{}' refused ({} {})", shown, exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath());
            HttpResponses.sendProblem(exchange, new HttpProblem(Status.INVALID_ARGUMENT, 421, "this server does not"
                    + " answer requests for Host '" + shown + "' (a guard against DNS rebinding); if clients reach it"
                    + " by that name, start it with --allowed-hosts " + hostName(shown) + " (or QUIVER_ALLOWED_HOSTS;"
                    + " comma-separated, * for any)", Map.of()), HttpResponses.JSON_TYPE);
        } finally {
            exchange.close();
        }
    }

    private static String hostName(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    @Override
    public String description() {
        return "answers 421 to a Host not in --allowed-hosts";
    }
}
