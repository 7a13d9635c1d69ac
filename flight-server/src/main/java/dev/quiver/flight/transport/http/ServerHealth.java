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

/** Whether the server can answer queries: its source must accept a connection within a few seconds. */
public final class ServerHealth {
    private static final int VALID_TIMEOUT_SECONDS = 3;

    private final Database database;
    private final List<String> rootFields;
    private final Clock clock;
    private final Instant started;

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
     * @param problem    why it is unhealthy, else null
     */
    public record Report(boolean healthy, String source, Duration uptime, List<String> rootFields, String problem) {
    }

    public Report check() {
        String problem = null;
        try (Connection connection = database.connect()) {
            if (!connection.isValid(VALID_TIMEOUT_SECONDS)) {
                problem = "the " + database.kind() + " source did not answer within " + VALID_TIMEOUT_SECONDS + " s";
            }
        } catch (SQLException e) {
            problem = "the " + database.kind() + " source refused a connection: " + e.getMessage();
        }
        return new Report(problem == null, database.kind(), Duration.between(started, clock.instant()), rootFields, problem);
    }
}
