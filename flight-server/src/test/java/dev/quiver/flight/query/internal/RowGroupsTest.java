package dev.quiver.flight.query.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowGroupsTest {
    @Test
    void groupsRowsByKeyNumberKeepingStatementOrderAndSkippingRowsWithoutAKey() {
        RowGroups groups = RowGroups.of(new int[] {2, 0, -1, 2, 0, 2}, 4);
        assertThat(groups.count(0)).isEqualTo(2);
        assertThat(new int[] {groups.row(0, 0), groups.row(0, 1)}).containsExactly(1, 4);
        assertThat(groups.count(1)).isZero();
        assertThat(new int[] {groups.row(2, 0), groups.row(2, 1), groups.row(2, 2)}).containsExactly(0, 3, 5);
        assertThat(groups.count(3)).isZero();
        assertThat(groups.count(KeyIndex.NO_KEY)).isZero();
        assertThat(groups.count(KeyIndex.ABSENT)).isZero();
    }

    @Test
    void noRowsAndNoKeys() {
        assertThat(RowGroups.of(new int[0], 0).count(KeyIndex.NO_KEY)).isZero();
        assertThat(RowGroups.of(new int[] {-1, -1}, 1).count(0)).isZero();
    }
}
