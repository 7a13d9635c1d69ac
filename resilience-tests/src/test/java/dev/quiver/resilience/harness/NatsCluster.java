package dev.quiver.resilience.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.testsupport.ServicesScript;
import dev.quiver.testsupport.ServicesScriptException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional 3-node NATS JetStream cluster of {@code scripts/services.sh up nats-cluster} (nodes {@code nats-c1..3},
 * server names {@code quiver-c1..3}): its client URLs, a readiness probe per node (JetStream enabled and a meta leader
 * known, as the script's), and kill -9 / restart of one node through the script. Ports follow the script's variables
 * {@code QUIVER_NATS_CLUSTER_PORT} and {@code QUIVER_NATS_CLUSTER_MONITOR_PORT} (first node's; the others +1, +2).
 */
public final class NatsCluster {
    private static final Logger LOG = LoggerFactory.getLogger(NatsCluster.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NODES = 3;
    private static final String START = "scripts/services.sh up nats-cluster";

    private final String host;
    private final int firstClientPort;
    private final int firstMonitorPort;
    private final ServicesScript script;

    NatsCluster(String host, int firstClientPort, int firstMonitorPort, ServicesScript script) {
        this.host = host;
        this.firstClientPort = firstClientPort;
        this.firstMonitorPort = firstMonitorPort;
        this.script = script;
    }

    /** The cluster at the script's ports, as this process's environment sets them. */
    public static NatsCluster fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    static NatsCluster fromEnvironment(Function<String, String> env) {
        return new NatsCluster("127.0.0.1", port(env, "QUIVER_NATS_CLUSTER_PORT", 4231),
                port(env, "QUIVER_NATS_CLUSTER_MONITOR_PORT", 8231), ServicesScript.ofCheckout());
    }

    private static int port(Function<String, String> env, String variable, int fallback) {
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a port number, got '" + value + "'", e);
        }
    }

    /** The nodes' names in {@code scripts/services.sh}: {@code nats-c1}, {@code nats-c2}, {@code nats-c3}. */
    public List<String> nodes() {
        return IntStream.rangeClosed(1, NODES).mapToObj(n -> "nats-c" + n).toList();
    }

    /** Every node's client URL, comma-separated, as {@code --nats-url} and jnats take a server list. */
    public String url() {
        return IntStream.range(0, NODES).mapToObj(i -> "nats://" + host + ":" + (firstClientPort + i))
                .collect(Collectors.joining(","));
    }

    /** The node whose JetStream server name is {@code serverName} ({@code quiver-c2} → {@code nats-c2}). */
    public static String nodeOf(String serverName) {
        String lower = serverName == null ? "" : serverName.toLowerCase(Locale.ROOT);
        if (!lower.matches("quiver-c[1-9]")) {
            throw new IllegalArgumentException("'" + serverName + "' is no server name of the nats-cluster (quiver-cN)");
        }
        return "nats-" + lower.substring("quiver-".length());
    }

    /**
     * Starts the cluster through the script unless every node is ready already; returns once every node is.
     *
     * @throws IllegalStateException naming the command that starts it when it does not come up
     */
    public NatsCluster ensureUp() {
        if (nodes().stream().allMatch(this::ready)) {
            return this;
        }
        LOG.info("the nats-cluster is not (fully) up: starting it with {}", START);
        try {
            script.run(Duration.ofMinutes(3), "up", "nats-cluster");
        } catch (ServicesScriptException e) {
            throw new IllegalStateException("the 3-node NATS cluster (nats-c1..3 on " + url() + ") could not be"
                    + " started: " + e.getMessage() + "\nstart it with: " + START, e);
        }
        List<String> notReady = nodes().stream().filter(node -> !ready(node)).toList();
        if (!notReady.isEmpty()) {
            throw new IllegalStateException(notReady + " of the NATS cluster not ready after `" + START + "`; see"
                    + " .services/<node>/server.log, and start it with: " + START);
        }
        return this;
    }

    /** Whether {@code node} answers with JetStream enabled and knows the JetStream meta leader. Never throws. */
    public boolean ready(String node) {
        try {
            int monitor = monitorPort(node);
            HttpResponse<String> health = get(monitor, "/healthz?js-enabled-only=true");
            return health.statusCode() == 200 && !metaLeader(monitor).isEmpty();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kill -9 of one node's process group ({@code scripts/services.sh kill NODE}); returns once it is gone. */
    public void kill(String node) {
        script.run(Duration.ofSeconds(30), "kill", node);
    }

    /** Starts one node again on its data and waits until it is ready ({@code scripts/services.sh restart NODE}). */
    public void restart(String node) {
        script.run(Duration.ofMinutes(3), "restart", node);
    }

    private String metaLeader(int monitorPort) throws IOException, InterruptedException {
        HttpResponse<String> jsz = get(monitorPort, "/jsz");
        if (jsz.statusCode() != 200) {
            return "";
        }
        JsonNode leader = JSON.readTree(jsz.body()).path("meta_cluster").path("leader");
        return leader.asText("");
    }

    private int monitorPort(String node) {
        int index = nodes().indexOf(node);
        if (index < 0) {
            throw new IllegalArgumentException("'" + node + "' is no node of the nats-cluster; one of " + nodes());
        }
        return firstMonitorPort + index;
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public String toString() {
        return "NatsCluster[" + url() + "]";
    }
}
