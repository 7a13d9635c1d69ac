package dev.quiver.flight.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.LimitExceededException;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.testing.Plans;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

class SelectCompilerTest {
    private static final Catalog SHOP = new CatalogLoader().load(DemoShop.sdl());
    private static final QueryLimits LIMITS = new QueryLimits(1_000, 8, 10_000);
    private final RequestPlanner compiler = new RequestPlanner(SHOP, LIMITS);

    private SelectPlan compile(String query) {
        return Plans.select(compiler, GraphQLRequest.of(query));
    }

    private static RelationPlan relation(List<OutputColumn> columns, String resultKey) {
        return columns.stream().filter(c -> c.resultKey().equals(resultKey)).findFirst().orElseThrow().relation();
    }

    /** Every statement a plan runs per batch of root rows: the root's and one per relation, at any depth. */
    private static List<String> statements(SelectPlan plan) {
        List<String> sql = new ArrayList<>(List.of(plan.sql()));
        collect(plan.columns(), sql);
        return sql;
    }

    private static void collect(List<OutputColumn> columns, List<String> sql) {
        for (OutputColumn column : columns) {
            if (column.isRelation()) {
                sql.add(column.relation().sql());
                collect(column.relation().columns(), sql);
            }
        }
    }

    @Test
    void threeLevelsCompileToOneStatementPerLevel() {
        SelectPlan plan = compile("{ orders { id items { quantity product { name } } } }");
        assertThat(statements(plan)).containsExactly(
                "SELECT \"id\" FROM \"orders\" LIMIT ? OFFSET ?",
                "SELECT \"quantity\", \"product_id\", \"order_id\" FROM UNNEST(?) AS \"quiver_keys\"(\"quiver_key1\") JOIN \"order_items\" ON \"order_items\".\"order_id\" = \"quiver_keys\".\"quiver_key1\""
                        + " ORDER BY \"order_id\" ASC, \"id\" ASC",
                "SELECT \"name\", \"id\" FROM UNNEST(?) AS \"quiver_keys\"(\"quiver_key1\") JOIN \"products\" ON \"products\".\"id\" = \"quiver_keys\".\"quiver_key1\"");
    }

    @Test
    void keyColumnsAreReadEvenWhenNotSelectedAndIndexedForMatching() {
        SelectPlan plan = compile("{ orders { status user { name } } }");
        assertThat(plan.sql()).startsWith("SELECT \"status\", \"user_id\" FROM \"orders\"");
        RelationPlan user = relation(plan.columns(), "user");
        assertThat(user.parentKeyIndexes()).containsExactly(2);
        assertThat(user.sql()).isEqualTo("SELECT \"name\", \"id\" FROM UNNEST(?) AS \"quiver_keys\"(\"quiver_key1\") JOIN \"users\" ON \"users\".\"id\" = \"quiver_keys\".\"quiver_key1\"");
        assertThat(user.boundedSql()).isEqualTo(user.sql() + " WHERE \"users\".\"id\" BETWEEN ? AND ?");
        assertThat(user.keyIndexes()).containsExactly(2);
        assertThat(user.parameters()).isEmpty();
        assertThat(plan.columns()).extracting(OutputColumn::resultKey).containsExactly("status", "user");
    }

    @Test
    void siblingRelationsShareTheParentKeyColumn() {
        SelectPlan plan = compile("{ users { id orders { id } referrals { id } referrer { id } } }");
        assertThat(plan.sql()).startsWith("SELECT \"id\", \"referred_by\" FROM \"users\"");
        assertThat(relation(plan.columns(), "orders").parentKeyIndexes()).containsExactly(1);
        assertThat(relation(plan.columns(), "referrals").parentKeyIndexes()).containsExactly(1);
        assertThat(relation(plan.columns(), "referrer").parentKeyIndexes()).containsExactly(2);
        assertThat(statements(plan)).hasSize(4);
    }

    @Test
    void relationsBecomeStructAndListOfStructColumnsWithSdlNullability() {
        SelectPlan plan = compile("{ orders { id user { name country } items { id } } }");
        Field user = plan.schema().findField("user");
        assertThat(user.getType()).isEqualTo(ArrowType.Struct.INSTANCE);
        assertThat(user.isNullable()).isFalse();
        assertThat(user.getChildren()).extracting(Field::getName).containsExactly("name", "country");
        assertThat(user.getChildren().get(1).isNullable()).isTrue();
        Field items = plan.schema().findField("items");
        assertThat(items.getType()).isEqualTo(ArrowType.List.INSTANCE);
        assertThat(items.isNullable()).isFalse();
        Field element = items.getChildren().get(0);
        assertThat(element.getType()).isEqualTo(ArrowType.Struct.INSTANCE);
        assertThat(element.isNullable()).isFalse();
        assertThat(element.getChildren()).extracting(Field::getName).containsExactly("id");
        Field referrer = compile("{ users { referrer { id } } }").schema().findField("referrer");
        assertThat(referrer.isNullable()).isTrue();
    }

    @Test
    void announcedSchemaIsExactlyWhatArrowVectorsReport() {
        SelectPlan plan = compile("{ users { id referrer { name } orders { id items { id product { name price } } } } }");
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(plan.schema(), allocator)) {
            assertThat(root.getSchema()).isEqualTo(plan.schema());
        }
    }

    @Test
    void sqlLookingArgumentsInsideRelationsStayParameters() {
        String evil = "x' OR '1'='1'; DROP TABLE orders; --";
        SelectPlan plan = compile("{ users { orders(where: {status: {eq: \"" + evil.replace("'", "'") + "\"}}) { id } } }");
        RelationPlan orders = relation(plan.columns(), "orders");
        assertThat(statements(plan)).noneMatch(sql -> sql.contains("DROP") || sql.contains("'"));
        assertThat(orders.sql()).isEqualTo("SELECT \"id\", \"user_id\" FROM UNNEST(?) AS \"quiver_keys\"(\"quiver_key1\") JOIN \"orders\" ON \"orders\".\"user_id\" = \"quiver_keys\".\"quiver_key1\""
                + " WHERE \"status\" = ? ORDER BY \"user_id\" ASC, \"id\" ASC");
        assertThat(orders.boundedSql()).isEqualTo("SELECT \"id\", \"user_id\" FROM UNNEST(?) AS \"quiver_keys\"(\"quiver_key1\") JOIN \"orders\" ON \"orders\".\"user_id\" = \"quiver_keys\".\"quiver_key1\""
                + " WHERE \"orders\".\"user_id\" BETWEEN ? AND ? AND (\"status\" = ?) ORDER BY \"user_id\" ASC, \"id\" ASC");
        assertThat(orders.parameters()).containsExactly(evil);
    }

    @Test
    void toManyLimitAndOffsetNumberRowsPerParent() {
        SelectPlan plan = compile("{ users { orders(limit: 2, offset: 1, orderBy: [{total: DESC}]) { id } } }");
        RelationPlan orders = relation(plan.columns(), "orders");
        assertThat(orders.sql()).isEqualTo("SELECT \"id\", \"user_id\" FROM (SELECT \"id\", \"user_id\", ROW_NUMBER()"
                + " OVER (PARTITION BY \"user_id\" ORDER BY \"total\" DESC, \"id\" ASC) AS \"quiver_row\" FROM UNNEST(?) AS \"quiver_keys\"(\"quiver_key1\") JOIN \"orders\" ON \"orders\".\"user_id\" = \"quiver_keys\".\"quiver_key1\""
                + ") AS \"quiver_ranked\" WHERE \"quiver_row\" > ? AND \"quiver_row\" <= ?"
                + " ORDER BY \"quiver_row\"");
        assertThat(orders.parameters()).containsExactly(1L, 3L);
    }

    @Test
    void toManyOrderByComesBeforeTheKeyOrder() {
        RelationPlan items = relation(compile("{ orders { items(orderBy: [{quantity: DESC}, {id: DESC}]) { id } } }")
                .columns(), "items");
        // each order's items in the relation's order; by order first, so PostgreSQL can keep order_id's index order
        assertThat(items.sql()).endsWith(" ORDER BY \"order_id\" ASC, \"quantity\" DESC, \"id\" DESC");
    }

    @Test
    void relationLimitsAreChecked() {
        assertThatThrownBy(() -> compile("{ users { orders(limit: -1) { id } } }"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("limit must be 0 or more");
        assertThatThrownBy(() -> compile("{ users { orders(limit: 5000) { id } } }"))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("1000");
        assertThatThrownBy(() -> compile("{ users { orders(offset: -3) { id } } }"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("offset must be 0 or more");
    }

    @Test
    void aliasesFragmentsAndTypenameInsideRelations() {
        SelectPlan plan = compile("query { orders { buyer: user { ...Who } again: user { id } } }"
                + " fragment Who on User { who: name __typename ... on User { mail: email } }");
        assertThat(plan.columns()).extracting(OutputColumn::resultKey).containsExactly("buyer", "again");
        RelationPlan buyer = relation(plan.columns(), "buyer");
        assertThat(buyer.columns()).extracting(OutputColumn::resultKey).containsExactly("who", "__typename", "mail");
        assertThat(buyer.columns().get(1).typename()).isEqualTo("User");
        assertThat(buyer.sql()).isEqualTo("SELECT \"name\", \"email\", \"id\" FROM UNNEST(?) AS \"quiver_keys\"(\"quiver_key1\") JOIN \"users\" ON \"users\".\"id\" = \"quiver_keys\".\"quiver_key1\"");
        assertThat(statements(plan)).hasSize(3);
    }

    @Test
    void variablesReachRelationArguments() {
        GraphQLRequest request = new GraphQLRequest("query($n: Int, $s: String) { users { orders(limit: $n,"
                + " where: {status: {eq: $s}}) { id } } }", Map.of("n", 4, "s", "paid"), null);
        RelationPlan orders = relation(Plans.select(compiler, request).columns(), "orders");
        assertThat(orders.parameters()).containsExactly("paid", 0L, 4L);
    }

    @Test
    void compositeKeysJoinOneArrayPerColumn() {
        Catalog catalog = new CatalogLoader().load(String.join("\n",
                "type Shipment @table(name: \"shipments\") { id: ID! region: String! orderNo: Int! @column(name: \"order_no\")",
                "  order: RegionalOrder @relation(fields: [\"region\", \"order_no\"], references: [\"region\", \"no\"]) }",
                "type RegionalOrder @table(name: \"regional_orders\") { region: String! no: Int! note: String }"));
        SelectPlan plan = Plans.select(new RequestPlanner(catalog, LIMITS), GraphQLRequest.of("{ shipments { order { note } } }"));
        RelationPlan order = relation(plan.columns(), "order");
        assertThat(plan.sql()).startsWith("SELECT \"region\", \"order_no\" FROM \"shipments\"");
        assertThat(order.parentKeyIndexes()).containsExactly(1, 2);
        assertThat(order.sql()).isEqualTo("SELECT \"note\", \"region\", \"no\" FROM UNNEST(?, ?) AS \"quiver_keys\"(\"quiver_key1\","
                + " \"quiver_key2\") JOIN \"regional_orders\" ON \"regional_orders\".\"region\" = \"quiver_keys\".\"quiver_key1\""
                + " AND \"regional_orders\".\"no\" = \"quiver_keys\".\"quiver_key2\"");
        assertThat(order.keyIndexes()).containsExactly(2, 3);
    }

    @Test
    void rootListsAreOrderedByTheKeyWhenSortedOrPagedAndStreamUnsortedOtherwise() {
        assertThat(compile("{ products { name } }").sql()).doesNotContain("ORDER BY");
        assertThat(compile("{ products(offset: 10) { name } }").sql()).contains("ORDER BY \"id\" ASC");
        assertThat(compile("{ products(orderBy: [{price: DESC}]) { name } }").sql())
                .contains("ORDER BY \"price\" DESC, \"id\" ASC");
    }

    @Test
    void depthLimitCountsRelationNesting() {
        RequestPlanner shallow = new RequestPlanner(SHOP, new QueryLimits(1_000, 3, 10_000));
        assertThat(Plans.select(shallow, GraphQLRequest.of("{ orders { items { id } } }")).columns()).hasSize(1);
        assertThatThrownBy(() -> shallow.prepare(GraphQLRequest.of("{ orders { items { product { id } } } }")))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("4 levels deep");
    }

    @Test
    void relationFieldsNeedASelection() {
        assertThatThrownBy(() -> compile("{ orders { user } }")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("user");
        assertThat(statements(compile("{ orders { user { __typename } } }")).stream().collect(Collectors.toList()))
                .contains("SELECT \"id\" FROM UNNEST(?) AS \"quiver_keys\"(\"quiver_key1\") JOIN \"users\" ON \"users\".\"id\" = \"quiver_keys\".\"quiver_key1\"");
    }
}
