package dev.quiver.resilience.suite.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrdersQueryTest {
    @Test
    void theExactOrdersFromTheFirstOnWithTheirFieldsAreTheOnlyRightAnswer() throws Exception {
        DemoOrders demo = DemoOrders.generate(50);
        OrdersQuery query = new OrdersQuery(41, 3);
        List<OrderRow> right = List.of(demo.order(41), demo.order(42), demo.order(43));

        assertThat(query.mismatch(right, demo)).isNull();
        assertThat(query.mismatch(right.subList(0, 2), demo)).contains("expected 3 orders from id 41, got 2 rows");
        assertThat(query.mismatch(List.of(demo.order(41), demo.order(43), demo.order(44)), demo))
                .contains("at row 1").contains("id 42").contains("got {id 43");
    }

    @Test
    void aWrongStatusTotalOrUserNameIsAMismatch() throws Exception {
        DemoOrders demo = DemoOrders.generate(50);
        OrdersQuery query = new OrdersQuery(7, 1);
        OrderRow order = demo.order(7);

        assertThat(query.mismatch(List.of(new OrderRow("7", order.status(), order.total().setScale(4),
                order.userName())), demo)).as("the same total at another scale").isNull();
        assertThat(query.mismatch(List.of(new OrderRow("7", null, order.total(), order.userName())), demo))
                .contains("status null");
        assertThat(query.mismatch(List.of(new OrderRow("7", order.status(), order.total().add(BigDecimal.ONE),
                order.userName())), demo)).contains("total");
        assertThat(query.mismatch(List.of(new OrderRow("7", order.status(), order.total(), null)), demo))
                .contains("user null");
    }

    @Test
    void theDemoOrdersHaveEveryField() throws Exception {
        DemoOrders demo = DemoOrders.generate(50);

        assertThat(demo.count()).isEqualTo(50);
        for (long id = 1; id <= 50; id++) {
            OrderRow order = demo.order(id);
            assertThat(order.id()).isEqualTo(Long.toString(id));
            assertThat(order.status()).isIn("pending", "paid", "shipped", "delivered", "cancelled");
            assertThat(order.total()).isPositive();
            assertThat(order.userName()).contains(" ");
        }
    }

    @Test
    void theRequestCarriesTheVariables() {
        assertThat(new OrdersQuery(7, 20).requestJson()).contains("\"from\":\"7\"").contains("\"rows\":20")
                .contains("orders(limit: $rows");
    }

    @Test
    void randomQueriesStayInsideTheDemoData() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            OrdersQuery query = OrdersQuery.random(random, 50);
            assertThat(query.firstId()).isBetween(1L, 50L);
            assertThat(query.firstId() + query.rows() - 1).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void rowsOutsideOneToTwentyAreRefused() {
        assertThatThrownBy(() -> new OrdersQuery(1, 21)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrdersQuery(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
