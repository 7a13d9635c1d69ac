package dev.quiver.flight.transport.http;

import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.source.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the server can answer queries: its source must accept a connection within a few seconds. The source is
 * asked at most once per {@link #CACHE_FOR} (callers meanwhile share the last answer, and wait for one check in
 * progress instead of starting their own), so a flood of {@code /health} requests is not a flood of database
 * connections. Why the source failed is logged; the report says only that it failed, never the database's own words
 * (they can name hosts, ports and users).
 */
public final class ServerHealth {
    private static final Logger LOG = LoggerFactory.getLogger(ServerHealth.class);
    private static final int VALID_TIMEOUT_SECONDS = 3;
    /** How long one check of the source stands for. */
    public static final Duration CACHE_FOR = Duration.ofSeconds(1);

    private final Database database;
    private final List<String> rootFields;
    private final Clock clock;
    private final Instant started;
    private Instant checkedAt;
    private String lastProblem;

    public ServerHealth(Database database, Catalog catalog, Clock clock) {
        this.database = database;
        this.rootFields = catalog.entities().stream().map(EntityType::rootField).collect(Collectors.toUnmodifiableList());
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * One health check.
     *
     * @param healthy    whether the source answered
     * @param source     the source's kind, e.g. {@code embedded} or {@code postgres}
     * @param uptime     time since the server started
     * @param rootFields the root query fields it serves
     * @param problem    why it is unhealthy, in the server's words (the database's are in the log), else null
     */
    public record Report(boolean healthy, String source, Duration uptime, List<String> rootFields, String problem) {
    }

    /** The source's state as of at most {@link #CACHE_FOR} ago, and the uptime as of now. */
    public Report check() {
        String problem = sourceProblem();
        return new Report(problem == null, database.kind(), Duration.between(started, clock.instant()), rootFields, problem);
    }

    private synchronized String sourceProblem() {
        Instant now = clock.instant();
        if (checkedAt == null || !now.isBefore(checkedAt.plus(CACHE_FOR))) {
            lastProblem = askSource();
            checkedAt = clock.instant();
        }
        return lastProblem;
    }

    private String askSource() {
        try (Connection connection = database.connect()) {
            if (!connection.isValid(VALID_TIMEOUT_SECONDS)) {
                LOG.warn("health: the {} source did not answer within {} s", database.kind(), VALID_TIMEOUT_SECONDS);
                return "the " + database.kind() + " source did not answer within " + VALID_TIMEOUT_SECONDS + " s";
            }
            return null;
        } catch (SQLException e) {
            LOG.warn("health: the {} source refused a connection: {} (SQLSTATE {})", database.kind(), e.getMessage(),
                    e.getSQLState());
            return "the " + database.kind() + " source refused a connection (the server's log says why)";
        }
    }
}
