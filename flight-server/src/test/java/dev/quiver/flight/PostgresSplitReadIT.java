package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.testing.ArrowRows;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query split over several endpoints by key range, against the real PostgreSQL, answers what the one endpoint
 * answers: the endpoints' rows read in order and joined equal the one-endpoint rows without a limit, with a limit (the
 * first rows in key order), ordered by the key, under a filter, and with a relation (read through the JDBC cursor,
 * not COPY). Queries whose answer a split could change get one endpoint: an offset, an order on another column, a
 * type without a single key, a key that is not an integer. The tables have random names and are dropped afterwards.
 */
@Timeout(120)
class PostgresSplitReadIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String ITEMS = "split_items_" + SUFFIX;
    private static final String PAIRS = "split_pairs_" + SUFFIX;
    private static final String NAMED = "split_named_" + SUFFIX;
    /** Rows of {@link #ITEMS}: ids 3, 6, ..., with a gap and a few negative ones. */
    private static final int ROWS = 6_000;
    private static final int MAX_ENDPOINTS = 4;

    @TempDir
    static Path directory;
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient client;

    @BeforeAll
    static void start() throws Exception {
        SERVICES.require(ServiceName.POSTGRES);
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE " + ITEMS + " (id bigint PRIMARY KEY, grp integer NOT NULL, note text)");
            sql.execute("INSERT INTO " + ITEMS + " SELECT g * 3, g % 7, 'note ' || g FROM generate_series(1, "
                    + (ROWS - 10) + ") g WHERE g NOT BETWEEN 1000 AND 1500");
            sql.execute("INSERT INTO " + ITEMS + " SELECT -g * 1000, g, NULL FROM generate_series(1, 10) g");
            sql.execute("ANALYZE " + ITEMS);
            sql.execute("CREATE TABLE " + PAIRS + " (a integer, b integer, PRIMARY KEY (a, b))");
            sql.execute("INSERT INTO " + PAIRS + " SELECT g % 50, g FROM generate_series(1, 500) g");
            sql.execute("CREATE TABLE " + NAMED + " (code text PRIMARY KEY, label text)");
            sql.execute("INSERT INTO " + NAMED + " SELECT 'c' || g, 'label ' || g FROM generate_series(1, 500) g");
        }
        String schema = String.join("\n",
                "type Item @table(name: \"" + ITEMS + "\", root: \"items\") {",
                "  id: ID!\n  grp: Int!\n  note: String",
                "  sameGroup: [Item!]! @relation(fields: [\"grp\"], references: [\"grp\"])\n}",
                "type Pair @table(name: \"" + PAIRS + "\", root: \"pairs\") { a: Int! b: Int! }",
                "type Named @table(name: \"" + NAMED + "\", root: \"named\") { code: ID! label: String }", "");
        Path sdl = Files.writeString(directory.resolve("split.graphql"), schema);
        PostgresSettings pg = SERVICES.postgres();
        ServerConfig config = ServerConfig.builder().sdl(sdl).demoRows(0).batchRows(500).maxEndpoints(MAX_ENDPOINTS)
                .build();
        server = QuiverServer.start(config, JdbcDatabase.postgres(pg.jdbcUrl(), pg.user(), pg.password()));
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            client.close();
            allocator.close();
            server.close();
        }
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS " + ITEMS);
            sql.execute("DROP TABLE IF EXISTS " + PAIRS);
            sql.execute("DROP TABLE IF EXISTS " + NAMED);
        }
    }

    @Test
    void withoutALimitTheEndpointsTogetherHoldEveryRowInKeyOrder() {
        String query = "{ items { id grp note } }";
        FlightInfo split = info(query, 3);
        assertThat(split.getEndpoints()).hasSize(3);
        assertThat(split.getOrdered()).isTrue();
        assertThat(split.getRecords()).as("the estimate of the whole answer").isGreaterThan(ROWS / 2);
        List<List<Map<String, Object>>> parts = readEach(split);
        assertThat(parts).allSatisfy(part -> assertThat(part).isNotEmpty());
        assertKeyOrderAcross(parts);
        assertThat(sortedById(joined(parts))).isEqualTo(sortedById(read(info(query, 1))));
    }

    @Test
    void withALimitTheEndpointsHoldTheFirstRowsInKeyOrder() {
        FlightInfo split = info("{ items(limit: 1234) { id grp } }", 4);
        assertThat(split.getEndpoints()).hasSize(4);
        List<Map<String, Object>> rows = joined(readEach(split));
        assertThat(rows).hasSize(1234);
        assertThat(sortedById(rows)).isEqualTo(read(info("{ items(limit: 1234, orderBy: {id: ASC}) { id grp } }", 1)));
    }

    @Test
    void orderedByTheKeyTheJoinedEndpointsAreTheOneEndpointAnswer() {
        String query = "{ items(orderBy: [{id: ASC}], limit: 4321) { id note } }";
        FlightInfo split = info(query, 4);
        assertThat(split.getEndpoints()).hasSize(4);
        assertThat(joined(readEach(split))).isEqualTo(read(info(query, 1)));
    }

    @Test
    void aFilterIsKeptInEveryEndpointAndInTheRanges() {
        String query = "{ items(where: {grp: {eq: 3}, id: {gt: \"600\"}}, orderBy: {id: ASC}) { id grp } }";
        FlightInfo split = info(query, 3);
        assertThat(split.getEndpoints()).hasSizeGreaterThan(1);
        List<Map<String, Object>> rows = joined(readEach(split));
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.get("grp")).isEqualTo(3));
        assertThat(rows).isEqualTo(read(info(query, 1)));
    }

    @Test
    void aQueryWithARelationIsSplitToo() {
        String query = "{ items(orderBy: {id: ASC}, limit: 300) { id sameGroup(limit: 2) { id } } }";
        FlightInfo split = info(query, 2);
        assertThat(split.getEndpoints()).hasSize(2);
        assertThat(joined(readEach(split))).isEqualTo(read(info(query, 1)));
    }

    @Test
    void noMoreEndpointsThanTheServerAllows() {
        assertThat(info("{ items { id } }", 50).getEndpoints()).hasSize(MAX_ENDPOINTS);
    }

    @Test
    void queriesASplitCouldChangeGetOneEndpoint() {
        assertOneEndpoint("{ items { id } }", 1);
        assertOneEndpoint("{ items(offset: 10, limit: 100) { id } }", 4);
        assertOneEndpoint("{ items(orderBy: {grp: ASC}) { id } }", 4);
        assertOneEndpoint("{ items(orderBy: {id: DESC}) { id } }", 4);
        assertOneEndpoint("{ pairs { a b } }", 4);
        assertOneEndpoint("{ named { code } }", 4);
        assertOneEndpoint("{ items(where: {id: {eq: \"3\"}}) { id } }", 4);
        assertOneEndpoint("{ items(where: {id: {eq: \"1\"}}) { id } }", 4);
    }

    @Test
    void aCountThatIsNotAPositiveWholeNumberIsRefused() {
        for (String count : List.of("0", "-2", "1.5", "\"2\"", "null", "99999999999")) {
            byte[] command = ("{\"query\": \"{ items { id } }\", \"endpoints\": " + count + "}")
                    .getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> client.getInfo(FlightDescriptor.command(command)))
                    .as("endpoints: %s", count)
                    .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                        assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("\"endpoints\" must be a whole number of 1 or more");
                    });
        }
    }

    @Test
    void aKeyRangeOnlyNarrowsAndOnlyWhereAQueryCanBeSplit() {
        assertThat(read(ticket("{ items(orderBy: {id: ASC}) { id } }", "[-5000, 9]")))
                .extracting(row -> row.get("id")).containsExactly("-5000", "-4000", "-3000", "-2000", "-1000", "3", "6", "9");
        for (String range : List.of("[5, 1]", "[1]", "\"1-5\"", "[1.5, 3]", "[1, 99999999999999999999]")) {
            assertThatThrownBy(() -> read(ticket("{ items { id } }", range))).as("keyRange %s", range)
                    .isInstanceOfSatisfying(FlightRuntimeException.class, e ->
                            assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT));
        }
        assertThatThrownBy(() -> read(ticket("{ items(offset: 1) { id } }", "[1, 9]")))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("\"keyRange\" applies only to");
                });
    }

    private static void assertOneEndpoint(String query, int endpoints) {
        FlightInfo info = info(query, endpoints);
        assertThat(info.getEndpoints()).as(query).hasSize(1);
        assertThat(new String(info.getEndpoints().get(0).getTicket().getBytes(), StandardCharsets.UTF_8))
                .as(query).doesNotContain("keyRange");
    }

    /** Each endpoint's first key is above the previous endpoint's last. */
    private static void assertKeyOrderAcross(List<List<Map<String, Object>>> parts) {
        for (int i = 1; i < parts.size(); i++) {
            long previousMax = parts.get(i - 1).stream().mapToLong(PostgresSplitReadIT::id).max().orElseThrow();
            long min = parts.get(i).stream().mapToLong(PostgresSplitReadIT::id).min().orElseThrow();
            assertThat(min).as("first key of endpoint %d", i).isGreaterThan(previousMax);
        }
    }

    private static FlightInfo info(String query, int endpoints) {
        ObjectNode command = JSON.createObjectNode().put("query", query);
        if (endpoints != 1) {
            command.put("endpoints", endpoints);
        }
        return client.getInfo(FlightDescriptor.command(command.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static Ticket ticket(String query, String keyRange) {
        ObjectNode ticket = JSON.createObjectNode().put("query", query);
        return new Ticket(("{" + ticket.toString().substring(1, ticket.toString().length() - 1) + ", \"keyRange\": "
                + keyRange + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static List<List<Map<String, Object>>> readEach(FlightInfo info) {
        List<List<Map<String, Object>>> parts = new ArrayList<>();
        for (FlightEndpoint endpoint : info.getEndpoints()) {
            assertThat(endpoint.getLocations()).as("an endpoint on this server").isEmpty();
            parts.add(read(endpoint.getTicket()));
        }
        return parts;
    }

    private static List<Map<String, Object>> read(FlightInfo info) {
        assertThat(info.getEndpoints()).hasSize(1);
        return read(info.getEndpoints().get(0).getTicket());
    }

    private static List<Map<String, Object>> read(Ticket ticket) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (FlightStream stream = client.getStream(ticket)) {
            while (stream.next()) {
                rows.addAll(ArrowRows.of(stream.getRoot()));
            }
        } catch (FlightRuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static List<Map<String, Object>> joined(List<List<Map<String, Object>>> parts) {
        return parts.stream().flatMap(List::stream).toList();
    }

    private static List<Map<String, Object>> sortedById(List<Map<String, Object>> rows) {
        return rows.stream().sorted(Comparator.comparingLong(PostgresSplitReadIT::id)).toList();
    }

    private static long id(Map<String, Object> row) {
        return Long.parseLong(String.valueOf(row.get("id")));
    }

    private static Connection connect() throws SQLException {
        PostgresSettings pg = SERVICES.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }
}
