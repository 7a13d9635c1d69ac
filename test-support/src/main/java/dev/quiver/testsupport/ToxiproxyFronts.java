package dev.quiver.testsupport;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The toxiproxy fronts {@code scripts/services.sh up} creates, one per service and named after it
 * ({@link ServiceName#scriptName()}). Connect through a front instead of the service's own port, then add
 * toxics to the {@link #proxy(ServiceName) proxy} to inject latency, resets or outages.
 *
 * <p>Local fronts ({@link #DEFAULT_FRONT_PORTS}): postgres 15432→5432, nats 14222→4222, redis 16379→6379,
 * clickhouse 18123→8123, elasticsearch 19200→9200. The port a front listens on is read from toxiproxy
 * itself, so {@link #frontPort(ServiceName)} is right whatever created it.
 *
 * <p>Tests that inject faults call {@link #resetAll()} afterwards (e.g. in {@code @AfterEach}) so no fault
 * outlives the test.
 */
public final class ToxiproxyFronts {
    /** The front ports on our machines, keyed by the service behind them. */
    public static final Map<ServiceName, Integer> DEFAULT_FRONT_PORTS = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            ServiceName.POSTGRES, 15432,
            ServiceName.NATS, 14222,
            ServiceName.REDIS, 16379,
            ServiceName.CLICKHOUSE, 18123,
            ServiceName.ELASTICSEARCH, 19200)));

    private final ToxiproxySettings settings;
    private final ToxiproxyClient client;
    private final IntUnaryOperator listenToHostPort;

    /**
     * @param listenToHostPort maps the port toxiproxy listens on to the port reachable from this JVM
     *                         (identity for local processes, the engine's mapping for containers)
     */
    ToxiproxyFronts(ToxiproxySettings settings, IntUnaryOperator listenToHostPort) {
        this.settings = settings;
        this.client = new ToxiproxyClient(settings.host(), settings.apiPort());
        this.listenToHostPort = listenToHostPort;
    }

    /** Fronts served by a local toxiproxy process (the ports it listens on are the ports to use). */
    public static ToxiproxyFronts local(ToxiproxySettings settings) {
        return new ToxiproxyFronts(settings, IntUnaryOperator.identity());
    }

    /** The toxiproxy API client. */
    public ToxiproxyClient client() {
        return client;
    }

    /** The host to connect to for any front. */
    public String host() {
        return settings.host();
    }

    /**
     * The proxy in front of {@code service}, for adding toxics or disabling it.
     *
     * @throws IllegalArgumentException for {@link ServiceName#TOXIPROXY}, which has no front
     * @throws UncheckedIOException     if toxiproxy does not answer or has no such proxy
     */
    public Proxy proxy(ServiceName service) {
        if (!DEFAULT_FRONT_PORTS.containsKey(service)) {
            throw new IllegalArgumentException(service.displayName() + " has no toxiproxy front");
        }
        try {
            return client.getProxy(service.scriptName());
        } catch (IOException e) {
            throw new UncheckedIOException("toxiproxy at " + settings.apiUrl() + " has no usable proxy '"
                    + service.scriptName() + "' (" + e.getMessage() + "); `scripts/services.sh up` creates the fronts", e);
        }
    }

    /** The port to connect to for reaching {@code service} through its front. */
    public int frontPort(ServiceName service) {
        String listen = proxy(service).getListen();
        int colon = listen.lastIndexOf(':');
        return listenToHostPort.applyAsInt(Integer.parseInt(listen.substring(colon + 1)));
    }

    /** Removes every toxic from every proxy and enables every proxy again (toxiproxy's {@code POST /reset}). */
    public void resetAll() {
        try {
            client.reset();
        } catch (IOException e) {
            throw new UncheckedIOException("could not reset toxiproxy at " + settings.apiUrl(), e);
        }
    }
}
