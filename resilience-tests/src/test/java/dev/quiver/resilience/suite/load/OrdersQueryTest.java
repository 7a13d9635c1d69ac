package dev.quiver.resilience.suite.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrdersQueryTest {
    @Test
    void theExactIdsFromTheFirstOnAreTheOnlyRightAnswer() {
        OrdersQuery query = new OrdersQuery(41, 3);

        assertThat(query.mismatch(List.of("41", "42", "43"))).isNull();
        assertThat(query.mismatch(List.of("41", "42"))).contains("expected 3 orders from id 41, got 2 rows");
        assertThat(query.mismatch(List.of("41", "43", "44"))).contains("expected order id 42 at row 1, got 43");
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
