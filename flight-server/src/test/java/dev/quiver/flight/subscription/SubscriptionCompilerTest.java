package dev.quiver.flight.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.events.EventColumn;
import dev.quiver.flight.events.EventField;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.LimitExceededException;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.subscription.internal.EventFilter;
import dev.quiver.flight.testing.Plans;
import dev.quiver.sinks.api.EventType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class SubscriptionCompilerTest {
    private static final RequestPlanner COMPILER =
            new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()), new QueryLimits(1_000, 8, 2_000));

    @Test
    void theSchemaHasTheSelectedFieldsUnderTheirAliasesInOrder() {
        SubscriptionPlan plan = Plans.subscription(COMPILER, GraphQLRequest.of(
                "subscription { events { at: occurredAt eventType id: eventId userId data __typename } }"));
        Schema schema = plan.schema();
        assertThat(schema.getFields()).extracting(Field::getName)
                .containsExactly("at", "eventType", "id", "userId", "data", "__typename");
        assertThat(schema.findField("at").getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
        assertThat(schema.findField("eventType").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
        assertThat(schema.findField("userId").isNullable()).isTrue();
        assertThat(schema.findField("id").isNullable()).isFalse();
        assertThat(plan.filter()).isEqualTo(EventFilter.ALL);
    }

    @Test
    void argumentsBecomeTheFilterFromLiteralsOrVariables() {
        assertThat(Plans.subscription(COMPILER, GraphQLRequest.of(
                "subscription { events(entityType: \"Order\", types: [CREATED, DELETED]) { eventId } }")).filter())
                .isEqualTo(new EventFilter("Order", EnumSet.of(EventType.CREATED, EventType.DELETED)));
        GraphQLRequest withVariables = new GraphQLRequest(
                "subscription S($e: String, $t: [EventType!]) { events(entityType: $e, types: $t) { eventId } }",
                Map.of("e", "User", "t", List.of("UPDATED")), null);
        assertThat(Plans.subscription(COMPILER, withVariables).filter())
                .isEqualTo(new EventFilter("User", EnumSet.of(EventType.UPDATED)));
        assertThat(Plans.subscription(COMPILER, GraphQLRequest.of("subscription { events(types: UPDATED) { eventId } }")).filter())
                .isEqualTo(new EventFilter(null, EnumSet.of(EventType.UPDATED)));
    }

    @Test
    void fragmentsAreResolved() {
        SubscriptionPlan plan = Plans.subscription(COMPILER, GraphQLRequest.of(
                "subscription { events { ...who } } fragment who on ObserverEvent { userId orgId }"));
        assertThat(plan.columns()).extracting(EventColumn::resultKey).containsExactly("userId", "orgId");
    }

    @Test
    void anUnknownFieldIsNamed() {
        assertInvalid("subscription { events { eventId colour } }", "colour");
    }

    @Test
    void aWrongArgumentTypeIsNamed() {
        assertInvalid("subscription { events(entityType: 7) { eventId } }", "entityType");
    }

    @Test
    void anUnknownArgumentIsNamed() {
        assertInvalid("subscription { events(where: {}) { eventId } }", "where");
    }

    @Test
    void anUnknownEnumValueIsNamed() {
        assertInvalid("subscription { events(types: [CREATED, VANISHED]) { eventId } }", "VANISHED");
    }

    @Test
    void anUnknownEnumValueInVariablesIsNamed() {
        GraphQLRequest request = new GraphQLRequest("subscription S($t: [EventType!]) { events(types: $t) { eventId } }",
                Map.of("t", List.of("VANISHED")), null);
        assertThatThrownBy(() -> COMPILER.prepare(request)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("VANISHED");
    }

    @Test
    void anEmptyTypesListIsRefused() {
        assertInvalid("subscription { events(types: []) { eventId } }", "leave types out");
    }

    @Test
    void twoRootFieldsAreRefused() {
        assertInvalid("subscription { a: events { eventId } b: events { entityId } }", "");
    }

    @Test
    void aSelectionIsRequired() {
        assertInvalid("subscription { events }", "events");
    }

    @Test
    void anOverlongDocumentIsALimit() {
        String query = "subscription { events { eventId } }" + " ".repeat(2_000);
        assertThatThrownBy(() -> COMPILER.prepare(GraphQLRequest.of(query))).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("2000");
    }

    private static void assertInvalid(String query, String named) {
        assertThatThrownBy(() -> COMPILER.prepare(GraphQLRequest.of(query))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(named);
    }
}
