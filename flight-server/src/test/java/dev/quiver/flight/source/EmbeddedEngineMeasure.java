package dev.quiver.flight.source;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.demo.DemoRowsLoader;
import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.query.QueryExecutor;
import dev.quiver.flight.query.SelectPlan;
import dev.quiver.flight.query.SqlDialect;
import dev.quiver.flight.query.internal.StatementBinder;
import dev.quiver.flight.request.BatchStream;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.testing.ArrowRows;
import dev.quiver.flight.testing.Plans;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * Measures the embedded demo database's engine: H2 in PostgreSQL mode (what {@code make run} serves, loaded exactly
 * as {@link JdbcDatabase#embedded} and {@code QuiverServer.loadDemo} do) against an in-memory DuckDB
 * ({@code jdbc:duckdb:}), both filled with the same {@link DemoShop} rows through their JDBC drivers and queried
 * through {@link QueryExecutor} with plans from {@link RequestPlanner} over the demo SDL.
 *
 * <p>Not a test: named {@code *Measure} so neither surefire ({@code *Test}) nor failsafe ({@code *IT}) runs it.
 * Run with the test classpath:
 *
 * <pre>
 * mvn -B -ntp -o -q -pl flight-server -am test-compile
 * mvn -B -ntp -o -q -pl flight-server dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp flight-server/target/test-classes:flight-server/target/classes:$(cat /tmp/cp.txt) \
 *     dev.quiver.flight.source.EmbeddedEngineMeasure bench 100000 7
 * ... EmbeddedEngineMeasure memory h2 100000      (one engine per process: heap and RSS after loading)
 * ... EmbeddedEngineMeasure memory duckdb 100000
 * ... EmbeddedEngineMeasure probe                  (what of the DDL, the compiled SQL and the mutations runs on DuckDB)
 * ... EmbeddedEngineMeasure equivalence 10000      (PostgresEmbeddedEquivalenceIT's queries, H2 against DuckDB, 700-row batches)
 * ... EmbeddedEngineMeasure columns 100000 7       (the flat read's JDBC cost, column by column)
 * </pre>
 *
 * <p>System properties: {@code -Dduckdb.load=insert} loads DuckDB through BatchInsertSink like H2 (default: DuckDB's
 * appender); {@code -Dduckdb.stream=true} sets the driver's jdbc_stream_results; {@code -Dduckdb.nullOrder=default}
 * keeps DuckDB's NULL order (default here: PostgreSQL's, which H2 gets from DEFAULT_NULL_ORDERING=HIGH).
 */
public final class EmbeddedEngineMeasure {
    private static final int BATCH_ROWS = 65_536; // the server's default --batch-rows
    private static final String[] TABLES = {"users", "products", "orders", "order_items"};

    static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("flat", "{ orders(limit: 100000) { id userId status total itemCount createdAt } }");
        QUERIES.put("nested", "{ orders(limit: 20000) { id total user { id name } items { quantity product { name price } } } }");
        QUERIES.put("filtered", "{ orders(where: {status: {eq: \"paid\"}, total: {gt: \"500\"}}, orderBy: [{createdAt: DESC}],"
                + " limit: 1000) { id userId status total itemCount createdAt } }");
        QUERIES.put("like", "{ users(where: {name: {like: \"%a%e%\"}}, orderBy: [{id: ASC}]) { id name email country } }");
    }

    private EmbeddedEngineMeasure() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "bench";
        switch (mode) {
            case "bench" -> bench(args.length > 1 ? Long.parseLong(args[1]) : 100_000, args.length > 2 ? Integer.parseInt(args[2]) : 7);
            case "memory" -> memory(args[1], args.length > 2 ? Long.parseLong(args[2]) : 100_000);
            case "probe" -> probe();
            case "equivalence" -> equivalence(args.length > 1 ? Long.parseLong(args[1]) : 10_000);
            case "columns" -> columns(args.length > 1 ? Long.parseLong(args[1]) : 100_000, args.length > 2 ? Integer.parseInt(args[2]) : 7);
            default -> throw new IllegalArgumentException("mode: bench | memory h2|duckdb | probe");
        }
    }

    // ---------------------------------------------------------------- engines

    /** An engine under measurement: its database, and how long loading the demo took. */
    record Engine(String name, Database database, double loadSeconds) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
        }
    }

    /** H2 exactly as {@code make run}: JdbcDatabase.embedded, then createTables + DemoShop.load (BatchInsertSink). */
    static Engine h2(long orders) throws SQLException {
        long started = System.nanoTime();
        JdbcDatabase database = JdbcDatabase.embedded("measure-" + UUID.randomUUID());
        try (Connection connection = database.connect()) {
            DemoShop.createTables(connection);
            DemoShop.load(connection, new DemoShop.Size(orders), DemoShop.SEED, done -> { });
        }
        return new Engine("h2", database, seconds(started));
    }

    /**
     * In-memory DuckDB. Every {@code DriverManager.getConnection("jdbc:duckdb:")} opens a new, empty database, so
     * connections are duplicates of one root connection. Connections ignore {@code setReadOnly} (DuckDB's driver
     * refuses to change it on a connection; QueryExecutor sets it).
     */
    static final class DuckDatabase implements Database {
        final DuckDBConnection root;

        DuckDatabase() throws SQLException {
            java.util.Properties properties = new java.util.Properties();
            // PostgreSQL's (and H2's DEFAULT_NULL_ORDERING=HIGH) NULL order: largest, last ascending, first descending;
            // DuckDB's default puts NULLs last both ways. -Dduckdb.nullOrder=default leaves DuckDB's.
            if (!"default".equals(System.getProperty("duckdb.nullOrder"))) {
                properties.setProperty("default_null_order", "nulls_last_on_asc_first_on_desc");
            }
            if (Boolean.getBoolean("duckdb.stream")) { // -Dduckdb.stream=true: the driver streams results instead of materialising
                properties.setProperty("jdbc_stream_results", "true");
            }
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
        }

        @Override
        public Connection connect() throws SQLException {
            Connection connection = root.duplicate();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, arguments) -> {
                        if (method.getName().equals("setReadOnly")) {
                            return null;
                        }
                        try {
                            return method.invoke(connection, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public String kind() {
            return "duckdb"; // SqlDialect.STANDARD: a plain LIKE
        }

        @Override
        public void close() {
            try {
                root.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * DuckDB with the same rows through the same BatchInsertSink. Its DDL differs: no identity columns, so the ids are
     * plain BIGINTs while loading, and afterwards each gets a sequence starting after the highest id as its default
     * (what DemoShop's identity restart does on H2 and PostgreSQL).
     */
    static Engine duckdb(long orders) throws SQLException {
        return duckdb(orders, APPENDER);
    }

    /** How DuckDB is loaded: its appender, or BatchInsertSink's batched INSERTs like H2 (-Dduckdb.load=insert). */
    static final boolean APPENDER = !"insert".equals(System.getProperty("duckdb.load"));

    static Engine duckdb(long orders, boolean appender) throws SQLException {
        long started = System.nanoTime();
        DuckDatabase database = new DuckDatabase();
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            for (String ddl : statements(duckTablesDdl())) {
                sql.execute(ddl);
            }
            if (appender) {
                DemoRowsLoader.appendRows(connection.unwrap(DuckDBConnection.class), new DemoShop.Size(orders), DemoShop.SEED);
            } else {
                DemoRowsLoader.insertRows(connection, new DemoShop.Size(orders), DemoShop.SEED);
            }
            connection.setAutoCommit(false);
            for (String ddl : statements(resource("shop-indexes.sql"))) {
                sql.execute(ddl);
            }
            restartKeys(sql);
            connection.commit();
            connection.setAutoCommit(true);
        }
        return new Engine("duckdb", database, seconds(started));
    }

    /** shop.sql with {@code GENERATED BY DEFAULT AS IDENTITY} removed (DuckDB has no identity columns). */
    static String duckTablesDdl() {
        return resource("shop.sql").replace(" GENERATED BY DEFAULT AS IDENTITY", "");
    }

    static void restartKeys(Statement sql) throws SQLException {
        for (String table : TABLES) {
            long next;
            try (ResultSet max = sql.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table)) {
                max.next();
                next = max.getLong(1);
            }
            sql.execute("CREATE SEQUENCE " + table + "_id_seq START WITH " + next);
            sql.execute("ALTER TABLE " + table + " ALTER COLUMN id SET DEFAULT nextval('" + table + "_id_seq')");
        }
    }

    // ---------------------------------------------------------------- bench

    static void bench(long orders, int runs) throws Exception {
        System.out.printf("orders=%d runs=%d batchRows=%d cpus=%d java=%s duckdb load by %s%n", orders, runs, BATCH_ROWS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                APPENDER ? "appender" : "BatchInsertSink");
        // load interleaved too: h2, duckdb, and a second load of each (the first duckdb load extracts the native library)
        List<Double> h2Loads = new ArrayList<>();
        List<Double> duckLoads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (Engine e = h2(orders)) {
                h2Loads.add(e.loadSeconds);
            }
            try (Engine e = duckdb(orders)) {
                duckLoads.add(e.loadSeconds);
            }
        }
        Engine h2 = h2(orders);
        h2Loads.add(h2.loadSeconds);
        Engine duck = duckdb(orders);
        duckLoads.add(duck.loadSeconds);
        System.out.printf("load s  h2 %s  duckdb %s%n", h2Loads, duckLoads);

        Map<String, Map<String, SelectPlan>> plans = new LinkedHashMap<>();
        for (Engine engine : List.of(h2, duck)) {
            RequestPlanner planner = new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()), QueryLimits.DEFAULTS,
                    SqlDialect.of(engine.database));
            Map<String, SelectPlan> byQuery = new LinkedHashMap<>();
            QUERIES.forEach((name, query) -> byQuery.put(name, Plans.select(planner, GraphQLRequest.of(query))));
            plans.put(engine.name, byQuery);
        }
        plans.get("duckdb").forEach((name, plan) -> System.out.printf("%s SQL (duckdb): %s %s%n", name, plan.sql(),
                plan.parameters()));
        plans.get("duckdb").values().forEach(EmbeddedEngineMeasure::printRelations);

        try (BufferAllocator allocator = new RootAllocator()) {
            // equality first (also the warm-up of every path)
            for (String query : QUERIES.keySet()) {
                List<Map<String, Object>> fromH2 = rows(h2.database, plans.get("h2").get(query), allocator);
                List<Map<String, Object>> fromDuck = rows(duck.database, plans.get("duckdb").get(query), allocator);
                String verdict;
                if (fromH2.equals(fromDuck)) {
                    verdict = "IDENTICAL (same rows, values and order)";
                } else if (sortedById(fromH2).equals(sortedById(fromDuck))) {
                    verdict = "same rows and values, different order";
                } else {
                    verdict = "DIFFERENT: " + firstDifference(fromH2, fromDuck);
                }
                System.out.printf("equality %-8s h2 %d rows, duckdb %d rows: %s%n", query, fromH2.size(), fromDuck.size(),
                        verdict);
            }

            exportedSchemas(duck, plans.get("duckdb").get("flat"), allocator);
            List<Map<String, Object>> viaExport = new ArrayList<>();
            duckArrowIntoPlan(duck, plans.get("duckdb").get("flat"), allocator, viaExport);
            System.out.printf("equality flat via DuckDB Arrow export loaded into the plan's schema vs h2 QueryExecutor: %s%n",
                    viaExport.equals(rows(h2.database, plans.get("h2").get("flat"), allocator)) ? "IDENTICAL" : "DIFFERENT");
            Map<String, List<Double>> times = new LinkedHashMap<>();
            for (int run = -2; run < runs; run++) { // two warm-up rounds
                for (String query : QUERIES.keySet()) {
                    for (Engine engine : List.of(h2, duck)) {
                        double s = timed(() -> count(engine.database, plans.get(engine.name).get(query), allocator));
                        if (run >= 0) {
                            times.computeIfAbsent(engine.name + " " + query, k -> new ArrayList<>()).add(s);
                        }
                    }
                    if (query.equals("flat")) {
                        double s = timed(() -> duckArrowExport(duck, plans.get("duckdb").get("flat"), allocator));
                        double cast = timed(() -> duckArrowExport(duck, castIds(plans.get("duckdb").get("flat")), allocator));
                        double loaded = timed(() -> duckArrowIntoPlan(duck, plans.get("duckdb").get("flat"), allocator, null));
                        double raw = timed(() -> rawJdbc(h2.database, plans.get("h2").get("flat")));
                        double rawDuck = timed(() -> rawJdbc(duck.database, plans.get("duckdb").get("flat")));
                        if (run >= 0) {
                            times.computeIfAbsent("duckdb flat-arrow-export", k -> new ArrayList<>()).add(s);
                            times.computeIfAbsent("duckdb flat-arrow-export-ids-as-text", k -> new ArrayList<>()).add(cast);
                            times.computeIfAbsent("duckdb flat-arrow-into-plan-schema", k -> new ArrayList<>()).add(loaded);
                            times.computeIfAbsent("h2 flat-raw-jdbc", k -> new ArrayList<>()).add(raw);
                            times.computeIfAbsent("duckdb flat-raw-jdbc", k -> new ArrayList<>()).add(rawDuck);
                        }
                    }
                }
            }
            times.put("h2 load", h2Loads);
            times.put("duckdb load", duckLoads);
            System.out.println("median s (min..max) over runs; noisy: 2 cores shared with other builds");
            times.forEach((key, list) -> {
                double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("  %-26s median %.4f  (%.4f .. %.4f)  n=%d%n", key, sorted[sorted.length / 2],
                        sorted[0], sorted[sorted.length - 1], sorted.length);
            });
        } finally {
            h2.close();
            duck.close();
        }
    }

    static void printRelations(SelectPlan plan) {
        plan.columns().stream().filter(c -> c.relation() != null).forEach(c -> printRelation(c.relation()));
    }

    static void printRelation(dev.quiver.flight.query.RelationPlan relation) {
        System.out.printf("  relation SQL: %s%n", relation.sql());
        relation.columns().stream().filter(c -> c.relation() != null).forEach(c -> printRelation(c.relation()));
    }

    interface Work {
        long run() throws Exception;
    }

    static long lastRows;

    static double timed(Work work) {
        long started = System.nanoTime();
        try {
            lastRows = work.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return seconds(started);
    }

    /** Rows streamed through QueryExecutor into Arrow batches, counted. */
    static long count(Database database, SelectPlan plan, BufferAllocator allocator) throws Exception {
        long[] rows = {0};
        new QueryExecutor(database, allocator, BATCH_ROWS).execute(plan, new BatchStream() {
            @Override
            public void start(VectorSchemaRoot root) {
            }

            @Override
            public boolean batch(VectorSchemaRoot root, int count) {
                rows[0] += count;
                return true;
            }
        }, QueryGuard.NONE);
        return rows[0];
    }

    static List<Map<String, Object>> rows(Database database, SelectPlan plan, BufferAllocator allocator) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        new QueryExecutor(database, allocator, BATCH_ROWS).execute(plan, new BatchStream() {
            @Override
            public void start(VectorSchemaRoot root) {
            }

            @Override
            public boolean batch(VectorSchemaRoot root, int count) {
                rows.addAll(ArrowRows.of(root));
                return true;
            }
        }, QueryGuard.NONE);
        return rows;
    }

    /** The flat plan's SQL through DuckDB's own Arrow export (C data interface): the ceiling of a DuckDB read. */
    static long duckArrowExport(Engine duck, SelectPlan plan, BufferAllocator allocator) throws Exception {
        long rows = 0;
        DuckDBConnection root = ((DuckDatabase) duck.database).root;
        try (Connection connection = root.duplicate(); PreparedStatement statement = connection.prepareStatement(plan.sql())) {
            StatementBinder.bind(statement, 1, plan.parameters());
            try (ResultSet results = statement.executeQuery();
                 ArrowReader reader = (ArrowReader) results.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, BATCH_ROWS)) {
                while (reader.loadNextBatch()) {
                    rows += reader.getVectorSchemaRoot().getRowCount();
                }
            }
        }
        return rows;
    }

    /** The flat plan with its ID columns cast to text in SQL, as Quiver's schema has them (utf8). */
    static SelectPlan castIds(SelectPlan plan) {
        String sql = plan.sql().replace("SELECT \"id\", \"user_id\",", "SELECT CAST(\"id\" AS VARCHAR) AS \"id\","
                + " CAST(\"user_id\" AS VARCHAR) AS \"user_id\",");
        return new SelectPlan(plan.entity(), plan.columns(), sql, plan.parameters(), plan.schema(), plan.resultKey(), plan.limit());
    }

    /**
     * What a DuckDB read path could do: the flat SQL with ids cast to text, exported as Arrow by DuckDB, each batch's
     * buffers loaded into a root of the plan's own schema (names, nullability and the UTC zone as Quiver announces
     * them), as a BatchStream would get it. {@code rows}, when given, collects the rows.
     */
    static long duckArrowIntoPlan(Engine duck, SelectPlan plan, BufferAllocator allocator, List<Map<String, Object>> rows)
            throws Exception {
        long count = 0;
        SelectPlan cast = castIds(plan);
        DuckDBConnection root = ((DuckDatabase) duck.database).root;
        try (Connection connection = root.duplicate(); PreparedStatement statement = connection.prepareStatement(cast.sql());
             VectorSchemaRoot planRoot = VectorSchemaRoot.create(plan.schema(), allocator)) {
            StatementBinder.bind(statement, 1, cast.parameters());
            org.apache.arrow.vector.VectorLoader loader = new org.apache.arrow.vector.VectorLoader(planRoot);
            try (ResultSet results = statement.executeQuery();
                 ArrowReader reader = (ArrowReader) results.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, BATCH_ROWS)) {
                while (reader.loadNextBatch()) {
                    try (org.apache.arrow.vector.ipc.message.ArrowRecordBatch batch =
                                 new org.apache.arrow.vector.VectorUnloader(reader.getVectorSchemaRoot()).getRecordBatch()) {
                        loader.load(batch);
                    }
                    count += planRoot.getRowCount();
                    if (rows != null) {
                        rows.addAll(ArrowRows.of(planRoot));
                    }
                }
            }
        }
        return count;
    }

    /** Prints the schema DuckDB exports for the flat SQL (as is and with ids as text) next to the plan's. */
    static void exportedSchemas(Engine duck, SelectPlan plan, BufferAllocator allocator) throws Exception {
        DuckDBConnection root = ((DuckDatabase) duck.database).root;
        System.out.println("plan schema:            " + plan.schema());
        for (SelectPlan p : List.of(plan, castIds(plan))) {
            try (Connection connection = root.duplicate(); PreparedStatement statement = connection.prepareStatement(p.sql())) {
                StatementBinder.bind(statement, 1, p.parameters());
                try (ResultSet results = statement.executeQuery();
                     ArrowReader reader = (ArrowReader) results.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, BATCH_ROWS)) {
                    reader.loadNextBatch();
                    System.out.println("duckdb export schema:   " + reader.getVectorSchemaRoot().getSchema());
                }
            }
        }
    }

    /** The flat plan's SQL read through JDBC with the same getters as ColumnWriter, no Arrow: the JDBC share. */
    static long rawJdbc(Database database, SelectPlan plan) throws Exception {
        long rows = 0;
        long sink = 0;
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(plan.sql())) {
                statement.setFetchSize(BATCH_ROWS);
                StatementBinder.bind(statement, 1, plan.parameters());
                try (ResultSet results = statement.executeQuery()) {
                    while (results.next()) {
                        sink += results.getString(1).length() + results.getString(2).length() + results.getString(3).length();
                        sink += results.getBigDecimal(4).scale() + results.getInt(5);
                        sink += results.getObject(6, java.time.OffsetDateTime.class).getSecond();
                        rows++;
                    }
                }
            }
            connection.rollback();
        }
        return sink == 42 ? rows + 1 : rows;
    }

    static List<Map<String, Object>> sortedById(List<Map<String, Object>> rows) {
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(r -> Long.parseLong(String.valueOf(r.get("id")))));
        return sorted;
    }

    static String firstDifference(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        List<Map<String, Object>> x = sortedById(a);
        List<Map<String, Object>> y = sortedById(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            if (!Objects.equals(x.get(i), y.get(i))) {
                return "row " + i + " (by id) h2 " + x.get(i) + " vs duckdb " + y.get(i);
            }
        }
        return "row counts " + x.size() + " vs " + y.size();
    }

    // ---------------------------------------------------------------- equivalence

    /** PostgresEmbeddedEquivalenceIT's queries (10,000 orders, 700-row batches there), H2 against DuckDB. */
    static final String[] EQUIVALENCE_QUERIES = {
        "{ users(orderBy: [{id: ASC}]) { id name email country createdAt vip birthDate referredBy } }",
        "{ products(orderBy: [{id: ASC}]) { id name category price stock rating barcode attributes } }",
        "{ orders(orderBy: [{id: ASC}]) { id userId status total itemCount createdAt } }",
        "{ orderItems(limit: 5000, offset: 1234) { id orderId productId quantity unitPrice } }",
        "{ orders(where: {status: {in: [\"paid\", \"shipped\"]}, total: {gte: \"100.50\", lt: \"2000\"},"
                + " createdAt: {gt: \"2024-03-01T00:00:00Z\"}}, orderBy: [{total: DESC}]) { id total status createdAt } }",
        "{ users(where: {or: [{country: {isNull: true}}, {and: [{vip: {eq: true}}, {birthDate: {lt: \"1970-01-01\"}}]}],"
                + " not: {name: {like: \"A%\"}}}, orderBy: [{country: ASC}, {name: DESC}]) { id name country vip birthDate } }",
        "{ products(where: {rating: {gte: 2.5}, barcode: {gt: \"4500000000000\"}, attributes: {isNull: false}},"
                + " orderBy: [{rating: DESC}]) { id rating barcode attributes } }",
        "{ users(where: {id: {in: [\"1\", \"2\", \"3\", \"999999\"]}, email: {ne: \"x\"}}, orderBy: [{id: ASC}]) { id email } }",
        "{ users(orderBy: [{birthDate: DESC}, {country: ASC}], limit: 300, offset: 50) { id birthDate country } }",
        "{ orders(limit: 3000, orderBy: [{createdAt: ASC}]) { id user { id name referrer { id name } }"
                + " items { id quantity product { id name price rating } } } }",
        "{ users(limit: 800, orderBy: [{id: ASC}]) { id orders(where: {status: {ne: \"cancelled\"}}, orderBy: [{total: DESC}],"
                + " limit: 3, offset: 1) { id total items(orderBy: [{quantity: DESC}]) { quantity } } referrals { id } } }",
        "{ products(orderBy: [{id: ASC}]) { id orderItems(limit: 5, orderBy: [{unitPrice: DESC}, {quantity: ASC}]) { id order { id status } } } }",
        "query Q { o: orders(limit: 100, orderBy: [{id: DESC}]) { __typename k: id ...F } }"
                + " fragment F on Order { u: user { __typename n: name } }",
        "{ orders(where: {id: {eq: \"0\"}}) { id user { id } items { id } } }",
        "{ users(limit: 0) { id } }",
    };

    static void equivalence(long orders) throws Exception {
        try (Engine h2 = h2(orders); Engine duck = duckdb(orders); BufferAllocator allocator = new RootAllocator()) {
            for (String query : EQUIVALENCE_QUERIES) {
                List<List<Map<String, Object>>> results = new ArrayList<>();
                List<Object> schemas = new ArrayList<>();
                for (Engine engine : List.of(h2, duck)) {
                    SelectPlan plan = Plans.select(new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()),
                            QueryLimits.DEFAULTS, SqlDialect.of(engine.database)), GraphQLRequest.of(query));
                    List<Map<String, Object>> batches = new ArrayList<>();
                    new QueryExecutor(engine.database, allocator, 700).execute(plan, new BatchStream() {
                        @Override
                        public void start(VectorSchemaRoot root) {
                            schemas.add(root.getSchema());
                        }

                        @Override
                        public boolean batch(VectorSchemaRoot root, int count) {
                            batches.addAll(ArrowRows.of(root));
                            batches.add(Map.of("-- batch end --", count));
                            return true;
                        }
                    }, QueryGuard.NONE);
                    results.add(batches);
                }
                boolean same = results.get(0).equals(results.get(1)) && schemas.get(0).equals(schemas.get(1));
                System.out.printf("%s %6d rows+batch marks  %s%n", same ? "IDENTICAL" : "DIFFERENT", results.get(0).size(),
                        query.length() > 100 ? query.substring(0, 100) + "..." : query);
                if (!same) {
                    System.out.println("    h2     " + results.get(0).subList(0, Math.min(3, results.get(0).size())));
                    System.out.println("    duckdb " + results.get(1).subList(0, Math.min(3, results.get(1).size())));
                }
            }
        }
    }

    // ---------------------------------------------------------------- columns

    /** Where the JDBC read of the flat query goes: each column alone, read with ColumnWriter's getter, per engine. */
    static void columns(long orders, int runs) throws Exception {
        String[] getters = {"getString", "getString", "getString", "getBigDecimal", "getInt", "getObject(OffsetDateTime)"};
        try (Engine h2 = h2(orders); Engine duck = duckdb(orders)) {
            Map<String, List<Double>> times = new LinkedHashMap<>();
            for (int run = -2; run < runs; run++) {
                for (int column = 0; column <= 6; column++) { // 0: next() alone
                    for (Engine engine : List.of(h2, duck)) {
                        int c = column;
                        double s = timed(() -> readColumn(engine.database, orders, c));
                        if (run >= 0) {
                            times.computeIfAbsent(engine.name + " " + (c == 0 ? "next() only" : "col " + c + " " + getters[c - 1]),
                                    k -> new ArrayList<>()).add(s);
                        }
                    }
                }
            }
            times.forEach((key, list) -> {
                double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("  %-40s median %.4f  (%.4f .. %.4f)%n", key, sorted[sorted.length / 2], sorted[0],
                        sorted[sorted.length - 1]);
            });
        }
    }

    static long readColumn(Database database, long orders, int column) throws Exception {
        long rows = 0;
        long sink = 0;
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("SELECT \"id\", \"user_id\", \"status\", \"total\","
                    + " \"item_count\", \"created_at\" FROM \"orders\" LIMIT ? OFFSET ?")) {
                statement.setFetchSize(BATCH_ROWS);
                statement.setObject(1, orders);
                statement.setObject(2, 0L);
                try (ResultSet results = statement.executeQuery()) {
                    while (results.next()) {
                        switch (column) {
                            case 1, 2, 3 -> sink += results.getString(column).length();
                            case 4 -> sink += results.getBigDecimal(4).scale();
                            case 5 -> sink += results.getInt(5);
                            case 6 -> sink += results.getObject(6, java.time.OffsetDateTime.class).getSecond();
                            default -> { }
                        }
                        rows++;
                    }
                }
            }
            connection.rollback();
        }
        return sink == 42 ? rows + 1 : rows;
    }

    // ---------------------------------------------------------------- memory

    static void memory(String engineName, long orders) throws Exception {
        System.gc();
        long heapBefore = usedHeap();
        long rssBefore = rss();
        long started = System.nanoTime();
        Supplier<String> extra = () -> "";
        Engine engine;
        if (engineName.equals("h2")) {
            engine = h2(orders);
        } else {
            long connect = System.nanoTime();
            DriverManager.getConnection("jdbc:duckdb:").close();
            System.out.printf("duckdb first connection (loads the native library) %.3f s%n", seconds(connect));
            engine = duckdb(orders);
            extra = () -> {
                try (Connection c = engine.database.connect(); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT SUM(memory_usage_bytes) FROM duckdb_memory()")) {
                    r.next();
                    return " duckdb_memory()=" + r.getLong(1) / 1_000_000 + " MB";
                } catch (SQLException e) {
                    return " duckdb_memory() failed: " + e.getMessage();
                }
            };
        }
        double total = seconds(started);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        System.out.printf("%s: %d orders, load %.2f s (load incl. engine start %.2f s); heap used +%d MB, RSS +%d MB"
                        + " (RSS now %d MB)%s%n", engineName, orders, engine.loadSeconds, total,
                (usedHeap() - heapBefore) / 1_000_000, (rss() - rssBefore) / 1_000_000, rss() / 1_000_000, extra.get());
        engine.close();
    }

    static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- probe

    /** What of the embedded source's SQL runs on DuckDB as it is: each statement and its error, if any. */
    static void probe() throws Exception {
        try (DuckDatabase database = new DuckDatabase(); Connection connection = database.connect();
             Statement sql = connection.createStatement()) {
            System.out.println("DuckDB " + connection.getMetaData().getDatabaseProductVersion());
            for (String ddl : statements(resource("shop.sql"))) {
                attempt(connection, ddl);
            }
            for (String ddl : statements(duckTablesDdl())) {
                attempt(connection, ddl);
            }
            DemoRowsLoader.insertRows(connection, new DemoShop.Size(1000), DemoShop.SEED);
            for (String ddl : statements(resource("shop-indexes.sql"))) {
                attempt(connection, ddl);
            }
            attempt(connection, "ALTER TABLE users ALTER COLUMN id RESTART WITH 1000"); // DemoShop.restartKeys
            attempt(connection, "CREATE TABLE ident (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v VARCHAR)");
            attempt(connection, "CREATE TABLE ident2 (id BIGINT GENERATED ALWAYS AS IDENTITY, v VARCHAR)");
            attempt(connection, "CREATE SEQUENCE s_users START WITH 101");
            attempt(connection, "ALTER TABLE users ALTER COLUMN id SET DEFAULT nextval('s_users')");
            attempt(connection, "ALTER SEQUENCE s_users RESTART WITH 500");
            attempt(connection, "INSERT INTO users (name, email, created_at, vip) VALUES ('n', 'e', now(), false) RETURNING id");
            attempt(connection, "INSERT INTO \"users\" DEFAULT VALUES");
            attempt(connection, "UPDATE users SET name = 'x' WHERE id = 1 RETURNING id, name");
            attempt(connection, "SELECT id, name FROM users WHERE id = 2 FOR UPDATE");
            attempt(connection, "SELECT id FROM users ORDER BY id LIMIT 2 FOR UPDATE SKIP LOCKED");
            attempt(connection, "DELETE FROM users WHERE id = 3 RETURNING id");
            attempt(connection, "CREATE TABLE outbox_probe (id BIGINT PRIMARY KEY, sent_at TIMESTAMP WITH TIME ZONE)");
            attempt(connection, "CREATE INDEX outbox_probe_unsent ON outbox_probe (id) WHERE sent_at IS NULL");
            // getGeneratedKeys as MutationExecutor.insert asks for it
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO \"users\" (\"name\", \"email\", \"created_at\", \"vip\") VALUES (?, ?, ?, ?)", new String[] {"id"})) {
                insert.setObject(1, "g");
                insert.setObject(2, "g@x");
                insert.setObject(3, java.time.OffsetDateTime.now());
                insert.setObject(4, true);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    System.out.println("OK   getGeneratedKeys: " + (keys.next() ? keys.getObject(1) : "no row"));
                }
            } catch (SQLException | RuntimeException e) {
                System.out.println("FAIL prepareStatement(sql, {\"id\"}) + getGeneratedKeys: " + e);
            }
            // transactions: rollback, and a write conflict between two connections
            connection.setAutoCommit(false);
            sql.execute("UPDATE users SET name = 'rolled back' WHERE id = 4");
            connection.rollback();
            try (ResultSet r = sql.executeQuery("SELECT name FROM users WHERE id = 4")) {
                r.next();
                System.out.println("OK   rollback keeps: " + r.getString(1));
            }
            try (Connection other = database.connect(); Statement otherSql = other.createStatement()) {
                other.setAutoCommit(false);
                sql.execute("UPDATE users SET name = 'a' WHERE id = 5");
                otherSql.execute("UPDATE users SET name = 'b' WHERE id = 5");
                System.out.println("??   concurrent update of one row: both accepted");
            } catch (SQLException e) {
                System.out.println("NOTE concurrent update of one row: " + e.getMessage().lines().findFirst().orElse(""));
            }
            connection.rollback();
            connection.setAutoCommit(true);
            // the setReadOnly QueryExecutor does (the proxy hides it; try the driver's own)
            try (Connection raw = database.root.duplicate()) {
                raw.setReadOnly(true);
                System.out.println("OK   setReadOnly(true) on a duplicate connection");
            } catch (SQLException e) {
                System.out.println("FAIL setReadOnly(true): " + e);
            }
            // the key arrays RelationLoader binds
            try (PreparedStatement keyed = connection.prepareStatement("SELECT \"users\".\"name\" FROM UNNEST(?) AS"
                    + " \"quiver_keys\"(\"quiver_key1\") JOIN \"users\" ON \"users\".\"id\" = \"quiver_keys\".\"quiver_key1\"")) {
                keyed.setArray(1, connection.createArrayOf("BIGINT", new Object[] {1L, 2L, 3L}));
                try (ResultSet r = keyed.executeQuery()) {
                    int n = 0;
                    while (r.next()) {
                        n++;
                    }
                    System.out.println("OK   FROM UNNEST(?) with createArrayOf(BIGINT): " + n + " rows");
                }
            } catch (SQLException | RuntimeException e) {
                System.out.println("FAIL FROM UNNEST(?) with a bound array: " + e);
            }
            // LIKE's worst case (security review H6: H2's backtracks exponentially, hence LinearLike there)
            try (Statement like = connection.createStatement()) {
                long t = System.nanoTime();
                try (ResultSet r = like.executeQuery("SELECT repeat('a', 20000) LIKE '%a%a%a%a%a%a%a%a%a%a%a%a%b'")) {
                    r.next();
                    System.out.printf("OK   pathological LIKE on 20,000 chars: %s in %.3f s%n", r.getBoolean(1), seconds(t));
                }
            }
            // the types ColumnWriter reads
            try (ResultSet r = sql.executeQuery("SELECT id, created_at, birth_date FROM users WHERE birth_date IS NOT NULL LIMIT 1")) {
                r.next();
                System.out.println("OK   getString(id)=" + r.getString(1) + " OffsetDateTime=" + r.getObject(2,
                        java.time.OffsetDateTime.class) + " LocalDate=" + r.getObject(3, java.time.LocalDate.class)
                        + " type names " + r.getMetaData().getColumnTypeName(1) + "/" + r.getMetaData().getColumnTypeName(2));
            } catch (SQLException | RuntimeException e) {
                System.out.println("FAIL reading scalar types: " + e);
            }
        }
    }

    /** Runs one statement on a statement of its own (DuckDB's driver closes a Statement whose SQL failed). */
    static void attempt(Connection connection, String statement) {
        String shown = statement.replaceAll("\\s+", " ");
        shown = shown.length() > 110 ? shown.substring(0, 110) + "..." : shown;
        try (Statement sql = connection.createStatement()) {
            boolean rows = sql.execute(statement);
            System.out.println("OK   " + shown + (rows ? "  -> " + firstRow(sql.getResultSet()) : ""));
        } catch (SQLException e) {
            System.out.println("FAIL " + shown + "\n       -> " + e.getMessage().lines().findFirst().orElse("").strip());
        }
    }

    // ---------------------------------------------------------------- helpers

    static String firstRow(ResultSet rows) throws SQLException {
        if (!rows.next()) {
            return "no rows";
        }
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
            row.append(i > 1 ? ", " : "").append(rows.getString(i));
        }
        return row.toString();
    }

    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        for (String ddl : script.split(";")) {
            String sql = ddl.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
            if (!sql.isEmpty()) {
                statements.add(sql);
            }
        }
        return statements;
    }

    static String resource(String name) {
        try (InputStream in = DemoShop.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
