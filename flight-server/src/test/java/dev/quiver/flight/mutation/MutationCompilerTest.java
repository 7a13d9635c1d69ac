package dev.quiver.flight.mutation;

import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.testing.Plans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.schema.MutationField;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MutationCompilerTest {
    private final RequestPlanner compiler = new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()), QueryLimits.DEFAULTS);

    @Test
    void createCoercesInputValuesAndLeavesAnOmittedKeyToTheDatabase() {
        MutationPlan plan = compile("mutation { createOrder(input: {userId: 3, status: \"new\", total: \"9.99\", itemCount: 1,"
                + " createdAt: \"2026-01-01T00:00:00Z\"}) { id } }", Map.of());
        assertThat(plan.field().kind()).isEqualTo(MutationField.Kind.CREATE);
        assertThat(plan.key()).isNull();
        assertThat(plan.values()).hasSize(5);
        assertThat(value(plan, "userId")).isEqualTo("3");
        assertThat(value(plan, "total")).isEqualTo(new BigDecimal("9.99"));
        assertThat(value(plan, "createdAt")).isEqualTo(OffsetDateTime.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void operationNameSelectsTheMutation() {
        String document = "query Q { orders { id } } mutation M($id: ID!) { deleteOrder(id: $id) { id } }";
        assertThat(compiler.prepare(new GraphQLRequest(document, Map.of("id", "4"), "Q")).kind()).isEqualTo("query");
        MutationPlan plan = Plans.mutation(compiler, new GraphQLRequest(document, Map.of("id", "4"), "M"));
        assertThat(plan.key()).isEqualTo("4");
        assertThat(plan.field().kind()).isEqualTo(MutationField.Kind.DELETE);
    }

    @Test
    void unknownInputFieldIsRefusedNamingIt() {
        assertInvalid("mutation { updateOrder(id: 1, input: {colour: \"red\"}) { id } }", Map.of(), "colour");
        assertInvalid("mutation($in: UpdateOrderInput!) { updateOrder(id: 1, input: $in) { id } }",
                Map.of("in", Map.of("colour", "red")), "colour");
    }

    @Test
    void wrongInputTypeIsRefusedNamingTheField() {
        assertInvalid("mutation { updateOrder(id: 1, input: {itemCount: \"many\"}) { id } }", Map.of(), "itemCount");
        assertInvalid("mutation($in: UpdateOrderInput!) { updateOrder(id: 1, input: $in) { id } }",
                Map.of("in", Map.of("total", "lots")), "total");
        assertInvalid("mutation($in: UpdateOrderInput!) { updateOrder(id: 1, input: $in) { id } }",
                Map.of("in", Map.of("createdAt", "yesterday")), "createdAt");
    }

    @Test
    void missingRequiredInputIsRefusedNamingIt() {
        assertInvalid("mutation { createOrder(input: {userId: 1, total: 1, itemCount: 1, createdAt: \"2026-01-01T00:00:00Z\"}) { id } }",
                Map.of(), "status");
        assertInvalid("mutation { updateOrderStatus(id: 1) { id } }", Map.of(), "status");
        assertInvalid("mutation { deleteOrder { id } }", Map.of(), "id");
        assertInvalid("mutation($id: ID!) { deleteOrder(id: $id) { id } }", Map.of(), "id");
    }

    @Test
    void nullForANonNullFieldIsRefused() {
        assertInvalid("mutation { updateOrder(id: 1, input: {status: null}) { id } }", Map.of(), "status cannot be null");
    }

    @Test
    void emptyUpdateIsRefusedListingTheFields() {
        assertInvalid("mutation { updateOrder(id: 1, input: {}) { id } }", Map.of(), "input sets no field");
    }

    @Test
    void oneMutationPerRequest() {
        assertInvalid("mutation { a: deleteOrder(id: 1) { id } b: deleteOrder(id: 2) { id } }", Map.of(), "exactly one root field");
    }

    @Test
    void unknownMutationAndUnknownResultFieldAreRefused() {
        assertInvalid("mutation { dropEverything { id } }", Map.of(), "dropEverything");
        assertInvalid("mutation { deleteOrder(id: 1) { id nope } }", Map.of(), "nope");
    }

    private MutationPlan compile(String query, Map<String, Object> variables) {
        return Plans.mutation(compiler, new GraphQLRequest(query, variables, null));
    }

    private void assertInvalid(String query, Map<String, Object> variables, String messagePart) {
        assertThatThrownBy(() -> compiler.prepare(new GraphQLRequest(query, variables, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining(messagePart);
    }

    private static Object value(MutationPlan plan, String field) {
        return plan.values().entrySet().stream().filter(e -> e.getKey().name().equals(field)).findFirst()
                .orElseThrow().getValue();
    }
}
