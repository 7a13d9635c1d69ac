package dev.quiver.flight.query.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.query.QueryExecutor;
import dev.quiver.flight.query.SelectPlan;
import dev.quiver.flight.request.BatchStream;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.testing.ArrowRows;
import dev.quiver.flight.testing.Plans;
import dev.quiver.testsupport.PostgresSettings;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The binary COPY read and the JDBC cursor read give the same batches, value for value, against the real
 * PostgreSQL: every scalar kind over the column types COPY decodes (serial and plain integers as IDs, char(n),
 * varchar, text, json and jsonb, int2/int4/int8, real and double, numeric at and beyond a long, timestamptz, date)
 * with edge values and NULLs; filters of every parameter type, including strings built to break out of a literal;
 * a column type COPY does not decode, which must fall back to JDBC with the same answer; and relations, whose rows
 * come through the cursor and are decoded from the bytes pgjdbc received, against the typed getters. The tables have
 * random names and are dropped afterwards.
 */
@Timeout(120)
class PostgresCopyReadIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String SAMPLES = "copy_samples_" + SUFFIX;
    private static final String LOCAL_TIMES = "copy_local_times_" + SUFFIX;
    private static final String ALL = "id serial label padded note count small ratio single active big amount price"
            + " happenedAt day payload doc";
    private static final int BATCH_ROWS = 64;
    private static final List<String> HOSTILE = List.of("it's", "'); DROP TABLE " + "x; --", "back\\slash", "\\'",
            "$$ ? \" ☃ 🎉", "E'\\x41'", "%_", "'' OR 1=1 --", "line\nbreak", "?");

    private static JdbcDatabase database;
    private static RequestPlanner planner;
    private static BufferAllocator allocator;

    @BeforeAll
    static void createTables() throws Exception {
        SERVICES.require(ServiceName.POSTGRES);
        PostgresSettings pg = SERVICES.postgres();
        database = JdbcDatabase.postgres(pg.jdbcUrl(), pg.user(), pg.password());
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE " + SAMPLES + " (id bigint PRIMARY KEY, serial_id serial, label text, padded char(6),"
                    + " note varchar(40), count integer, small smallint, ratio double precision, single real, active boolean,"
                    + " big bigint, amount numeric(38, 9), price numeric(12, 2), happened_at timestamptz, day date,"
                    + " payload jsonb, doc json)");
            sql.execute("INSERT INTO " + SAMPLES + " (id, label, padded, note, count, small, ratio, single, active, big,"
                    + " amount, price, happened_at, day, payload, doc) VALUES"
                    + " (1, E'naïve \"☃\" \\\\ 🎉\\n\\u0001', 'ab', 'it''s', -2147483648, -32768, 0.1, 0.1, true,"
                    + "   9007199254740993, 12345678901234567890123456789.123456789, 0.10,"
                    + "   '1969-12-31 23:59:59.999999+00', '1969-12-31', '{\"a\": [1, 2.5, null], \"b\": \"x\"}', '{ \"k\" : 1 }'),"
                    + " (2, '', '', '', 2147483647, 32767, -1e300, -3.4e38, false, -9223372036854775808, -0.000000001,"
                    + "   9999999999.99, '2024-02-29 12:34:56.123456+00', '2024-02-29', '[]', '[]'),"
                    + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                    + " (4, E'tab\\there', 'abcdef', 'back\\slash', 0, 0, 'NaN', 'NaN', true, 9223372036854775807, 0, -0.01,"
                    + "   '9999-12-31 23:59:59.999999+00', '0001-01-01', 'null', 'null'),"
                    + " (5, 'inf', 'x', '$$ ? \" ☃ 🎉', 1, 1, '-Infinity', '-Infinity', false, 0, 1.5, 1,"
                    + "   '2000-01-01 00:00:00+05', '2000-01-01', '\"text\"', '\"text\"'),"
                    + " (6, 'inf', 'y', '''); DROP TABLE x; --', 2, 2, 'Infinity', 'Infinity', NULL, 1, 2.0000000005, 2,"
                    + "   '1900-06-15 12:00:00.5+00', '1900-06-15', '1e400', '1e400'),"
                    + " (7, '%_', 'z', E'\\\\''', 3, 3, 5e-324, 1e-45, true, -1, -99999999999999999999999999999.999999999,"
                    + "   -9999999999.99, '1970-01-01 00:00:00+00', '1970-01-01', '{}', '{}')");
            sql.execute("INSERT INTO " + SAMPLES + " (id, label, padded, note, count, small, ratio, single, active, big, amount,"
                    + " price, happened_at, day, payload, doc) SELECT g, 'row ' || g, left(md5(g::text), 6),"
                    + " (ARRAY['it''s', 'back\\slash', '?', 'line' || chr(10) || 'break'])[1 + g % 4], g % 1000 - 500,"
                    + " g % 300, g / 7.0, g / 3.0, g % 2 = 0, g * 1000000007::bigint, g * 1.123456789, (g % 10000) / 100.0,"
                    + " timestamptz '2024-01-01 00:00:00+00' + g * interval '61.000001 seconds', date '2024-01-01' + g,"
                    + " jsonb_build_object('g', g), json_build_object('g', g) FROM generate_series(100, 2599) g");
            sql.execute("CREATE TABLE " + LOCAL_TIMES + " (id bigint PRIMARY KEY, at timestamp, label text)");
            sql.execute("INSERT INTO " + LOCAL_TIMES + " SELECT g, timestamp '2024-01-01 00:00:00' + g * interval '1 hour',"
                    + " 'at ' || g FROM generate_series(1, 300) g");
        }
        String sdl = "type Sample @table(name: \"" + SAMPLES + "\", root: \"samples\") {\n"
                + "  id: ID!\n  serial: ID @column(name: \"serial_id\")\n  label: String\n  padded: String\n  note: String\n"
                + "  count: Int\n  small: Int\n  ratio: Float\n  single: Float\n  active: Boolean\n  big: BigInt\n"
                + "  amount: Decimal @column(precision: 38, scale: 9)\n  price: Decimal @column(precision: 12, scale: 2)\n"
                + "  happenedAt: DateTime @column(name: \"happened_at\")\n  day: Date\n  payload: JSON\n  doc: JSON\n"
                + "  self: Sample @relation(fields: [\"id\"], references: [\"id\"])\n"
                + "  sameCount: [Sample!]! @relation(fields: [\"count\"], references: [\"count\"])\n"
                + "  sameSmall: [Sample!]! @relation(fields: [\"small\"], references: [\"small\"])\n"
                + "  samePadded: [Sample!]! @relation(fields: [\"padded\"], references: [\"padded\"])\n}\n"
                + "type LocalTime @table(name: \"" + LOCAL_TIMES + "\", root: \"localTimes\") {\n"
                + "  id: ID!\n  at: DateTime\n  label: String\n}\n";
        planner = new RequestPlanner(new CatalogLoader().load(sdl), QueryLimits.DEFAULTS);
        allocator = new RootAllocator();
    }

    @AfterAll
    static void dropTables() throws SQLException {
        if (database != null) {
            try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
                sql.execute("DROP TABLE IF EXISTS " + SAMPLES);
                sql.execute("DROP TABLE IF EXISTS " + LOCAL_TIMES);
            }
        }
        if (allocator != null) {
            allocator.close();
        }
    }

    @Test
    void everyScalarWithItsEdgeValuesReadsTheSameByCopyAndByJdbc() throws Exception {
        String query = "{ samples(orderBy: [{id: ASC}]) { " + ALL + " alias: note __typename } }";
        assertThat(readsByCopy(query, Map.of())).isTrue();
        List<List<Map<String, Object>>> copied = batches(query, Map.of(), true);
        assertThat(copied).hasSize((2507 + BATCH_ROWS - 1) / BATCH_ROWS);
        assertThat(copied).isEqualTo(batches(query, Map.of(), false));
        assertThat(copied.get(0).get(0)).containsEntry("padded", "ab    ").containsEntry("payload",
                "{\"a\": [1, 2.5, null], \"b\": \"x\"}").containsEntry("doc", "{ \"k\" : 1 }")
                .containsEntry("serial", "1").containsEntry("__typename", "Sample");
    }

    @Test
    void relationsReadFromTheDriversBytesEqualTheTypedGetters() throws Exception {
        // with relations the rows come through the JDBC cursor: with copy reads on, each value is decoded from the
        // bytes pgjdbc received (binary numbers, numeric, timestamps and dates; UTF-8 text), off through getString,
        // getBigDecimal, getObject(OffsetDateTime) and the other typed getters
        String query = "{ samples(orderBy: [{id: ASC}]) { " + ALL + " self { " + ALL + " } sameCount(limit: 3) { "
                + ALL + " } } }";
        assertThat(readsByCopy(query, Map.of())).isFalse();
        List<List<Map<String, Object>>> raw = batches(query, Map.of(), true);
        assertThat(raw.stream().mapToInt(List::size).sum()).isEqualTo(2507);
        assertThat(raw).isEqualTo(batches(query, Map.of(), false));
        assertThat(raw.get(0).get(0).get("self")).isEqualTo(withoutRelations(raw.get(0).get(0)));
    }

    @Test
    void relationsOnSmallintIntegerBigintAndTextKeysHoldTheRowsSqlMatches() throws Exception {
        // smallint, integer and bigint keys are matched as longs and bound as primitive arrays, a text key as objects;
        // NULL keys (row 3) match nothing; each list in the relation's order (the target's key)
        String query = "{ samples(where: {id: {lte: 700}}, orderBy: [{id: ASC}]) { id self { id } sameSmall { id }"
                + " sameCount { id } samePadded { id } } }";
        List<Map<String, Object>> rows = batches(query, Map.of(), true).stream().flatMap(List::stream).toList();
        assertThat(rows).hasSize(7 + 601);
        Map<String, Map<String, List<String>>> expected = new java.util.HashMap<>();
        try (Connection connection = database.connect(); Statement sql = connection.createStatement();
             var result = sql.executeQuery("SELECT s.id, "
                     + "ARRAY(SELECT t.id::text FROM " + SAMPLES + " t WHERE t.small = s.small ORDER BY t.id), "
                     + "ARRAY(SELECT t.id::text FROM " + SAMPLES + " t WHERE t.count = s.count ORDER BY t.id), "
                     + "ARRAY(SELECT t.id::text FROM " + SAMPLES + " t WHERE t.padded = s.padded ORDER BY t.id) "
                     + "FROM " + SAMPLES + " s WHERE s.id <= 700")) {
            while (result.next()) {
                expected.put(result.getString(1), Map.of(
                        "sameSmall", List.of((String[]) result.getArray(2).getArray()),
                        "sameCount", List.of((String[]) result.getArray(3).getArray()),
                        "samePadded", List.of((String[]) result.getArray(4).getArray())));
            }
        }
        assertThat(expected).hasSize(rows.size());
        long matched = 0;
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            assertThat(row.get("self")).as(id).isEqualTo(Map.of("id", id));
            for (String relation : List.of("sameSmall", "sameCount", "samePadded")) {
                @SuppressWarnings("unchecked")
                List<String> ids = ((List<Map<String, Object>>) row.get(relation)).stream()
                        .map(element -> (String) element.get("id")).toList();
                assertThat(ids).as(relation + " of " + id).isEqualTo(expected.get(id).get(relation));
                matched += ids.size();
            }
        }
        assertThat(matched).isGreaterThan(5_000);
        assertThat(batches(query, Map.of(), false)).isEqualTo(batches(query, Map.of(), true));
    }

    private static Map<String, Object> withoutRelations(Map<String, Object> row) {
        Map<String, Object> scalars = new java.util.LinkedHashMap<>(row);
        scalars.remove("self");
        scalars.remove("sameCount");
        scalars.remove("sameSmall");
        scalars.remove("samePadded");
        return scalars;
    }

    @Test
    void filtersOfEveryParameterTypeSelectTheSameRows() throws Exception {
        List<String> filters = List.of(
                "{count: {gt: -100, lte: 400}, active: {eq: true}}",
                "{big: {lt: 0}}",
                "{big: {in: [9223372036854775807, -9223372036854775808, 1]}}",
                "{ratio: {gte: 10.5}, single: {lt: 100}}",
                "{amount: {gt: \"1.5\"}, price: {lte: \"50.25\"}}",
                "{happenedAt: {gte: \"2024-01-02T00:00:00+02:00\", lt: \"2024-01-03T00:00:00.000001Z\"}}",
                "{day: {in: [\"1969-12-31\", \"0001-01-01\", \"2024-03-01\"]}}",
                "{label: {like: \"row 1%\"}, or: [{padded: {like: \"a%\"}}, {count: {lt: 0}}], note: {isNull: false}}",
                "{not: {id: {in: [\"1\", \"2\", \"3\"]}}}");
        for (String where : filters) {
            String query = "{ samples(where: " + where + ", orderBy: [{id: DESC}], limit: 500, offset: 1) { " + ALL + " } }";
            assertThat(readsByCopy(query, Map.of())).as(where).isTrue();
            List<List<Map<String, Object>>> copied = batches(query, Map.of(), true);
            assertThat(copied).as(where).isNotEmpty().isEqualTo(batches(query, Map.of(), false));
        }
    }

    @Test
    void stringsBuiltToBreakOutOfALiteralAreOnlyValues() throws Exception {
        String query = "query($s: String!) { samples(where: {or: [{note: {eq: $s}}, {label: {like: $s}}]},"
                + " orderBy: [{id: ASC}]) { id note label } }";
        for (String hostile : HOSTILE) {
            Map<String, Object> variables = Map.of("s", hostile);
            assertThat(readsByCopy(query, variables)).as(hostile).isTrue();
            List<List<Map<String, Object>>> copied = batches(query, variables, true);
            assertThat(copied).as(hostile).isEqualTo(batches(query, variables, false));
            long matches = copied.stream().flatMap(List::stream).filter(r -> hostile.equals(r.get("note"))).count();
            long expected = count("SELECT count(*) FROM " + SAMPLES + " WHERE note = '" + hostile.replace("'", "''") + "'");
            assertThat(matches).as(hostile).isEqualTo(expected);
        }
        assertThat(count("SELECT count(*) FROM " + SAMPLES)).isEqualTo(2507);
    }

    @Test
    void aColumnTypeCopyDoesNotDecodeFallsBackToJdbcWithTheSameAnswer() throws Exception {
        String query = "{ localTimes(orderBy: [{id: ASC}]) { id at label } }";
        assertThat(readsByCopy(query, Map.of())).isFalse();
        List<List<Map<String, Object>>> rows = batches(query, Map.of(), true);
        assertThat(rows.stream().mapToInt(List::size).sum()).isEqualTo(300);
        assertThat(rows).isEqualTo(batches(query, Map.of(), false));
        assertThat(readsByCopy("{ localTimes { id label } }", Map.of())).isTrue();
    }

    @Test
    void aClientThatStopsAfterTheFirstBatchEndsTheCopy() throws Exception {
        SelectPlan plan = plan("{ samples { id label } }", Map.of());
        List<Integer> seen = new ArrayList<>();
        long rows = new QueryExecutor(database, allocator, BATCH_ROWS, Long.MAX_VALUE, Integer.MAX_VALUE, true)
                .execute(plan, new BatchStream() {
                    @Override
                    public void start(VectorSchemaRoot root) {
                    }

                    @Override
                    public boolean batch(VectorSchemaRoot root, int count) {
                        seen.add(count);
                        return false;
                    }
                }, QueryGuard.NONE);
        assertThat(seen).containsExactly(BATCH_ROWS);
        assertThat(rows).isZero();
        assertThat(batches("{ samples { id } }", Map.of(), true).stream().mapToInt(List::size).sum()).isEqualTo(2507);
    }

    private static boolean readsByCopy(String query, Map<String, Object> variables) throws Exception {
        SelectPlan plan = plan(query, variables);
        try (Connection connection = database.connect();
             VectorSchemaRoot root = VectorSchemaRoot.create(plan.schema(), allocator)) {
            connection.setAutoCommit(false);
            Optional<CopyQuery> copy = CopyQuery.prepare(connection, plan, root.getFieldVectors(), QueryGuard.NONE);
            connection.rollback();
            return copy.isPresent();
        }
    }

    private static List<List<Map<String, Object>>> batches(String query, Map<String, Object> variables, boolean copy)
            throws Exception {
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        new QueryExecutor(database, allocator, BATCH_ROWS, Long.MAX_VALUE, Integer.MAX_VALUE, copy)
                .execute(plan(query, variables), new BatchStream() {
                    @Override
                    public void start(VectorSchemaRoot root) {
                    }

                    @Override
                    public boolean batch(VectorSchemaRoot root, int count) {
                        batches.add(ArrowRows.of(root));
                        return true;
                    }
                }, QueryGuard.NONE);
        return batches;
    }

    private static SelectPlan plan(String query, Map<String, Object> variables) {
        return Plans.select(planner, new GraphQLRequest(query, variables, null));
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
