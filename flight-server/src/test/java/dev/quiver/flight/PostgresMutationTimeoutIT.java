package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.testing.Await;
import dev.quiver.flight.testing.PostgresActivity;
import dev.quiver.flight.testing.FlightMutation;
import dev.quiver.testsupport.PostgresSettings;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review M3 against the real PostgreSQL: a mutation whose row another transaction holds locked waited
 * for ever ({@code lock_timeout} is 0), holding its stream slot and connection. It now runs under the query's
 * guard: {@code --query-timeout} ends it with TIMED_OUT, in the database too, and the row is untouched.
 */
@Timeout(120)
class PostgresMutationTimeoutIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final String TABLE = "locked_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @TempDir
    static Path directory;
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;

    @BeforeAll
    static void start() throws Exception {
        SERVICES.require(ServiceName.POSTGRES);
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)");
            sql.execute("INSERT INTO " + TABLE + " VALUES (1, 'kept')");
        }
        Path sdl = Files.writeString(directory.resolve("locked.graphql"),
                "type Locked @table(name: \"" + TABLE + "\", root: \"locked\") { id: ID! note: String }\n");
        PostgresSettings pg = SERVICES.postgres();
        server = QuiverServer.start(ServerConfig.builder().sdl(sdl)
                .database(pg.jdbcUrl(), pg.user(), pg.password()).demoRows(0).batchRows(50)
                .calls(new CallLimits(8, Duration.ofSeconds(2))).build());
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
            allocator.close();
            server.close();
        }
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    @Test
    void aMutationWaitingForALockedRowEndsAtTheQueryTimeoutInTheDatabaseToo() throws Exception {
        try (Connection holder = connect()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("SELECT * FROM " + TABLE + " WHERE id = 1 FOR UPDATE");
            }
            for (String mutation : new String[] {"mutation { deleteLocked(id: \"1\") { id } }",
                    "mutation { updateLocked(id: \"1\", input: {note: \"changed\"}) { id } }"}) {
                assertThatThrownBy(() -> FlightMutation.run(client, mutation))
                        .as(mutation).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                            assertThat(e.status().code()).isEqualTo(FlightStatusCode.TIMED_OUT);
                            assertThat(e.getMessage()).contains("query timeout of 2 s");
                        });
                Await.until("no statement of the server waiting on " + TABLE, Duration.ofSeconds(15),
                        () -> waiting() == 0, () -> "(waiting: " + waiting() + ")");
            }
            holder.rollback();
        }
        assertThat(server.streamSlots().inUse()).isZero();
        try (Connection connection = connect(); Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery("SELECT note FROM " + TABLE + " WHERE id = 1")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("kept");
        }
        assertThat(FlightMutation.run(client, "mutation { updateLocked(id: \"1\", input: {note: \"now\"}) { note } }"))
                .as("with the lock gone the same mutation goes through").hasSize(1);
    }

    private static int waiting() {
        return PostgresActivity.activeStatementsNaming(SERVICES.postgres(), TABLE);
    }

    private static Connection connect() throws SQLException {
        PostgresSettings pg = SERVICES.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }
}
