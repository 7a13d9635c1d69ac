package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.flight.request.GraphQLRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightRuntimeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same requests over Flight and over HTTP against one in-process server on the embedded demo shop: both
 * transports must answer the same rows, value for value, in the same order, and refuse the same bad request with
 * the same status and message. The demo has ID, String, Int, Decimal and DateTime columns (and nulls);
 * {@code AllScalarsParityIT} covers the other scalars on PostgreSQL, {@code HttpFlightLimitsParityTest} the
 * timeout and cancel, {@code HttpFlightParityIT} history and subscriptions.
 */
@Timeout(120)
class HttpFlightParityTest {
    private static SharedDemoServer demo;

    @BeforeAll
    static void start() throws Exception {
        demo = SharedDemoServer.get();
    }

    @Test
    void everyColumnOfEveryTableInManyBatches() throws Exception {
        Map<String, String> tables = Map.of(
                "users", "id name email country createdAt",
                "products", "id name category price stock",
                "orders", "id userId status total itemCount createdAt",
                "orderItems", "id orderId productId quantity unitPrice");
        for (Map.Entry<String, String> table : tables.entrySet()) {
            String query = "{ " + table.getKey() + "(orderBy: [{id: ASC}]) { " + table.getValue() + " } }";
            List<Map<String, Object>> rows = same(GraphQLRequest.of(query), table.getKey());
            assertThat(rows).as(table.getKey()).hasSizeGreaterThanOrEqualTo(10);
        }
        // the largest answer spans several 300-row batches
        assertThat(same(GraphQLRequest.of("{ orders { id total createdAt } }"), "orders")).hasSize((int) SharedDemoServer.ORDERS);
    }

    @Test
    void nullsStayNull() throws Exception {
        List<Map<String, Object>> rows = same(GraphQLRequest.of(
                "{ users(where: {country: {isNull: true}}, orderBy: [{id: ASC}]) { id country } }"), "users");
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.get("country")).isNull());
    }

    @Test
    void filtersAndOrderingWithVariables() throws Exception {
        String query = "query Paid($status: String!, $min: Decimal, $since: DateTime) { orders(where: {status: {eq: $status},"
                + " total: {gte: $min}, createdAt: {gte: $since}}, orderBy: [{total: DESC}, {id: ASC}], limit: 50) {"
                + " id status total createdAt itemCount } }";
        List<Map<String, Object>> rows = same(new GraphQLRequest(query,
                Map.of("status", "paid", "min", "100.00", "since", "2024-03-01T00:00:00Z"), "Paid"), "orders");
        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("paid");
            assertThat((BigDecimal) row.get("total")).isGreaterThanOrEqualTo(new BigDecimal("100.00"));
            assertThat((Instant) row.get("createdAt")).isAfterOrEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        });
    }

    @Test
    void booleanCombinatorsInAndLike() throws Exception {
        String query = "{ products(where: {or: [{category: {in: [\"books\", \"games\"]}}, {name: {like: \"%a%\"}}],"
                + " not: {stock: {lt: 10}}}, orderBy: [{category: ASC}, {price: DESC}, {id: ASC}]) { id name category price stock } }";
        assertThat(same(GraphQLRequest.of(query), "products")).isNotEmpty();
    }

    @Test
    void aliasesTypenameAndPaging() throws Exception {
        String query = "{ page: orderItems(limit: 25, offset: 100, orderBy: [{id: ASC}]) {"
                + " key: id order: orderId qty: quantity __typename price: unitPrice } }";
        List<Map<String, Object>> rows = same(GraphQLRequest.of(query), "page");
        assertThat(rows).hasSize(25);
        assertThat(rows.get(0)).containsOnlyKeys("key", "order", "qty", "__typename", "price")
                .containsEntry("key", "101").containsEntry("__typename", "OrderItem");
    }

    @Test
    void operationNameSelectsOneOfSeveralOperations() throws Exception {
        String document = "query Few($n: Int) { users(limit: $n, orderBy: [{id: DESC}]) { id name } }"
                + " query Cheap { products(where: {price: {lt: \"500\"}}) { id price } }";
        assertThat(same(new GraphQLRequest(document, Map.of("n", 7), "Few"), "users")).hasSize(7);
        assertThat(same(new GraphQLRequest(document, Map.of(), "Cheap"), "products")).isNotEmpty();
    }

    @Test
    void anEmptyResultIsAnEmptyList() throws Exception {
        assertThat(same(GraphQLRequest.of("{ orders(where: {id: {eq: \"-1\"}}) { id } }"), "orders")).isEmpty();
    }

    @Test
    void aMutationAnswersTheSameRowOverBothTransports() throws Exception {
        GraphQLRequest create = GraphQLRequest.of("mutation { made: createOrder(input: {userId: \"2\", status: \"twin\","
                + " total: \"30.50\", itemCount: 3, createdAt: \"2026-01-05T08:00:00Z\"}) {"
                + " id userId status total itemCount createdAt __typename } }");
        TwinResults.Answer overFlight = TwinResults.overFlightExchange(demo.flight, create);
        TwinResults.Answer overHttp = TwinResults.mutationOverHttp(demo.http, create, "made", overFlight.schema());
        assertThat(overFlight.rows()).hasSize(1);
        String flightId = (String) overFlight.rows().get(0).get("id");
        String httpId = (String) overHttp.rows().get(0).get("id");
        assertThat(httpId).as("each transport ran its own mutation, once").isNotEqualTo(flightId);
        assertThat(withoutId(overHttp.rows().get(0))).isEqualTo(withoutId(overFlight.rows().get(0)))
                .containsEntry("status", "twin").containsEntry("total", new BigDecimal("30.50"))
                .containsEntry("createdAt", Instant.parse("2026-01-05T08:00:00Z"));

        String ship = "mutation Ship($id: ID!) { shipped: updateOrderStatus(id: $id, status: \"twin-shipped\") {"
                + " id status total } }";
        TwinResults.Answer shippedOverFlight = TwinResults.overFlightExchange(demo.flight,
                new GraphQLRequest(ship, Map.of("id", flightId), "Ship"));
        TwinResults.Answer shippedOverHttp = TwinResults.mutationOverHttp(demo.http,
                new GraphQLRequest(ship, Map.of("id", httpId), "Ship"), "shipped", shippedOverFlight.schema());
        assertThat(withoutId(shippedOverHttp.rows().get(0))).isEqualTo(withoutId(shippedOverFlight.rows().get(0)))
                .containsEntry("status", "twin-shipped");

        String delete = "mutation Drop($id: ID!) { gone: deleteOrder(id: $id) { id status } }";
        TwinResults.Answer deletedOverFlight = TwinResults.overFlightExchange(demo.flight,
                new GraphQLRequest(delete, Map.of("id", flightId), "Drop"));
        TwinResults.Answer deletedOverHttp = TwinResults.mutationOverHttp(demo.http,
                new GraphQLRequest(delete, Map.of("id", httpId), "Drop"), "gone", deletedOverFlight.schema());
        assertThat(deletedOverFlight.rows()).containsExactly(Map.of("id", flightId, "status", "twin-shipped"));
        assertThat(deletedOverHttp.rows()).containsExactly(Map.of("id", httpId, "status", "twin-shipped"));
        assertThat(same(GraphQLRequest.of("{ orders(where: {status: {in: [\"twin\", \"twin-shipped\"]}}) { id } }"),
                "orders")).as("both orders are gone again").isEmpty();
    }

    @Test
    void theSameBadRequestIsRefusedWithTheSameStatusAndMessage() throws Exception {
        assertSameRefusal(GraphQLRequest.of("{ orders { id "), "INVALID_ARGUMENT");
        assertSameRefusal(GraphQLRequest.of("{ orders { id nope } }"), "INVALID_ARGUMENT");
        assertSameRefusal(new GraphQLRequest("query($n: Int) { orders(limit: $n) { id } }", Map.of("n", "many"), null),
                "INVALID_ARGUMENT");
        assertSameRefusal(GraphQLRequest.of("query A { users { id } } query B { orders { id } }"), "INVALID_ARGUMENT");
        assertSameRefusal(GraphQLRequest.of("{ users { id } orders { id } }"), "INVALID_ARGUMENT");
        assertSameRefusal(GraphQLRequest.of("{ a { b { c { d { e { f } } } } } }"), "RESOURCE_EXHAUSTED");
        assertSameRefusal(GraphQLRequest.of("{ orders(limit: 100000000) { id } }"), "RESOURCE_EXHAUSTED");
        assertSameRefusal(GraphQLRequest.of("{ events(entityType: \"Order\", from: \"2026-03-01T00:00:00Z\","
                + " to: \"2026-03-02T00:00:00Z\") { eventId } }"), "UNAVAILABLE"); // no ClickHouse
        assertSameRefusal(GraphQLRequest.of("subscription { events { entityId } }"), "UNAVAILABLE"); // no NATS

        GraphQLRequest badWrite = GraphQLRequest.of("mutation { deleteOrder(id: \"424242\") { id } }");
        FlightRuntimeException overFlight = catchThrowableOfType(() -> TwinResults.overFlightExchange(demo.flight,
                badWrite), FlightRuntimeException.class);
        HttpTestClient.Response overHttp = demo.http.postGraphQL(json(badWrite));
        assertSameRefusal(badWrite, overFlight, overHttp, "INVALID_ARGUMENT");

        FlightRuntimeException cancelOverFlight = catchThrowableOfType(() -> demo.flight.doAction(
                new Action("cancel", "{\"queryId\": \"nobody\"}".getBytes(StandardCharsets.UTF_8))).next(),
                FlightRuntimeException.class);
        HttpTestClient.Response cancelOverHttp = demo.http.send("POST", "/graphql/cancel", "application/json",
                "{\"queryId\": \"nobody\"}", null);
        assertSameRefusal(GraphQLRequest.of("cancel nobody"), cancelOverFlight, cancelOverHttp, "NOT_FOUND");
    }

    /** A mutation is refused on Flight's read calls, and on HTTP's read method, as the same kind of mistake. */
    @Test
    void aMutationSentToAReadIsInvalidOnBothTransports() {
        GraphQLRequest write = GraphQLRequest.of("mutation { updateOrderStatus(id: \"3\", status: \"read\") { id } }");
        FlightRuntimeException overFlight = catchThrowableOfType(() -> TwinResults.overFlight(demo.flight, write),
                FlightRuntimeException.class);
        HttpTestClient.Response overHttp = demo.http.get("/graphql?query="
                + java.net.URLEncoder.encode(write.query(), StandardCharsets.UTF_8));
        assertThat(overFlight.status().code().name()).isEqualTo("INVALID_ARGUMENT");
        assertThat(overFlight.getMessage()).contains("DoExchange");
        assertThat(overHttp.status()).isEqualTo(405);
        assertThat(overHttp.errorCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(overHttp.errorMessage()).contains("POST");
    }

    /** Sends {@code request} over both transports (DoGet; HTTP POST, as an event stream for a subscription). */
    private static void assertSameRefusal(GraphQLRequest request, String code) {
        FlightRuntimeException overFlight = catchThrowableOfType(() -> TwinResults.overFlight(demo.flight, request),
                FlightRuntimeException.class);
        HttpTestClient.Response overHttp = demo.http.send("POST", "/graphql", "application/json", json(request),
                "application/json, text/event-stream");
        assertSameRefusal(request, overFlight, overHttp, code);
    }

    private static void assertSameRefusal(GraphQLRequest request, FlightRuntimeException overFlight,
                                          HttpTestClient.Response overHttp, String code) {
        assertThat(overFlight).as("Flight answered %s", request.query()).isNotNull();
        assertThat(overFlight.status().code().name()).as("Flight's status for %s", request.query()).isEqualTo(code);
        assertThat(overHttp.errorCode()).as("HTTP's code for %s: %s", request.query(), overHttp.body()).isEqualTo(code);
        assertThat(overHttp.status()).as("HTTP status for %s", request.query()).isEqualTo(switch (code) {
            case "INVALID_ARGUMENT" -> 400;
            case "RESOURCE_EXHAUSTED" -> 413;
            case "UNAVAILABLE" -> 503;
            case "NOT_FOUND" -> 404;
            default -> throw new AssertionError(code);
        });
        assertThat(overHttp.errorMessage()).as("HTTP's message for %s", request.query())
                .isEqualTo(overFlight.status().description());
    }

    private static String json(GraphQLRequest request) {
        return new String(request.toJson(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> withoutId(Map<String, Object> row) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        copy.remove("id");
        return copy;
    }

    private static List<Map<String, Object>> same(GraphQLRequest request, String resultKey) throws Exception {
        return TwinResults.assertSame(demo.flight, demo.http, request, resultKey);
    }
}
