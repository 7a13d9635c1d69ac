package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.admission.QueryStoppedException;
import dev.quiver.flight.admission.RunningQueries;
import dev.quiver.flight.admission.RunningQuery;
import dev.quiver.flight.admission.StopReason;
import dev.quiver.flight.query.QueryExecutor;
import dev.quiver.flight.query.SelectPlan;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.source.RecordingDatabase;
import dev.quiver.flight.testing.Await;
import dev.quiver.flight.testing.PostgresActivity;
import dev.quiver.flight.testing.Plans;
import dev.quiver.testsupport.PostgresSettings;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GetFlightInfo's row count on the real PostgreSQL is the planner's estimate, read with {@code EXPLAIN} under the
 * query's guard: no {@code COUNT} runs, the WHERE clause and {@code limit:} are in the estimate, and the query
 * timeout and a stop end the EXPLAIN in the database. The table, view and function are named uniquely per run and
 * dropped afterwards.
 */
@Timeout(120)
class PostgresRowEstimateIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    /** {@value #ROWS} rows, {@code grp = id % 10}, analyzed. */
    private static final String ITEMS = "estimate_items_" + SUFFIX;
    private static final long ROWS = 20_000;
    /** An immutable function the planner evaluates while planning: it sleeps ten minutes. */
    private static final String SLOW_FUNCTION = "estimate_slow_plan_" + SUFFIX;
    /** A view whose planning (so whose EXPLAIN) takes ten minutes. */
    private static final String SLOW_PLANNING = "estimate_slow_planning_" + SUFFIX;

    @TempDir
    static Path directory;
    private static Path sdl;
    private static RequestPlanner compiler;
    private RecordingDatabase recorded;
    private QuiverServer server;
    private BufferAllocator allocator;
    private FlightClient client;

    @BeforeAll
    static void createTables() throws Exception {
        SERVICES.require(ServiceName.POSTGRES);
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE " + ITEMS + " (id bigint PRIMARY KEY, grp integer NOT NULL)");
            sql.execute("INSERT INTO " + ITEMS + " SELECT g, g % 10 FROM generate_series(1, " + ROWS + ") g");
            sql.execute("ANALYZE " + ITEMS);
            sql.execute("CREATE FUNCTION " + SLOW_FUNCTION + "() RETURNS boolean IMMUTABLE LANGUAGE plpgsql"
                    + " AS $$ BEGIN PERFORM pg_sleep(600); RETURN true; END $$");
            sql.execute("CREATE VIEW " + SLOW_PLANNING + " AS SELECT g::bigint AS id, 'row ' || g AS note"
                    + " FROM generate_series(1, 3) g"
                    + " WHERE " + SLOW_FUNCTION + "()");
        }
        String schema = String.join("\n",
                "type Item @table(name: \"" + ITEMS + "\", root: \"items\") { id: ID! grp: Int! }",
                "type SlowPlanning @table(name: \"" + SLOW_PLANNING + "\", root: \"slowPlanning\") { id: ID! note: String }", "");
        sdl = Files.writeString(directory.resolve("estimate.graphql"), schema);
        compiler = new RequestPlanner(new CatalogLoader().load(schema), QueryLimits.DEFAULTS);
    }

    @AfterAll
    static void dropTables() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DROP VIEW IF EXISTS " + SLOW_PLANNING);
            sql.execute("DROP FUNCTION IF EXISTS " + SLOW_FUNCTION + "()");
            sql.execute("DROP TABLE IF EXISTS " + ITEMS);
        }
    }

    private void start(CallLimits limits) throws Exception {
        recorded = new RecordingDatabase(postgres());
        ServerConfig config = ServerConfig.builder().sdl(sdl).demoRows(0).batchRows(50).calls(limits).build();
        server = QuiverServer.start(config, recorded);
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
        recorded.clear();
    }

    @AfterEach
    void stop() throws Exception {
        Await.until("no statement on this test's objects to be active", SETTLE, () -> activeStatements() == 0,
                () -> "(active: " + activeStatements() + ")");
        if (server != null) {
            assertThat(server.runningQueries().size()).as("registered queries").isZero();
            client.close();
            allocator.close();
            server.close();
        }
    }

    @Test
    void getFlightInfoAnnouncesThePlannersEstimateAndCountsNothing() throws Exception {
        start(CallLimits.DEFAULTS);
        long all = records("{ items { id } }");
        long oneGroup = records("{ items(where: {grp: {eq: 3}}) { id } }");
        long page = records("{ items(where: {grp: {eq: 3}}, limit: 50) { id } }");

        assertThat(all).as("estimate of all %d rows", ROWS).isBetween(ROWS / 2, ROWS * 2);
        assertThat(oneGroup).as("estimate of the %d rows in one group: the WHERE clause counts", ROWS / 10)
                .isBetween(ROWS / 10 / 2, ROWS / 10 * 2);
        assertThat(page).as("estimate under limit: 50").isBetween(1L, 50L);
        List<String> statements = recorded.executed().stream().map(RecordingDatabase.ExecutedStatement::sql).toList();
        assertThat(statements).as("statements GetFlightInfo ran").hasSize(3)
                .allSatisfy(sql -> assertThat(sql).startsWith("EXPLAIN (FORMAT JSON) SELECT ").contains(ITEMS)
                        .doesNotContainIgnoringCase("count("));
    }

    @Test
    void getFlightInfoPlanningPastTheQueryTimeoutAnswersTimedOutAndEndsTheExplain() throws Exception {
        start(new CallLimits(8, Duration.ofSeconds(2)));
        FlightDescriptor slow = descriptor("{ slowPlanning { id } }");
        assertThatThrownBy(() -> client.getInfo(slow)).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.TIMED_OUT);
            assertThat(e.getMessage()).contains("query timeout of 2 s", "--query-timeout");
        });
        assertThat(recorded.executed()).singleElement()
                .satisfies(statement -> assertThat(statement.sql()).startsWith("EXPLAIN (FORMAT JSON) SELECT "));
    }

    @Test
    void stoppingTheQueryCancelsItsExplainInPostgresAndTheEstimateThrowsTheStop() throws Exception {
        try (RunningQueries queries = RunningQueries.withTimeout(Duration.ofMinutes(5));
             RootAllocator executorAllocator = new RootAllocator();
             JdbcDatabase database = postgres();
             RunningQuery query = queries.start(null, "")) {
            QueryExecutor executor = new QueryExecutor(database, executorAllocator, 50);
            SelectPlan plan = Plans.select(compiler, GraphQLRequest.of("{ slowPlanning { id } }"));
            CompletableFuture<Long> estimate = CompletableFuture.supplyAsync(() -> executor.estimateRows(plan, query));
            Await.until("the EXPLAIN to run in PostgreSQL", SETTLE, () -> activeStatements() == 1);
            query.stop(StopReason.CANCELLED);
            assertThatThrownBy(estimate::join).isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(QueryStoppedException.class,
                            e -> assertThat(e.reason()).isEqualTo(StopReason.CANCELLED));
        }
    }

    @Test
    void aQueryStoppedAlreadyGetsItsStopAndRunsNoStatement() throws Exception {
        RecordingDatabase database = new RecordingDatabase(postgres());
        try (RunningQueries queries = RunningQueries.withTimeout(Duration.ofMinutes(5));
             RootAllocator executorAllocator = new RootAllocator();
             RunningQuery query = queries.start(null, "")) {
            QueryExecutor executor = new QueryExecutor(database, executorAllocator, 50);
            SelectPlan plan = Plans.select(compiler, GraphQLRequest.of("{ items { id } }"));
            query.stop(StopReason.TIMED_OUT);
            assertThatThrownBy(() -> executor.estimateRows(plan, query))
                    .isInstanceOfSatisfying(QueryStoppedException.class,
                            e -> assertThat(e.reason()).isEqualTo(StopReason.TIMED_OUT));
            assertThat(database.executed()).isEmpty();
        } finally {
            database.close();
        }
    }

    private long records(String query) {
        return client.getInfo(descriptor(query)).getRecords();
    }

    private static FlightDescriptor descriptor(String query) {
        return FlightDescriptor.command(GraphQLRequest.of(query).toJson());
    }

    /** Statements of other sessions running right now on this test's table or view (EXPLAIN included). */
    private static int activeStatements() {
        return PostgresActivity.activeStatementsNaming(SERVICES.postgres(), SUFFIX.toLowerCase(Locale.ROOT));
    }

    private static JdbcDatabase postgres() {
        PostgresSettings pg = SERVICES.postgres();
        return JdbcDatabase.postgres(pg.jdbcUrl(), pg.user(), pg.password());
    }

    private static Connection connect() throws SQLException {
        PostgresSettings pg = SERVICES.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }
}
