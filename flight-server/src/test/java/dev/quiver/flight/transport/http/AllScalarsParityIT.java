package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.QuiverServer;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.testsupport.PostgresSettings;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Quiver scalar (ID, String, Int, Float, Boolean, BigInt, Decimal, DateTime, Date, JSON) served from a
 * real PostgreSQL table, with edge values (int64 beyond 2^53, 38-digit decimals, NaN and infinities, instants
 * before 1970 and in year 9999, escapes and emoji, nulls): Flight and HTTP must answer the same rows, value for
 * value. The table has a random name and is dropped afterwards.
 */
@Timeout(120)
class AllScalarsParityIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final String TABLE = "http_twin_" + UUID.randomUUID().toString().replace("-", "");
    private static final String ALL = "id label count ratio active big amount price happenedAt day payload";
    private static final int GENERATED = 2_500;

    @TempDir
    static Path dir;
    private static QuiverServer server;
    private static BufferAllocator allocator;
    private static FlightClient flight;
    private static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        SERVICES.require(ServiceName.POSTGRES);
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, label text, count integer, ratio double precision,"
                    + " active boolean, big bigint, amount numeric(38, 9), price numeric(12, 2), happened_at timestamptz,"
                    + " day date, payload jsonb)");
            sql.execute("INSERT INTO " + TABLE + " VALUES"
                    + " (1, E'naïve \"☃\" \\\\ 🎉\\n\\u0001', -2147483648, 0.1, true, 9007199254740993,"
                    + "   12345678901234567890123456789.123456789, 0.10, '1969-12-31 23:59:59.999999+00', '1969-12-31',"
                    + "   '{\"a\": [1, 2.5, null], \"b\": \"x\"}'),"
                    + " (2, '', 2147483647, -1e300, false, -9223372036854775808, -0.000000001, 9999999999.99,"
                    + "   '2024-02-29 12:34:56.123456+00', '2024-02-29', '[]'),"
                    + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                    + " (4, E'tab\\there', 0, 'NaN', true, 9223372036854775807, 0, -0.01, '9999-12-31 23:59:59.999999+00',"
                    + "   '0001-01-01', 'null'),"
                    + " (5, 'inf', 1, '-Infinity', false, 0, 1, 1, '2000-01-01 00:00:00+05', '2000-01-01', '\"text\"'),"
                    + " (6, 'inf', 2, 'Infinity', NULL, 1, 2, 2, '1900-06-15 12:00:00.5+00', '1900-06-15', '1e400')");
            sql.execute("INSERT INTO " + TABLE + " SELECT g, 'row ' || g, g % 1000 - 500, g / 7.0, g % 2 = 0, g * 1000000007::bigint,"
                    + " g * 1.123456789, (g % 10000) / 100.0, timestamptz '2024-01-01 00:00:00+00' + g * interval '61.000001 seconds',"
                    + " date '2024-01-01' + g, jsonb_build_object('g', g) FROM generate_series(100, " + (100 + GENERATED - 1) + ") g");
        }
        Path sdl = dir.resolve("samples.graphql");
        Files.writeString(sdl, "type Sample @table(name: \"" + TABLE + "\", root: \"samples\") {\n"
                + "  id: ID!\n  label: String\n  count: Int\n  ratio: Float\n  active: Boolean\n  big: BigInt\n"
                + "  amount: Decimal @column(precision: 38, scale: 9)\n  price: Decimal @column(precision: 12, scale: 2)\n"
                + "  happenedAt: DateTime @column(name: \"happened_at\")\n  day: Date\n  payload: JSON\n}\n");
        PostgresSettings pg = SERVICES.postgres();
        server = QuiverServer.start(ServerConfig.builder().sdl(sdl)
                .database(pg.jdbcUrl(), pg.user(), pg.password()).demoRows(0).batchRows(500).build());
        allocator = new RootAllocator();
        flight = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
        http = new HttpTestClient(server.httpPort());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (flight != null) {
                flight.close();
                allocator.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            try (Connection connection = connect(); Statement sql = connection.createStatement()) {
                sql.execute("DROP TABLE IF EXISTS " + TABLE);
            }
        }
    }

    @Test
    void everyScalarAndEdgeValueIsTheSameOverBothTransports() throws Exception {
        List<Map<String, Object>> rows = same(GraphQLRequest.of("{ samples(orderBy: [{id: ASC}]) { " + ALL + " } }"));
        assertThat(rows).hasSize(6 + GENERATED);
        Map<String, Object> first = rows.get(0);
        assertThat(first.get("label")).isEqualTo("naïve \"☃\" \\ 🎉\n\u0001");
        assertThat(first.get("big")).isEqualTo(9_007_199_254_740_993L);
        assertThat(first.get("amount")).isEqualTo(new BigDecimal("12345678901234567890123456789.123456789"));
        assertThat(first.get("happenedAt")).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(first.get("day")).isEqualTo(LocalDate.of(1969, 12, 31));
        assertThat(rows.get(2).values()).containsOnlyOnce("3").containsOnly("3", null);
        assertThat(rows.get(3).get("ratio")).isEqualTo(Double.NaN);
        assertThat(rows.get(4).get("happenedAt")).isEqualTo(Instant.parse("1999-12-31T19:00:00Z"));
    }

    @Test
    void filtersOnEveryScalarWithVariables() throws Exception {
        String query = "query Filtered($big: BigInt, $day: Date, $since: DateTime, $amount: Decimal, $active: Boolean,"
                + " $ratio: Float, $count: Int, $label: String) { samples(where: {big: {gte: $big}, day: {lt: $day},"
                + " happenedAt: {gte: $since}, amount: {gt: $amount}, active: {eq: $active}, ratio: {lt: $ratio},"
                + " count: {ne: $count}, label: {like: $label}}, orderBy: [{day: DESC}, {id: ASC}]) { " + ALL + " } }";
        List<Map<String, Object>> rows = same(new GraphQLRequest(query, Map.of("big", "200000000000", "day", "2030-01-01",
                "since", "2024-01-01T05:00:00+02:00", "amount", "250.5", "active", true, "ratio", 300.25, "count", 0,
                "label", "row %"), "Filtered"));
        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat((Long) row.get("big")).isGreaterThanOrEqualTo(200_000_000_000L);
            assertThat(row.get("active")).isEqualTo(true);
            assertThat((Double) row.get("ratio")).isLessThan(300.25);
        });
    }

    @Test
    void aDecimalVariableSentAsAJsonNumberKeepsEveryDigit() throws Exception {
        // 38 significant digits: as a double it would be 1.2345678901234568E28 and match no row
        BigDecimal amount = new BigDecimal("12345678901234567890123456789.123456789");
        List<Map<String, Object>> rows = same(new GraphQLRequest("query Exact($amount: Decimal) {"
                + " samples(where: {amount: {eq: $amount}}) { id amount } }", Map.of("amount", amount), "Exact"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("amount")).isEqualTo(amount);
    }

    @Test
    void nullsAliasesAndTypename() throws Exception {
        List<Map<String, Object>> rows = same(GraphQLRequest.of("{ empty: samples(where: {payload: {isNull: true}}) {"
                + " key: id t: __typename when: happenedAt on: day p: payload } }"), "empty");
        assertThat(rows).singleElement().satisfies(row -> assertThat(row).containsEntry("key", "3")
                .containsEntry("t", "Sample").containsEntry("when", null).containsEntry("p", null));
    }

    private static List<Map<String, Object>> same(GraphQLRequest request) throws Exception {
        return same(request, "samples");
    }

    private static List<Map<String, Object>> same(GraphQLRequest request, String resultKey) throws Exception {
        return TwinResults.assertSame(flight, http, request, resultKey);
    }

    private static Connection connect() throws SQLException {
        PostgresSettings pg = SERVICES.postgres();
        DriverManager.setLoginTimeout(10);
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }
}
