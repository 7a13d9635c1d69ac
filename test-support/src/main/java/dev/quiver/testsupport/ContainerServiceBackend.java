package dev.quiver.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * The same services as {@code scripts/services.sh}, started with Testcontainers on one shared network, for
 * machines with a Docker engine ({@code QUIVER_SERVICES=containers}, or {@code auto} when no local service
 * answers). Images: postgres:16, nats:2.15 ({@code -js}), redis:7, clickhouse-server:24.8,
 * elasticsearch:8.19.4 (single node, no security) and toxiproxy:2.5.0 with one front per service.
 *
 * <p><b>Untested on our machines</b>: they have no Docker engine, so this path is compiled but has never
 * run here. Known limits: after {@code restart} the engine may map new host ports, so settings are
 * re-read from the engine on every {@link #settings()} call; fetch them again after a restart.
 * Operations map to the engine: kill → {@code docker kill}, pause/resume → {@code docker pause/unpause},
 * restart → stop + start.
 */
final class ContainerServiceBackend implements ServiceBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerServiceBackend.class);
    /** First toxiproxy port inside the container used for fronts; the image exposes 8666 upwards. */
    private static final int FIRST_FRONT_PORT = 8666;
    private static final List<ServiceName> FRONTED = List.of(ServiceName.POSTGRES, ServiceName.NATS,
            ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH);

    private static ContainerServiceBackend shared;

    private final Map<ServiceName, GenericContainer<?>> containers = new EnumMap<>(ServiceName.class);

    private ContainerServiceBackend() {
    }

    /**
     * Whether a Docker engine answers. Cheap and quiet when there is none: Testcontainers (which logs
     * loudly while it searches) is asked only if a socket, {@code DOCKER_HOST} or a Testcontainers
     * configuration file suggests an engine.
     */
    static boolean dockerAvailable() {
        String home = System.getProperty("user.home", "");
        boolean hint = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"));
        if (!hint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Docker availability check failed", e);
            return false;
        }
    }

    /** The containers of this JVM, started on first use and left to Testcontainers' reaper afterwards. */
    static synchronized ContainerServiceBackend shared() {
        if (shared == null) {
            ContainerServiceBackend backend = new ContainerServiceBackend();
            backend.start();
            shared = backend;
        }
        return shared;
    }

    private void start() {
        Network network = Network.newNetwork();
        containers.put(ServiceName.POSTGRES, container("postgres:16", network, "postgres", 5432)
                .withEnv("POSTGRES_DB", "quiver").withEnv("POSTGRES_USER", "quiver").withEnv("POSTGRES_PASSWORD", "quiver")
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2)));
        containers.put(ServiceName.NATS, container("nats:2.15", network, "nats", 4222, 8222)
                .withCommand("-js", "-m", "8222")
                .waitingFor(Wait.forHttp("/healthz").forPort(8222)));
        containers.put(ServiceName.REDIS, container("redis:7", network, "redis", 6379)
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1)));
        containers.put(ServiceName.CLICKHOUSE, container("clickhouse/clickhouse-server:24.8", network, "clickhouse", 8123, 9000)
                .withEnv("CLICKHOUSE_SKIP_USER_SETUP", "1") // keep passwordless `default` reachable over the network
                .waitingFor(Wait.forHttp("/ping").forPort(8123)));
        containers.put(ServiceName.ELASTICSEARCH, container("docker.elastic.co/elasticsearch/elasticsearch:8.19.4", network,
                "elasticsearch", 9200)
                .withEnv("discovery.type", "single-node")
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
                .waitingFor(Wait.forHttp("/_cluster/health?wait_for_status=yellow&timeout=5s").forPort(9200)
                        .withStartupTimeout(Duration.ofMinutes(3))));
        GenericContainer<?> toxiproxy = container("ghcr.io/shopify/toxiproxy:2.5.0", network, "toxiproxy", 8474);
        for (int i = 0; i < FRONTED.size(); i++) {
            toxiproxy.addExposedPort(FIRST_FRONT_PORT + i);
        }
        containers.put(ServiceName.TOXIPROXY, toxiproxy.waitingFor(Wait.forHttp("/version").forPort(8474)));

        Startables.deepStart(containers.values()).join();
        createFronts();
    }

    private static GenericContainer<?> container(String image, Network network, String alias, Integer... ports) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withExposedPorts(ports);
        c.withStartupTimeout(Duration.ofMinutes(2));
        return c;
    }

    private void createFronts() {
        GenericContainer<?> toxiproxy = containers.get(ServiceName.TOXIPROXY);
        ToxiproxyClient client = new ToxiproxyClient(toxiproxy.getHost(), mappedPort(ServiceName.TOXIPROXY, 8474));
        try {
            for (int i = 0; i < FRONTED.size(); i++) {
                ServiceName service = FRONTED.get(i);
                client.createProxy(service.scriptName(), "0.0.0.0:" + (FIRST_FRONT_PORT + i),
                        service.scriptName() + ":" + upstreamPort(service));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not create the toxiproxy fronts in the toxiproxy container", e);
        }
    }

    private static int upstreamPort(ServiceName service) {
        return switch (service) {
            case POSTGRES -> 5432;
            case NATS -> 4222;
            case REDIS -> 6379;
            case CLICKHOUSE -> 8123;
            case ELASTICSEARCH -> 9200;
            case TOXIPROXY -> 8474;
        };
    }

    /** The host port the engine currently maps to {@code containerPort}, asked afresh (restarts remap). */
    int mappedPort(ServiceName service, int containerPort) {
        GenericContainer<?> c = containers.get(service);
        Ports.Binding[] bindings = DockerClientFactory.instance().client()
                .inspectContainerCmd(c.getContainerId()).exec()
                .getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(containerPort));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException(service.displayName() + " container has no host port for " + containerPort
                    + " (is it stopped?)");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    /** Maps a toxiproxy front's container port to its host port. */
    int frontHostPort(int containerPort) {
        return mappedPort(ServiceName.TOXIPROXY, containerPort);
    }

    @Override
    public ServiceSettings settings() {
        String host = containers.get(ServiceName.POSTGRES).getHost();
        return new ServiceSettings(
                new PostgresSettings(host, mappedPort(ServiceName.POSTGRES, 5432), "quiver", "quiver", "quiver"),
                new NatsSettings(host, mappedPort(ServiceName.NATS, 4222), mappedPort(ServiceName.NATS, 8222)),
                new RedisSettings(host, mappedPort(ServiceName.REDIS, 6379)),
                new ClickHouseSettings(host, mappedPort(ServiceName.CLICKHOUSE, 8123),
                        mappedPort(ServiceName.CLICKHOUSE, 9000), "default", "", "default"),
                new ElasticsearchSettings(host, mappedPort(ServiceName.ELASTICSEARCH, 9200)),
                new ToxiproxySettings(host, mappedPort(ServiceName.TOXIPROXY, 8474)));
    }

    @Override
    public String description() {
        return "Testcontainers";
    }

    @Override
    public void control(ServiceOperation operation, ServiceName service) {
        DockerClient docker = DockerClientFactory.instance().client();
        String id = containers.get(service).getContainerId();
        LOG.info("docker {} {} ({})", operation.verb(), service.scriptName(), id);
        try {
            switch (operation) {
                case KILL -> docker.killContainerCmd(id).exec();
                case PAUSE -> docker.pauseContainerCmd(id).exec();
                case RESUME -> docker.unpauseContainerCmd(id).exec();
                case RESTART -> {
                    try {
                        docker.stopContainerCmd(id).withTimeout(10).exec();
                    } catch (NotModifiedException alreadyStopped) {
                        LOG.debug("{} was already stopped", service.scriptName());
                    }
                    docker.startContainerCmd(id).exec();
                }
            }
        } catch (RuntimeException e) {
            throw new ServiceControlException(service, "docker " + operation.verb() + " of the "
                    + service.displayName() + " container failed: " + e.getMessage(), e);
        }
    }
}
