package dev.quiver.flight.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.schema.CatalogLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The front of the one request path: which plan a request becomes, and that its text is parsed once. */
class RequestPlannerTest {
    private final RequestPlanner planner = new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()),
            new QueryLimits(1_000, 8, 2_000));

    @Test
    void theOperationTypeAndRootFieldChooseThePlanNotWordsInTheText() {
        assertThat(kind("{ orders(limit: 1) { id } }")).isEqualTo("query");
        assertThat(kind("query mutation { subscription: orders(where: {status: {eq: \"events\"}}) { events: id } }"))
                .as("words in names, aliases and strings are only words").isEqualTo("query");
        assertThat(kind("{ events(entityType: \"Order\", from: \"2026-01-01T00:00:00Z\", to: \"2026-01-02T00:00:00Z\")"
                + " { eventId } }")).isEqualTo("events query");
        assertThat(kind("query Q { e: events(entityType: \"O\", from: \"2026-01-01T00:00:00Z\","
                + " to: \"2026-01-02T00:00:00Z\") { eventId } }")).as("aliased").isEqualTo("events query");
        assertThat(kind("mutation { deleteOrder(id: 1) { id } }")).isEqualTo("mutation");
        assertThat(kind("subscription { events { eventId } }")).isEqualTo("subscription");
    }

    @Test
    void operationNameChoosesAmongSeveralOperations() {
        String document = "query Q { orders { id } } mutation M { deleteOrder(id: 1) { id } }"
                + " subscription S { events { eventId } }";
        assertThat(planner.prepare(new GraphQLRequest(document, Map.of(), "Q")).kind()).isEqualTo("query");
        assertThat(planner.prepare(new GraphQLRequest(document, Map.of(), "M")).kind()).isEqualTo("mutation");
        assertThat(planner.prepare(new GraphQLRequest(document, Map.of(), "S")).kind()).isEqualTo("subscription");
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of(document)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("3 operations (Q, M, S)")
                .hasMessageContaining("operationName");
        assertThatThrownBy(() -> planner.prepare(new GraphQLRequest(document, Map.of(), "X")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no operation named 'X'");
    }

    @Test
    void aBadDocumentGetsTheSameErrorWhateverKindItLooksLike() {
        for (String broken : new String[] {"{ orders { id ", "mutation { deleteOrder(id: 1) { id ",
                "subscription { events { ", "{ events( "}) {
            assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of(broken))).as(broken)
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("invalid GraphQL syntax");
        }
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of("{ orders { id } }" + " ".repeat(2_000))))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("at most 2000");
    }

    @Test
    void eachKindSelectsExactlyOneRootField() {
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of("{ orders { id } users { id } }")))
                .hasMessageContaining("exactly one root field, this one selects 2 (orders, users)");
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of(
                "mutation { a: deleteOrder(id: 1) { id } b: deleteOrder(id: 2) { id } }")))
                .hasMessageContaining("a mutation request selects exactly one root field");
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of("subscription { a: events { eventId } b: events { eventId } }")))
                .as("graphql-java's own validation says it first").hasMessageContaining("exactly one root field");
    }

    @Test
    void aTextIsParsedOnceWhateverItsKindAndBadTextsEachTime() {
        for (String query : new String[] {"{ orders(limit: 2) { once: id } }", "mutation { deleteOrder(id: 7) { once: id } }",
                "subscription { events { once: eventId } }", "{ events(entityType: \"O\", from: \"2026-01-01T00:00:00Z\","
                + " to: \"2026-01-02T00:00:00Z\") { once: eventId } }"}) {
            long before = planner.parsed();
            for (int i = 0; i < 3; i++) {
                planner.prepare(new GraphQLRequest(query, Map.of(), null));
            }
            assertThat(planner.parsed() - before).as(query).isEqualTo(1);
        }
        long before = planner.parsed();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of("{ orders { nope } }")));
        }
        assertThat(planner.parsed() - before).as("an invalid document is not cached").isEqualTo(2);
    }

    @Test
    void decodingCountsOnceAndKeepsTheQueryId() {
        long before = planner.decoded();
        QueryTicket ticket = planner.decode("{\"queryId\": \"q-1\", \"query\": \"{ orders { id } }\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(ticket.queryId()).isEqualTo("q-1");
        assertThat(ticket.request()).isEqualTo(GraphQLRequest.of("{ orders { id } }"));
        assertThat(planner.decoded() - before).isEqualTo(1);
    }

    private String kind(String query) {
        return planner.prepare(GraphQLRequest.of(query)).kind();
    }
}
