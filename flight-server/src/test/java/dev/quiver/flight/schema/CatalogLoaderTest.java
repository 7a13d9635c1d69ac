package dev.quiver.flight.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.demo.DemoShop;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {
    private static final String ORDER_AND_USER = String.join("\n",
            "type User @table(name: \"users\") {",
            "  id: ID!",
            "  name: String",
            "  externalId: String @column(name: \"external_id\")",
            "}",
            "type Order @table(name: \"orders\") {",
            "  id: ID!",
            "  userId: ID @column(name: \"user_id\")",
            "  label: String",
            "  total: Decimal",
            "  %s",
            "}");

    private static Catalog withOrderField(String field) {
        return new CatalogLoader().load(String.format(ORDER_AND_USER, field));
    }

    private static void assertRejected(String field, String... messageParts) {
        assertThatThrownBy(() -> withOrderField(field)).isInstanceOf(SchemaException.class)
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void demoShopDeclaresItsRelations() {
        Catalog catalog = new CatalogLoader().load(DemoShop.sdl());
        EntityType order = catalog.byTypeName("Order").orElseThrow();
        assertThat(order.relation("user")).contains(
                new Relation("Order", "user", "User", List.of("user_id"), List.of("id"), false, false, false));
        assertThat(order.relation("items")).contains(
                new Relation("Order", "items", "OrderItem", List.of("id"), List.of("order_id"), true, false, false));
        assertThat(catalog.byTypeName("OrderItem").orElseThrow().relations()).extracting(Relation::name)
                .containsExactly("order", "product");
        assertThat(catalog.byTypeName("User").orElseThrow().relations()).extracting(Relation::name)
                .containsExactly("referrer", "referrals", "orders");
        assertThat(catalog.byTypeName("User").orElseThrow().relation("referrer").orElseThrow().nullable()).isTrue();
        assertThat(order.columns()).extracting(ColumnField::name).doesNotContain("user", "items");
    }

    @Test
    void toManyRelationsGetListArgumentsAndToOneNone() {
        Catalog catalog = new CatalogLoader().load(DemoShop.sdl());
        GraphQLObjectType order = catalog.schema().getObjectType("Order");
        GraphQLFieldDefinition items = order.getFieldDefinition("items");
        assertThat(items.getArguments()).extracting(a -> a.getName())
                .containsExactly("limit", "offset", "where", "orderBy");
        assertThat(graphql.schema.GraphQLTypeUtil.simplePrint(items.getArgument("where").getType())).isEqualTo("OrderItemWhere");
        assertThat(order.getFieldDefinition("user").getArguments()).isEmpty();
        assertThat(catalog.fullSdl()).contains("items(", "where: OrderItemWhere", "@relation(fields");
    }

    @Test
    void compositeKeysPairColumnByColumn() {
        Catalog catalog = withOrderField("buyer: User @relation(fields: [\"user_id\", \"label\"], references: [\"id\", \"external_id\"])");
        Relation buyer = catalog.byTypeName("Order").orElseThrow().relation("buyer").orElseThrow();
        assertThat(buyer.fields()).containsExactly("user_id", "label");
        assertThat(buyer.references()).containsExactly("id", "external_id");
        assertThat(buyer.arity()).isEqualTo(2);
    }

    @Test
    void aSingleColumnMayBeGivenWithoutBrackets() {
        Catalog catalog = withOrderField("user: User @relation(fields: \"user_id\", references: \"id\")");
        assertThat(catalog.byTypeName("Order").orElseThrow().relation("user").orElseThrow().fields()).containsExactly("user_id");
    }

    @Test
    void unknownTargetTypeIsNamed() {
        assertRejected("user: Usr @relation(fields: [\"user_id\"], references: [\"id\"])",
                "Order.user", "type Usr", "nor a @table type");
    }

    @Test
    void unknownColumnInFieldsListsTheKnownOnes() {
        assertRejected("user: User @relation(fields: [\"usr_id\"], references: [\"id\"])",
                "Order.user", "fields:", "'usr_id'", "columns of orders: id, user_id, label, total");
    }

    @Test
    void graphqlFieldNameInsteadOfColumnGetsAHint() {
        assertRejected("user: User @relation(fields: [\"userId\"], references: [\"id\"])",
                "'userId'", "field userId maps column user_id", "@relation names SQL columns");
    }

    @Test
    void unknownColumnInReferencesIsNamed() {
        assertRejected("user: User @relation(fields: [\"user_id\"], references: [\"uid\"])",
                "Order.user", "references:", "'uid'", "no field of User maps", "columns of users: id, name, external_id");
    }

    @Test
    void arityMismatchIsExplained() {
        assertRejected("user: User @relation(fields: [\"user_id\", \"label\"], references: [\"id\"])",
                "Order.user", "2 fields", "1 references", "same position");
    }

    @Test
    void emptyColumnListIsRejected() {
        assertRejected("user: User @relation(fields: [], references: []) ", "Order.user", "at least one column");
    }

    @Test
    void missingArgumentIsRejected() {
        assertRejected("user: User @relation(fields: [\"user_id\"])", "Order.user", "needs references:");
    }

    @Test
    void incomparableKeyKindsAreRejected() {
        assertRejected("user: User @relation(fields: [\"total\"], references: [\"id\"])",
                "Order.user", "orders.total (Decimal)", "users.id (ID)");
    }

    @Test
    void nonNullToOneOverNullableKeyIsRejected() {
        assertRejected("user: User! @relation(fields: [\"user_id\"], references: [\"id\"])",
                "Order.user is non-null (User!)", "user_id is nullable", "declare the relation as User (nullable)");
    }

    @Test
    void tableTypeFieldWithoutRelationIsRejected() {
        assertRejected("user: User", "Order.user", "needs @relation(fields:");
    }

    @Test
    void relationOnScalarFieldIsRejected() {
        assertRejected("owner: String @relation(fields: [\"user_id\"], references: [\"id\"])",
                "Order.owner", "@relation needs a field whose type is a @table type");
    }

    @Test
    void declaredArgumentsOnRelationAreRejected() {
        assertRejected("users(limit: Int): [User!]! @relation(fields: [\"user_id\"], references: [\"id\"])",
                "Order.users", "without arguments");
    }

    @Test
    void listOfScalarsIsRejected() {
        assertRejected("tags: [String!]", "Order.tags", "lists of scalars are not supported");
    }

    @Test
    void listOfListsIsRejected() {
        assertRejected("groups: [[User!]!]! @relation(fields: [\"id\"], references: [\"id\"])", "Order.groups", "lists of lists");
    }

    @Test
    void columnDirectiveOnRelationIsRejected() {
        assertRejected("user: User @column(name: \"x\") @relation(fields: [\"user_id\"], references: [\"id\"])",
                "Order.user", "@column does not apply");
    }

    @Test
    void wronglyTypedDirectiveArgumentIsRejected() {
        assertThatThrownBy(() -> new CatalogLoader().load("type T @table(name: 5) { id: ID! }"))
                .isInstanceOf(SchemaException.class).hasMessageContaining("name must be a string");
    }
}
