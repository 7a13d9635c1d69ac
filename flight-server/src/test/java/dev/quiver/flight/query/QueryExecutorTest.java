package dev.quiver.flight.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.admission.QueryStoppedException;
import dev.quiver.flight.admission.RunningQueries;
import dev.quiver.flight.admission.RunningQuery;
import dev.quiver.flight.admission.StopReason;
import dev.quiver.flight.request.BatchStream;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.flight.source.RecordingDatabase;
import dev.quiver.flight.testing.ArrowRows;
import dev.quiver.flight.testing.Plans;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Relations executed against a small embedded database built for their edge cases: NULL and dangling keys,
 * composite keys, self-relations, empty lists, nesting under absent parents, and batches smaller than the result;
 * and the row estimate, which the embedded source does not give.
 */
class QueryExecutorTest {
    private static final int BATCH_ROWS = 2;
    private static final String SDL = String.join("\n",
            "type Department @table(name: \"departments\") {",
            "  id: ID!",
            "  region: String!",
            "  code: Int!",
            "  name: String!",
            "  headId: ID @column(name: \"head_id\")",
            "  chiefId: ID! @column(name: \"chief_id\")",
            "  head: Employee @relation(fields: [\"head_id\"], references: [\"id\"])",
            "  chief: Employee! @relation(fields: [\"chief_id\"], references: [\"id\"])",
            "  anyMember: Employee @relation(fields: [\"region\", \"code\"], references: [\"dept_region\", \"dept_code\"])",
            "  members: [Employee!]! @relation(fields: [\"region\", \"code\"], references: [\"dept_region\", \"dept_code\"])",
            "}",
            "type Employee @table(name: \"employees\") {",
            "  id: ID!",
            "  name: String!",
            "  deptRegion: String @column(name: \"dept_region\")",
            "  deptCode: Int @column(name: \"dept_code\")",
            "  managerId: ID @column(name: \"manager_id\")",
            "  manager: Employee @relation(fields: [\"manager_id\"], references: [\"id\"])",
            "  reports: [Employee!]! @relation(fields: [\"id\"], references: [\"manager_id\"])",
            "  department: Department @relation(fields: [\"dept_region\", \"dept_code\"], references: [\"region\", \"code\"])",
            "}");

    private static JdbcDatabase embedded;
    private static RecordingDatabase database;
    private static RequestPlanner compiler;
    private BufferAllocator allocator;
    private QueryExecutor executor;

    @BeforeAll
    static void createDatabase() throws Exception {
        embedded = JdbcDatabase.embedded("executor-" + UUID.randomUUID());
        try (Connection connection = embedded.connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE departments (id BIGINT PRIMARY KEY, region VARCHAR(4) NOT NULL, code INTEGER NOT NULL,"
                    + " name VARCHAR(40) NOT NULL, head_id BIGINT, chief_id BIGINT NOT NULL)");
            sql.execute("CREATE TABLE employees (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, dept_region VARCHAR(4),"
                    + " dept_code INTEGER, manager_id BIGINT)");
            sql.execute("INSERT INTO departments VALUES (1, 'eu', 1, 'Research', 1, 1), (2, 'eu', 2, 'Sales', NULL, 2),"
                    + " (3, 'us', 1, 'Support', 99, 99), (4, 'us', 2, 'Empty', NULL, 1)");
            sql.execute("INSERT INTO employees VALUES (1, 'Ada', 'eu', 1, NULL), (2, 'Alan', 'eu', 1, 1),"
                    + " (3, 'Grace', 'eu', 2, 1), (4, 'Edsger', 'us', 1, 2), (5, 'Barbara', 'us', 1, 77),"
                    + " (6, 'Ken', NULL, NULL, 2)");
        }
        database = new RecordingDatabase(embedded);
        compiler = new RequestPlanner(new CatalogLoader().load(SDL), QueryLimits.DEFAULTS);
    }

    @AfterAll
    static void dropDatabase() {
        embedded.close();
    }

    @BeforeEach
    void newExecutor() {
        allocator = new RootAllocator();
        executor = new QueryExecutor(database, allocator, BATCH_ROWS);
        database.clear();
    }

    @AfterEach
    void allMemoryReleased() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    /** Collects every batch as plain rows. */
    private static final class Collected implements BatchStream {
        final List<Map<String, Object>> rows = new ArrayList<>();
        final int stopAfterBatches;
        int batches;

        Collected(int stopAfterBatches) {
            this.stopAfterBatches = stopAfterBatches;
        }

        @Override
        public void start(VectorSchemaRoot root) {
        }

        @Override
        public boolean batch(VectorSchemaRoot root, int count) {
            assertThat(root.getRowCount()).isEqualTo(count).isLessThanOrEqualTo(BATCH_ROWS);
            rows.addAll(ArrowRows.of(root));
            return ++batches < stopAfterBatches;
        }
    }

    private List<Map<String, Object>> run(String query) throws Exception {
        Collected collected = new Collected(Integer.MAX_VALUE);
        executor.execute(Plans.select(compiler, GraphQLRequest.of(query)), collected, QueryGuard.NONE);
        return collected.rows;
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private static Map<String, Object> id(String id) {
        return row("id", id);
    }

    private static long executions(String sql) {
        return database.executed().stream().filter(s -> s.sql().equals(sql)).count();
    }

    @Test
    void nullAndDanglingKeysGiveNullStructsAndEmptyListsAcrossBatches() throws Exception {
        List<Map<String, Object>> rows = run("{ employees { id manager { id name } reports { id } department { name } } }");
        assertThat(rows).containsExactly(
                row("id", "1", "manager", null, "reports", List.of(id("2"), id("3")), "department", row("name", "Research")),
                row("id", "2", "manager", row("id", "1", "name", "Ada"), "reports", List.of(id("4"), id("6")),
                        "department", row("name", "Research")),
                row("id", "3", "manager", row("id", "1", "name", "Ada"), "reports", List.of(), "department", row("name", "Sales")),
                row("id", "4", "manager", row("id", "2", "name", "Alan"), "reports", List.of(), "department", row("name", "Support")),
                row("id", "5", "manager", null, "reports", List.of(), "department", row("name", "Support")),
                row("id", "6", "manager", row("id", "2", "name", "Alan"), "reports", List.of(), "department", null));
    }

    @Test
    void eachRelationRunsOncePerBatchOfParents() throws Exception {
        SelectPlan plan = Plans.select(compiler, GraphQLRequest.of(
                "{ employees { id manager { id } reports { id department { name } } } }"));
        executor.execute(plan, new Collected(Integer.MAX_VALUE), QueryGuard.NONE);
        int batches = 3; // 6 employees, 2 per batch
        RelationPlan manager = relation(plan, "manager");
        RelationPlan reports = relation(plan, "reports");
        RelationPlan department = reports.columns().stream().filter(OutputColumn::isRelation).findFirst().orElseThrow().relation();
        assertThat(executions(plan.sql())).isEqualTo(1);
        // integer keys: the statements bounded by each batch's smallest and largest key
        assertThat(executions(manager.boundedSql())).isEqualTo(batches);
        assertThat(executions(reports.boundedSql())).isEqualTo(batches);
        // only the first batch's employees have reports, so only it has report rows whose department to read; a
        // composite key (region, code) has no bounded statement
        assertThat(department.boundedSql()).isNull();
        assertThat(executions(department.sql())).isEqualTo(1);
        assertThat(database.executed()).hasSize(1 + batches + batches + 1);
    }

    @Test
    void relationsBelowANullParentStayNullEvenWhenDeclaredNonNull() throws Exception {
        List<Map<String, Object>> rows = run("{ employees { id manager { id department { name chief { name } } } } }");
        Map<String, Object> research = row("name", "Research", "chief", row("name", "Ada"));
        assertThat(rows).extracting(r -> r.get("manager")).containsExactly(
                null,
                row("id", "1", "department", research),
                row("id", "1", "department", research),
                row("id", "2", "department", research),
                null,
                row("id", "2", "department", research));
    }

    @Test
    void compositeKeysMatchPairwiseAndEmptyListsAreNotNull() throws Exception {
        List<Map<String, Object>> rows = run("{ departments { name members { name } head { name } } }");
        assertThat(rows).containsExactly(
                row("name", "Research", "members", List.of(row("name", "Ada"), row("name", "Alan")), "head", row("name", "Ada")),
                row("name", "Sales", "members", List.of(row("name", "Grace")), "head", null),
                row("name", "Support", "members", List.of(row("name", "Edsger"), row("name", "Barbara")), "head", null),
                row("name", "Empty", "members", List.of(), "head", null));
    }

    @Test
    void nonNullToOneWithoutMatchFailsNamingRelationAndKey() {
        assertThatThrownBy(() -> run("{ departments { name chief { name } } }"))
                .isInstanceOf(RelationIntegrityException.class)
                .hasMessageContainingAll("Department.chief", "non-null", "no employees row matches id = 99");
    }

    @Test
    void toOneMatchingSeveralRowsFails() {
        assertThatThrownBy(() -> run("{ departments { anyMember { id } } }"))
                .isInstanceOf(RelationIntegrityException.class)
                .hasMessageContainingAll("Department.anyMember", "2 employees rows match");
    }

    @Test
    void toManyLimitOrderAndTypenamePerParent() throws Exception {
        List<Map<String, Object>> rows = run("{ employees(where: {id: {in: [\"1\", \"2\", \"3\"]}}) {"
                + " id reports(limit: 1, orderBy: [{id: DESC}]) { __typename id } } }");
        assertThat(rows).containsExactly(
                row("id", "1", "reports", List.of(row("__typename", "Employee", "id", "3"))),
                row("id", "2", "reports", List.of(row("__typename", "Employee", "id", "6"))),
                row("id", "3", "reports", List.of()));
    }

    @Test
    void stoppingTheStreamStopsReadingAndRunsNoMoreStatements() throws Exception {
        SelectPlan plan = Plans.select(compiler, GraphQLRequest.of("{ employees { id reports { id } } }"));
        Collected firstOnly = new Collected(1);
        long delivered = executor.execute(plan, firstOnly, QueryGuard.NONE);
        assertThat(delivered).isZero(); // the stopped batch is not counted as delivered
        assertThat(firstOnly.rows).hasSize(BATCH_ROWS);
        assertThat(database.executed()).hasSize(2);
    }

    @Test
    void keysAreBoundAsOneArrayPerKeyColumn() throws Exception {
        run("{ departments { members { id } } }");
        List<String> relationSql = new ArrayList<>();
        database.executed().forEach(s -> relationSql.add(s.sql()));
        assertThat(relationSql.get(1)).contains("FROM UNNEST(?, ?) AS \"quiver_keys\"(\"quiver_key1\", \"quiver_key2\")");
        Map<String, Integer> counts = new HashMap<>();
        relationSql.forEach(sql -> counts.merge(sql, 1, Integer::sum));
        assertThat(counts.values()).containsExactlyInAnyOrder(1, 2); // root once, members once per batch of 2
    }

    @Test
    void theEmbeddedSourceGivesNoRowEstimateAndRunsNoStatementForIt() {
        SelectPlan plan = Plans.select(compiler, GraphQLRequest.of("{ employees(where: {deptRegion: {eq: \"eu\"}}, limit: 2) { id } }"));
        assertThat(executor.estimateRows(plan, QueryGuard.NONE)).as("H2 has no planner estimate to give").isEqualTo(-1);
        assertThat(database.executed()).as("statements run for the estimate (no COUNT, no EXPLAIN)").isEmpty();
    }

    @Test
    void aStoppedQueryGetsItsStopInsteadOfAnEstimate() {
        SelectPlan plan = Plans.select(compiler, GraphQLRequest.of("{ employees { id } }"));
        try (RunningQueries queries = RunningQueries.withTimeout(Duration.ofMinutes(1));
             RunningQuery query = queries.start(null, "")) {
            query.stop(StopReason.CANCELLED);
            assertThatThrownBy(() -> executor.estimateRows(plan, query)).isInstanceOfSatisfying(QueryStoppedException.class,
                    e -> assertThat(e.reason()).isEqualTo(StopReason.CANCELLED));
        }
        assertThat(database.executed()).isEmpty();
    }

    private static RelationPlan relation(SelectPlan plan, String key) {
        return plan.columns().stream().filter(c -> c.resultKey().equals(key)).findFirst().orElseThrow().relation();
    }
}
