package dev.quiver.resilience.suite.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One small, realistic query of the demo shop with its expected answer: {@code rows} orders from id {@code firstId}
 * on, in id order, each with its status, total and user's name. The demo's order ids run 1..N without gaps, so the
 * answer is exactly the orders {@code firstId .. firstId + rows - 1}, each as {@link DemoOrders} has it: every result
 * is checked field by field, not just its status.
 *
 * @param firstId the lowest id asked for (the {@code $from} variable)
 * @param rows    how many orders (the {@code $rows} variable, 1..20)
 */
record OrdersQuery(long firstId, int rows) {
    /** The GraphQL text, the same for every request; only the variables vary. */
    static final String GRAPHQL = "query Orders($from: ID!, $rows: Int!) { orders(limit: $rows, where: {id: {gte: $from}},"
            + " orderBy: [{id: ASC}]) { id status total user { name } } }";
    static final int MAX_ROWS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    OrdersQuery {
        if (firstId < 1 || rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("firstId must be ≥ 1 and rows 1.." + MAX_ROWS + ", got " + firstId + ", "
                    + rows);
        }
    }

    /** A query of 1..20 orders starting anywhere in {@code 1..orders} such that every row exists. */
    static OrdersQuery random(SplittableRandom random, long orders) {
        int rows = 1 + random.nextInt(MAX_ROWS);
        return new OrdersQuery(1 + random.nextLong(orders - rows + 1), rows);
    }

    /** {@code {"query": ..., "variables": {...}}}: the HTTP body and the Flight ticket alike. */
    String requestJson() {
        try {
            return JSON.writeValueAsString(Map.of("query", GRAPHQL, "variables",
                    Map.of("from", Long.toString(firstId), "rows", rows)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a GraphQL request", e);
        }
    }

    /**
     * {@code null} when {@code rows} is exactly the expected answer (the orders {@code firstId ..} in id order, each
     * with the status, total and user name {@code demo} holds for it), else what is wrong with it.
     */
    String mismatch(List<OrderRow> rows, DemoOrders demo) {
        if (rows.size() != this.rows) {
            return "expected " + this.rows + " orders from id " + firstId + ", got " + rows.size() + " rows";
        }
        for (int i = 0; i < this.rows; i++) {
            OrderRow expected = demo.order(firstId + i);
            if (!expected.sameAs(rows.get(i))) {
                return "expected order " + expected + " at row " + i + ", got " + rows.get(i);
            }
        }
        return null;
    }
}
