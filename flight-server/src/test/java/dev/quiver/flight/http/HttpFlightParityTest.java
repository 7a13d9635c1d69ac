package dev.quiver.flight.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.request.GraphQLRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same requests over Flight and over HTTP against one in-process server on the embedded demo shop: both
 * transports must answer the same rows, value for value, in the same order. The demo has ID, String, Int,
 * Decimal and DateTime columns (and nulls); {@code AllScalarsParityIT} covers the other scalars on PostgreSQL.
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

    private static List<Map<String, Object>> same(GraphQLRequest request, String resultKey) throws Exception {
        return TwinResults.assertSame(demo.flight, demo.http, request, resultKey);
    }
}
