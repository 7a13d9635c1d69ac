package dev.quiver.flight.subscription.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransmitBudgetTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final TransmitBudget budget = new TransmitBudget(100, scheduler);
    private final List<String> granted = new ArrayList<>();

    @Test
    void bytesThatFitAreTakenAtOnce() {
        assertThat(budget.tryTake(60, bytes -> granted.add("a"))).isTrue();
        assertThat(budget.tryTake(40, bytes -> granted.add("b"))).isTrue();
        assertThat(budget.inTransit()).isEqualTo(100);
        assertThat(budget.waits()).isZero();
    }

    @Test
    void aRequestThatDoesNotFitWaitsAndIsGrantedInOrderAsBytesComeBack() {
        budget.tryTake(80, bytes -> granted.add("first"));
        assertThat(budget.tryTake(30, bytes -> granted.add("second:" + bytes))).isFalse();
        assertThat(budget.tryTake(10, bytes -> granted.add("third:" + bytes)))
                .as("fits, but queues behind the second so large batches are not starved").isFalse();

        budget.give(50);
        scheduler.runReady();
        assertThat(granted).containsExactly("second:30", "third:10");
        assertThat(budget.inTransit()).isEqualTo(70);
        assertThat(budget.waits()).isEqualTo(2);
    }

    @Test
    void aBatchLargerThanTheWholeBudgetGoesWhenNothingElseIsInTransit() {
        assertThat(budget.tryTake(500, bytes -> granted.add("huge"))).isTrue();
        assertThat(budget.tryTake(1, bytes -> granted.add("small"))).isFalse();
        budget.give(500);
        scheduler.runReady();
        assertThat(granted).containsExactly("small");
        assertThat(budget.maxInTransit()).isEqualTo(500);
    }
}
