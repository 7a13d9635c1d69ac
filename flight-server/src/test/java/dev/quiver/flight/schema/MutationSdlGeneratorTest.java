package dev.quiver.flight.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.demo.DemoShop;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MutationSdlGeneratorTest {
    private final Catalog shop = new CatalogLoader().load(DemoShop.sdl());

    @Test
    void demoShopGetsCreateUpdateDeletePerTypeAndUpdateOrderStatusFromSetter() {
        GraphQLObjectType mutation = shop.schema().getMutationType();
        List<String> names = mutation.getFieldDefinitions().stream().map(GraphQLFieldDefinition::getName)
                .collect(Collectors.toList());
        assertThat(names).containsExactly(
                "createUser", "updateUser", "deleteUser",
                "createProduct", "updateProduct", "deleteProduct",
                "createOrder", "updateOrder", "updateOrderStatus", "deleteOrder",
                "createOrderItem", "updateOrderItem", "deleteOrderItem");
        GraphQLFieldDefinition setStatus = mutation.getFieldDefinition("updateOrderStatus");
        assertThat(setStatus.getArguments()).extracting(a -> a.getName() + ":" + graphql.schema.GraphQLTypeUtil.simplePrint(a.getType()))
                .containsExactly("id:ID!", "status:String!");
        assertThat(graphql.schema.GraphQLTypeUtil.simplePrint(mutation.getFieldDefinition("deleteOrder").getType()))
                .isEqualTo("Order!");
    }

    @Test
    void createInputRequiresNonNullFieldsExceptTheKey() {
        GraphQLInputObjectType input = (GraphQLInputObjectType) shop.schema().getType("CreateOrderInput");
        assertThat(input.getField("id").getType()).isNotInstanceOf(GraphQLNonNull.class);
        assertThat(input.getField("userId").getType()).isInstanceOf(GraphQLNonNull.class);
        assertThat(input.getField("createdAt").getType()).isInstanceOf(GraphQLNonNull.class);
        GraphQLInputObjectType user = (GraphQLInputObjectType) shop.schema().getType("CreateUserInput");
        assertThat(user.getField("country").getType()).isNotInstanceOf(GraphQLNonNull.class);
    }

    @Test
    void updateInputHasEveryFieldButTheKeyAllOptional() {
        GraphQLInputObjectType input = (GraphQLInputObjectType) shop.schema().getType("UpdateOrderInput");
        assertThat(input.getField("id")).isNull();
        assertThat(input.getFields()).hasSize(5).allSatisfy(f -> assertThat(f.getType()).isNotInstanceOf(GraphQLNonNull.class));
    }

    @Test
    void sdlShowsTheMutationTypeWithDocs() {
        assertThat(shop.fullSdl()).contains("type Mutation {", "createOrder(input: CreateOrderInput!): Order!",
                "emits Order created");
    }

    @Test
    void keyIsIdElseTheFirstNonNullIdField() {
        Catalog catalog = new CatalogLoader().load("type Tag @table(name: \"tags\") { label: String!  code: ID!  other: ID! }");
        assertThat(catalog.schema().getMutationType().getFieldDefinition("deleteTag").getArgument("code")).isNotNull();
    }

    @Test
    void typeWithoutKeyGetsNoMutationsAndNoMutationTypeWhenNoneHasOne() {
        Catalog catalog = new CatalogLoader().load("type Log @table(name: \"logs\") { line: String!  ref: ID }");
        assertThat(catalog.schema().getMutationType()).isNull();
    }

    @Test
    void setterOnTheKeyIsRefused() {
        assertThatThrownBy(() -> new CatalogLoader().load("type T @table(name: \"t\") { id: ID! @setter  x: Int }"))
                .isInstanceOf(SchemaException.class).hasMessageContaining("T.id is the key");
    }

    @Test
    void setterOnAKeylessTypeIsRefused() {
        assertThatThrownBy(() -> new CatalogLoader().load("type T @table(name: \"t\") { x: Int @setter }"))
                .isInstanceOf(SchemaException.class).hasMessageContaining("no key field");
    }

    @Test
    void clashingMutationNamesAreRefused() {
        String sdl = "type Order @table(name: \"o\") { id: ID!  status: String @setter }\n"
                + "type OrderStatus @table(name: \"s\") { id: ID! }";
        assertThatThrownBy(() -> new CatalogLoader().load(sdl)).isInstanceOf(SchemaException.class)
                .hasMessageContaining("updateOrderStatus");
    }
}
