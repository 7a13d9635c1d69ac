package dev.quiver.sinks.testing;

import dev.quiver.testsupport.Services;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * A toxiproxy proxy of this test's own (never the shared fronts), in front of a real service. {@link #cutOff()}
 * deletes it, so connections are refused; {@link #restore()} creates it again on the same port. Deleting
 * rather than disabling keeps the outage in place even when another test resets toxiproxy meanwhile.
 */
public final class PrivateProxy implements AutoCloseable {
    private final ToxiproxyClient client;
    private final String name;
    private final String listen;
    private final String upstream;
    private Proxy proxy;

    private PrivateProxy(ToxiproxyClient client, String name, Proxy proxy, String upstream) {
        this.client = client;
        this.name = name;
        this.proxy = proxy;
        this.listen = proxy.getListen();
        this.upstream = upstream;
    }

    /** A new proxy on a free loopback port, forwarding to {@code upstreamHost:upstreamPort}. */
    public static PrivateProxy create(Services services, String purpose, String upstreamHost, int upstreamPort) {
        ToxiproxyClient client = services.toxiproxyFronts().client();
        String name = "sinks-it-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        String upstream = upstreamHost + ":" + upstreamPort;
        try {
            return new PrivateProxy(client, name, client.createProxy(name, "127.0.0.1:0", upstream), upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create toxiproxy proxy " + name + " to " + upstream, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the service reached through this proxy. */
    public String httpUrl() {
        return "http://" + listen;
    }

    /** Makes the service unreachable through this proxy: connections are refused. */
    public void cutOff() {
        try {
            proxy.delete();
            proxy = null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete toxiproxy proxy " + name, e);
        }
    }

    /** Makes the service reachable again, on the same port. */
    public void restore() {
        try {
            proxy = client.createProxy(name, listen, upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("could not re-create toxiproxy proxy " + name + " on " + listen, e);
        }
    }

    @Override
    public void close() {
        if (proxy != null) {
            cutOff();
        }
    }
}
