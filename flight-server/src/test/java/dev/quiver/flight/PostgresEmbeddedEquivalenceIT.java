package dev.quiver.flight;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.testing.Plans;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.query.QueryExecutor;
import dev.quiver.flight.query.SelectPlan;
import dev.quiver.flight.request.BatchStream;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.source.RecordingDatabase;
import dev.quiver.flight.testing.ArrowRows;
import dev.quiver.testsupport.PostgresSettings;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The same demo shop (same seed, same size) served from the real PostgreSQL, loaded with {@code --load-demo}
 * into a schema of its own, and from the embedded database: every query must give identical Arrow batches.
 */
@Timeout(240)
class PostgresEmbeddedEquivalenceIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final long ORDERS = 10_000;
    private static final int BATCH_ROWS = 700;
    private static final String SCHEMA = "quiver_eq_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static QuiverServer postgres;
    private static QuiverServer embedded;
    private static BufferAllocator allocator;
    private static FlightClient postgresClient;
    private static FlightClient embeddedClient;

    @BeforeAll
    static void startBoth() throws Exception {
        SERVICES.require(ServiceName.POSTGRES);
        try (Connection admin = connect(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE SCHEMA " + SCHEMA);
        }
        postgres = QuiverServer.start(ServerArgs.parse("--flight-port", "0", "--http-port", "0", "--no-relay", "--jdbc-url", schemaUrl(),
                "--db-user", pg().user(), "--db-password", pg().password(), "--load-demo",
                "--demo-rows", String.valueOf(ORDERS), "--batch-rows", String.valueOf(BATCH_ROWS)));
        embedded = QuiverServer.start(ServerArgs.parse("--flight-port", "0", "--http-port", "0", "--no-relay",
                "--demo-rows", String.valueOf(ORDERS), "--batch-rows", String.valueOf(BATCH_ROWS)));
        allocator = new RootAllocator();
        postgresClient = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", postgres.port())).build();
        embeddedClient = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", embedded.port())).build();
    }

    @AfterAll
    static void stopAndDrop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {postgresClient, embeddedClient, allocator, postgres, embedded}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        try (Connection admin = connect(); Statement sql = admin.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    /** Root lists are ordered where the comparison needs one order: without orderBy each source streams its own. */
    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("every scalar kind of users", true,
                        "{ users(orderBy: [{id: ASC}]) { id name email country createdAt vip birthDate referredBy } }"),
                Arguments.of("every scalar kind of products", true,
                        "{ products(orderBy: [{id: ASC}]) { id name category price stock rating barcode attributes } }"),
                Arguments.of("all orders in many batches", true,
                        "{ orders(orderBy: [{id: ASC}]) { id userId status total itemCount createdAt } }"),
                Arguments.of("limit and offset", true,
                        "{ orderItems(limit: 5000, offset: 1234) { id orderId productId quantity unitPrice } }"),
                Arguments.of("in, ranges on decimal and timestamp, ordering", true,
                        "{ orders(where: {status: {in: [\"paid\", \"shipped\"]}, total: {gte: \"100.50\", lt: \"2000\"},"
                                + " createdAt: {gt: \"2024-03-01T00:00:00Z\"}}, orderBy: [{total: DESC}]) { id total status createdAt } }"),
                Arguments.of("or, and, not, isNull, like, boolean and date filters", true,
                        "{ users(where: {or: [{country: {isNull: true}}, {and: [{vip: {eq: true}}, {birthDate: {lt: \"1970-01-01\"}}]}],"
                                + " not: {name: {like: \"A%\"}}}, orderBy: [{country: ASC}, {name: DESC}]) { id name country vip birthDate } }"),
                Arguments.of("float, bigint and JSON filters", true,
                        "{ products(where: {rating: {gte: 2.5}, barcode: {gt: \"4500000000000\"}, attributes: {isNull: false}},"
                                + " orderBy: [{rating: DESC}]) { id rating barcode attributes } }"),
                Arguments.of("ID in list and ne", true,
                        "{ users(where: {id: {in: [\"1\", \"2\", \"3\", \"999999\"]}, email: {ne: \"x\"}}, orderBy: [{id: ASC}]) { id email } }"),
                Arguments.of("nulls in ordering with a page", true,
                        "{ users(orderBy: [{birthDate: DESC}, {country: ASC}], limit: 300, offset: 50) { id birthDate country } }"),
                Arguments.of("three relation levels", true,
                        "{ orders(limit: 3000, orderBy: [{createdAt: ASC}]) { id user { id name referrer { id name } }"
                                + " items { id quantity product { id name price rating } } } }"),
                Arguments.of("to-many filter, order and page per parent", true,
                        "{ users(limit: 800, orderBy: [{id: ASC}]) { id orders(where: {status: {ne: \"cancelled\"}}, orderBy: [{total: DESC}],"
                                + " limit: 3, offset: 1) { id total items(orderBy: [{quantity: DESC}]) { quantity } } referrals { id } } }"),
                Arguments.of("wide fan-out with limit per parent", true,
                        "{ products(orderBy: [{id: ASC}]) { id orderItems(limit: 5, orderBy: [{unitPrice: DESC}, {quantity: ASC}]) { id order { id status } } } }"),
                Arguments.of("aliases, typename and fragments", true,
                        "query Q { o: orders(limit: 100, orderBy: [{id: DESC}]) { __typename k: id ...F } }"
                                + " fragment F on Order { u: user { __typename n: name } }"),
                Arguments.of("empty result with relations", false,
                        "{ orders(where: {id: {eq: \"0\"}}) { id user { id } items { id } } }"),
                Arguments.of("limit zero", false, "{ users(limit: 0) { id } }"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void postgresAndEmbeddedGiveIdenticalArrowBatches(String name, boolean expectRows, String query) throws Exception {
        Ticket ticket = new Ticket(GraphQLRequest.of(query).toJson());
        long rows = 0;
        try (FlightStream fromPostgres = postgresClient.getStream(ticket);
             FlightStream fromEmbedded = embeddedClient.getStream(ticket)) {
            assertThat(fromPostgres.getSchema()).isEqualTo(fromEmbedded.getSchema());
            while (true) {
                boolean more = fromPostgres.next();
                assertThat(fromEmbedded.next()).as("both streams have a batch here").isEqualTo(more);
                if (!more) {
                    break;
                }
                VectorSchemaRoot pg = fromPostgres.getRoot();
                VectorSchemaRoot h2 = fromEmbedded.getRoot();
                assertThat(ArrowRows.of(pg)).isEqualTo(ArrowRows.of(h2));
                assertThat(pg.equals(h2)).as("Arrow vectors equal").isTrue();
                rows += pg.getRowCount();
            }
        }
        if (expectRows) {
            assertThat(rows).isPositive();
        } else {
            assertThat(rows).isZero();
        }
    }

    @Test
    void loadDemoCreatedTheTablesAndLeavesLoadedTablesAlone() throws Exception {
        try (Connection connection = DriverManager.getConnection(schemaUrl(), pg().user(), pg().password())) {
            assertThat(count(connection, "orders")).isEqualTo(ORDERS);
            assertThat(count(connection, "users")).isEqualTo(new DemoShop.Size(ORDERS).users());
            long items = count(connection, "order_items");
            assertThat(items).isBetween(ORDERS, 3 * ORDERS);
            // a second --load-demo on the loaded schema must not add rows
            try (QuiverServer again = QuiverServer.start(ServerArgs.parse("--flight-port", "0", "--http-port", "0", "--no-relay", "--jdbc-url",
                    schemaUrl(), "--db-user", pg().user(), "--db-password", pg().password(), "--load-demo",
                    "--demo-rows", "10"))) {
                assertThat(again.port()).isPositive();
            }
            assertThat(count(connection, "orders")).isEqualTo(ORDERS);
            assertThat(count(connection, "order_items")).isEqualTo(items);
        }
    }

    @Test
    void postgresStreamsEveryStatementThroughACursorWithFlatArrowMemory() throws Exception {
        RecordingDatabase recorded = new RecordingDatabase(JdbcDatabase.postgres(schemaUrl(), pg().user(), pg().password()));
        int batchRows = 1_000;
        String selection = " { id orderId productId quantity unitPrice order { id status total createdAt }"
                + " product { name price attributes } } }";
        Streamed twoBatches = stream(recorded, "{ orderItems(limit: " + 3 * batchRows / 2 + ")" + selection, batchRows);
        recorded.clear();
        Streamed everything = stream(recorded, "{ orderItems" + selection, batchRows);

        LoggerFactory.getLogger(PostgresEmbeddedEquivalenceIT.class).info(
                "streamed {} rows: {} Arrow bytes, peak {} bytes; {} rows: {} bytes, peak {} bytes", twoBatches.rows,
                twoBatches.bytes, twoBatches.peakMemory, everything.rows, everything.bytes, everything.peakMemory);
        // ten times the rows, the same memory: Arrow holds one batch of parents plus its children, never the result
        assertThat(everything.rows).isGreaterThan(ORDERS).isGreaterThanOrEqualTo(10 * twoBatches.rows);
        assertThat(everything.bytes).isGreaterThanOrEqualTo(5 * twoBatches.bytes);
        assertThat(everything.peakMemory).isLessThanOrEqualTo(twoBatches.peakMemory * 3 / 2);

        // pgjdbc reads through a cursor only with autocommit off, a fetch size and a forward-only result set
        List<RecordingDatabase.ExecutedStatement> executed = recorded.executed();
        assertThat(executed).hasSize(1 + 2 * (int) ((everything.rows + batchRows - 1) / batchRows));
        assertThat(executed).allSatisfy(statement -> {
            assertThat(statement.autoCommit()).isFalse();
            assertThat(statement.fetchSize()).isEqualTo(batchRows);
            assertThat(statement.resultSetType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
        });
    }

    /** What streaming one query cost: rows, the Arrow bytes of all batches, and the allocator's peak. */
    private record Streamed(long rows, long bytes, long peakMemory) {
    }

    private static Streamed stream(RecordingDatabase database, String query, int batchRows) throws Exception {
        SelectPlan plan = Plans.select(new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()), QueryLimits.DEFAULTS),
                GraphQLRequest.of(query));
        long[] bytes = {0};
        try (BufferAllocator queries = new RootAllocator()) {
            long rows = new QueryExecutor(database, queries, batchRows).execute(plan, new BatchStream() {
                @Override
                public void start(VectorSchemaRoot root) {
                }

                @Override
                public boolean batch(VectorSchemaRoot root, int count) {
                    bytes[0] += root.getFieldVectors().stream().mapToLong(v -> v.getBufferSize()).sum();
                    return true;
                }
            }, QueryGuard.NONE);
            return new Streamed(rows, bytes[0], queries.getPeakMemoryAllocation());
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet count = sql.executeQuery("SELECT COUNT(*) FROM " + table)) {
            count.next();
            return count.getLong(1);
        }
    }

    private static PostgresSettings pg() {
        return SERVICES.postgres();
    }

    private static String schemaUrl() {
        return pg().jdbcUrl() + "?currentSchema=" + SCHEMA;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(pg().jdbcUrl(), pg().user(), pg().password());
    }
}
