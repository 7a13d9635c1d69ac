package dev.quiver.testsupport;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real services an integration test runs against: their settings, readiness checks, and the fault and
 * recovery operations of {@code scripts/services.sh}.
 *
 * <pre>{@code
 * static final Services SERVICES = Services.fromEnvironment();
 *
 * @BeforeAll
 * static void servicesUp() {
 *     SERVICES.require(ServiceName.CLICKHOUSE); // fails with a message naming the service and `scripts/services.sh up`
 * }
 * }</pre>
 *
 * <p>Where the services come from is chosen by env {@code QUIVER_SERVICES}:
 * <ul>
 *   <li>{@code local}: the processes {@code scripts/services.sh up} runs, at the {@code QUIVER_*} settings
 *       (see {@link ServiceSettings}); control operations run the script.</li>
 *   <li>{@code containers}: the same services started with Testcontainers (needs a Docker engine; untested
 *       on our machines, see {@code ContainerServiceBackend}).</li>
 *   <li>{@code auto} (default): {@code local} if any local service answers its probe, else
 *       {@code containers} if a Docker engine is present, else {@code local} (so {@link #require} fails with
 *       the message telling how to start them).</li>
 * </ul>
 * Env {@code QUIVER_HOME} names the checkout holding {@code scripts/services.sh}; by default it is found by
 * walking up from {@code user.dir}.
 */
public final class Services {
    private static final Logger LOG = LoggerFactory.getLogger(Services.class);
    /** The variable choosing where services come from: {@code auto}, {@code local} or {@code containers}. */
    public static final String MODE_VARIABLE = "QUIVER_SERVICES";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    /** Where the services come from. */
    public enum Mode { LOCAL, CONTAINERS }

    private final Mode mode;
    private final ServiceBackend backend;
    private final ServiceProbes probes = new ServiceProbes();

    private Services(Mode mode, ServiceBackend backend) {
        this.mode = mode;
        this.backend = backend;
    }

    /** The services as configured by this process's environment. */
    public static Services fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    /**
     * The services as configured by {@code env}.
     *
     * @throws IllegalArgumentException if a variable is malformed (the message names it)
     */
    public static Services fromEnvironment(Function<String, String> env) {
        ServiceSettings local = ServiceSettings.fromEnvironment(env);
        Services localServices = new Services(Mode.LOCAL, new ScriptServiceBackend(local, RepoRoot::find));
        String requested = new EnvReader(env).text(MODE_VARIABLE, "auto").toLowerCase(Locale.ROOT);
        switch (requested) {
            case "local":
                return localServices;
            case "containers":
                if (!ContainerServiceBackend.dockerAvailable()) {
                    throw new IllegalStateException(MODE_VARIABLE + "=containers but no Docker engine answers; start"
                            + " one, or use the local services (`scripts/services.sh up`, " + MODE_VARIABLE + "=local)");
                }
                return new Services(Mode.CONTAINERS, ContainerServiceBackend.shared());
            case "auto":
                boolean anyLocal = Arrays.stream(ServiceName.values()).anyMatch(localServices::isReady);
                if (anyLocal || !ContainerServiceBackend.dockerAvailable()) {
                    return localServices;
                }
                LOG.info("no local service answers and a Docker engine is present: starting the services as containers");
                return new Services(Mode.CONTAINERS, ContainerServiceBackend.shared());
            default:
                throw new IllegalArgumentException(MODE_VARIABLE + " must be one of auto, local, containers but was '"
                        + env.apply(MODE_VARIABLE) + "'");
        }
    }

    /** Where the services come from. */
    public Mode mode() {
        return mode;
    }

    /** Every service's current settings. */
    public ServiceSettings settings() {
        return backend.settings();
    }

    public PostgresSettings postgres() {
        return settings().postgres();
    }

    public NatsSettings nats() {
        return settings().nats();
    }

    public RedisSettings redis() {
        return settings().redis();
    }

    public ClickHouseSettings clickhouse() {
        return settings().clickhouse();
    }

    public ElasticsearchSettings elasticsearch() {
        return settings().elasticsearch();
    }

    public ToxiproxySettings toxiproxy() {
        return settings().toxiproxy();
    }

    /** The toxiproxy fronts of these services. */
    public ToxiproxyFronts toxiproxyFronts() {
        IntUnaryOperator toHostPort = mode == Mode.CONTAINERS
                ? ((ContainerServiceBackend) backend)::frontHostPort
                : IntUnaryOperator.identity();
        return new ToxiproxyFronts(toxiproxy(), toHostPort);
    }

    /** Probes one service once. Never throws. */
    public ProbeResult probe(ServiceName service) {
        return probes.probe(Objects.requireNonNull(service, "service"), settings());
    }

    /** Whether one probe of {@code service} finds it ready. */
    public boolean isReady(ServiceName service) {
        return probe(service).ready();
    }

    /**
     * Probes each service once and fails on the first that is not ready.
     *
     * @return this, for chaining
     * @throws ServiceUnavailableException naming the service, where it was looked for, what the probe saw
     *                                     and the command that starts it
     */
    public Services require(ServiceName... services) {
        ServiceSettings current = settings();
        for (ServiceName service : services) {
            ProbeResult result = probes.probe(service, current);
            if (!result.ready()) {
                throw new ServiceUnavailableException(result, current.address(service));
            }
        }
        return this;
    }

    /**
     * Polls the probe until the service is ready.
     *
     * @throws ServiceUnavailableException with the last probe's result when {@code timeout} passes first
     */
    public void awaitReady(ServiceName service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ProbeResult result = probe(service);
            if (result.ready()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ServiceUnavailableException(result, settings().address(service) + " (waited "
                        + timeout.toSeconds() + " s)");
            }
            sleep(POLL_INTERVAL);
        }
    }

    /**
     * SIGKILLs the service ({@code scripts/services.sh kill NAME}) and returns once it is gone.
     *
     * @throws ServiceControlException if it was not running (nothing was killed) or the kill failed
     */
    public void kill(ServiceName service) {
        backend.control(ServiceOperation.KILL, service);
    }

    /**
     * Restarts the service and waits until the script reports it up ({@code scripts/services.sh restart NAME}); a
     * service that is not running (e.g. killed) is started.
     *
     * @throws ServiceControlException if it did not come up
     */
    public void restart(ServiceName service) {
        backend.control(ServiceOperation.RESTART, service);
    }

    /**
     * Freezes the service: it keeps its sockets but answers nothing ({@code scripts/services.sh pause NAME});
     * returns once every one of its processes is stopped.
     *
     * @throws ServiceControlException if it is not running or already paused (nothing was frozen)
     */
    public void pause(ServiceName service) {
        backend.control(ServiceOperation.PAUSE, service);
    }

    /**
     * Unfreezes a paused service ({@code scripts/services.sh resume NAME}).
     *
     * @throws ServiceControlException if it is not running or not paused (nothing was resumed)
     */
    public void resume(ServiceName service) {
        backend.control(ServiceOperation.RESUME, service);
    }

    @Override
    public String toString() {
        return "Services[" + backend.description() + "]";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a service", e);
        }
    }
}
