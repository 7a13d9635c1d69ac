package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.testing.Await;
import dev.quiver.flight.testing.PostgresActivity;
import dev.quiver.testsupport.PostgresSettings;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query timeout, the cancel action and the client's deadline against the real PostgreSQL: each must end the
 * statement in the database (checked in {@code pg_stat_activity}), not only the Flight stream. The views are
 * named uniquely per run and dropped afterwards.
 */
@Timeout(120)
class PostgresQueryLimitsIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    /** Streams a row every 2 ms: a cursor fetch of 50 rows takes 0.1 s, the whole view minutes. */
    private static final String TRICKLE = "trickle_" + SUFFIX;
    /** One row after ten minutes: the first fetch blocks in the database. */
    private static final String SLEEPY = "sleepy_" + SUFFIX;

    @TempDir
    static Path directory;
    private static Path sdl;
    private QuiverServer server;
    private BufferAllocator allocator;
    private FlightClient client;

    @BeforeAll
    static void createViews() throws Exception {
        SERVICES.require(ServiceName.POSTGRES);
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE VIEW " + TRICKLE + " AS SELECT g::bigint AS id, 'row ' || g || pg_sleep(0.002)::text"
                    + " AS note FROM generate_series(1, 100000) g");
            sql.execute("CREATE VIEW " + SLEEPY + " AS SELECT 1::bigint AS id, pg_sleep(600)::text AS note");
        }
        sdl = Files.writeString(directory.resolve("pg.graphql"), String.join("\n",
                "type Trickle @table(name: \"" + TRICKLE + "\", root: \"trickle\") { id: ID! note: String }",
                "type Sleepy @table(name: \"" + SLEEPY + "\", root: \"sleepy\") { id: ID! note: String }", ""));
    }

    @AfterAll
    static void dropViews() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DROP VIEW IF EXISTS " + TRICKLE);
            sql.execute("DROP VIEW IF EXISTS " + SLEEPY);
        }
    }

    private void start(CallLimits limits) throws Exception {
        PostgresSettings pg = SERVICES.postgres();
        ServerConfig config = ServerConfig.builder().sdl(sdl).database(pg.jdbcUrl(), pg.user(), pg.password())
                .demoRows(0).batchRows(50).calls(limits).build();
        server = QuiverServer.start(config);
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    @AfterEach
    void stop() throws Exception {
        Await.until("no statement on the views to be active", SETTLE, () -> activeStatements() == 0,
                () -> "(active: " + activeStatements() + ")");
        Await.until("the stream slots to be free", SETTLE, () -> server.streamSlots().inUse() == 0);
        client.close();
        allocator.close();
        server.close();
    }

    @Test
    void aQueryRunningPastTheTimeoutEndsWithTimedOutAfterSomeBatches() throws Exception {
        Duration timeout = Duration.ofSeconds(3);
        start(new CallLimits(8, timeout));
        long rows = 0;
        try (FlightStream stream = client.getStream(ticket("{ trickle { id note } }"))) {
            FlightRuntimeException error = null;
            try {
                while (stream.next()) {
                    rows += stream.getRoot().getRowCount();
                }
            } catch (FlightRuntimeException e) {
                error = e;
            }
            assertThat(error).as("the stream must end with an error").isNotNull();
            assertThat(error.status().code()).isEqualTo(FlightStatusCode.TIMED_OUT);
            assertThat(error.getMessage()).contains("query timeout of 3 s");
        }
        // at least one batch of 50 rows (0.1 s of pg_sleep; a loaded machine has 30 times that before the
        // timeout), and at most what 2 ms a row allows in 3 s: far from the view's 100,000 rows
        long atMost = timeout.toMillis() / 2 + 50;
        assertThat(rows).as("rows delivered before the timeout").isBetween(50L, atMost);
    }

    @Test
    void cancelStopsAStatementBlockedInPostgres() throws Exception {
        start(new CallLimits(8, Duration.ofMinutes(5)));
        Ticket ticket = new Ticket(("{\"queryId\": \"pg-" + SUFFIX + "\", \"query\": \"{ sleepy { id note } }\"}")
                .getBytes(StandardCharsets.UTF_8));
        try (FlightStream stream = client.getStream(ticket)) {
            Await.until("the statement to run in PostgreSQL", SETTLE, () -> activeStatements() == 1);
            client.doAction(new Action("cancel", ("pg-" + SUFFIX).getBytes(StandardCharsets.UTF_8))).next();
            assertThatThrownBy(stream::next).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.CANCELLED);
                assertThat(e.getMessage()).contains("pg-" + SUFFIX, "cancel action");
            });
        }
    }

    @Test
    void theClientsDeadlineCancelsTheStatementInPostgres() throws Exception {
        start(new CallLimits(8, Duration.ofMinutes(5)));
        try (FlightStream stream = client.getStream(ticket("{ sleepy { id } }"),
                CallOptions.timeout(700, TimeUnit.MILLISECONDS))) {
            assertThatThrownBy(stream::next).isInstanceOfSatisfying(FlightRuntimeException.class,
                    e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.TIMED_OUT));
        }
    }

    private static int activeStatements() {
        return PostgresActivity.activeStatementsNaming(SERVICES.postgres(), TRICKLE, SLEEPY);
    }

    private static Connection connect() throws SQLException {
        PostgresSettings pg = SERVICES.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    private static Ticket ticket(String query) {
        return new Ticket(GraphQLRequest.of(query).toJson());
    }
}
