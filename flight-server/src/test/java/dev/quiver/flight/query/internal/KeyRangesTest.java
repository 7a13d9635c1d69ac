package dev.quiver.flight.query.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.query.KeyRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangesTest {
    private static final long[] NO_HISTOGRAM = new long[0];

    @Test
    void withoutAHistogramTheRangesAreOfEqualWidthAndCoverEveryKey() {
        assertThat(KeyRanges.split(1, 100, 4, NO_HISTOGRAM)).containsExactly(
                new KeyRange(1, 25), new KeyRange(26, 50), new KeyRange(51, 75), new KeyRange(76, 100));
        assertThat(KeyRanges.split(0, 9, 3, NO_HISTOGRAM)).containsExactly(
                new KeyRange(0, 2), new KeyRange(3, 5), new KeyRange(6, 9));
    }

    @Test
    void theCutsFollowTheHistogramSoSkewedKeysGetRangesOfAboutEqualRows() {
        // half the rows below 10, half between 10 and 1,000,000
        long[] histogram = {1, 2, 4, 6, 8, 10, 200_000, 400_000, 600_000, 800_000, 1_000_000};
        assertThat(KeyRanges.split(1, 1_000_000, 2, histogram)).containsExactly(
                new KeyRange(1, 9), new KeyRange(10, 1_000_000));
    }

    @Test
    void histogramBoundsOutsideTheKeysAreIgnored() {
        long[] histogram = {-500, 0, 50, 5_000, 9_000};
        assertThat(KeyRanges.split(10, 100, 2, histogram)).containsExactly(new KeyRange(10, 49), new KeyRange(50, 100));
        assertThat(KeyRanges.split(200, 300, 2, histogram)).as("no bound inside: equal widths")
                .containsExactly(new KeyRange(200, 249), new KeyRange(250, 300));
    }

    @Test
    void fewerKeysThanRangesGiveOneRangePerKeyAndNeverAnEmptyOne() {
        assertThat(KeyRanges.split(5, 7, 8, NO_HISTOGRAM)).containsExactly(
                new KeyRange(5, 5), new KeyRange(6, 6), new KeyRange(7, 7));
        assertThat(KeyRanges.split(5, 5, 4, NO_HISTOGRAM)).containsExactly(new KeyRange(5, 5));
        assertThat(KeyRanges.split(1, 10, 4, new long[] {2, 2, 2, 3})).extracting(KeyRange::lower)
                .doesNotHaveDuplicates();
    }

    @Test
    void theWholeLongRangeSplitsWithoutOverflow() {
        List<KeyRange> ranges = KeyRanges.split(Long.MIN_VALUE, Long.MAX_VALUE, 2, NO_HISTOGRAM);
        assertThat(ranges).containsExactly(new KeyRange(Long.MIN_VALUE, -1), new KeyRange(0, Long.MAX_VALUE));
    }

    @Test
    void adjacentRangesMeetWithoutGapOrOverlap() {
        List<KeyRange> ranges = KeyRanges.split(-37, 12_345, 7, new long[] {-30, 3, 90, 91, 700, 4_000, 12_000});
        assertThat(ranges.get(0).lower()).isEqualTo(-37);
        assertThat(ranges.get(ranges.size() - 1).upper()).isEqualTo(12_345);
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).lower()).isEqualTo(ranges.get(i - 1).upper() + 1);
        }
    }

    @Test
    void oneRangeIsTheWholeKeys() {
        assertThat(KeyRanges.split(3, 9, 1, new long[] {5})).containsExactly(new KeyRange(3, 9));
    }

    @Test
    void aCountBelowOneIsRefused() {
        assertThatThrownBy(() -> KeyRanges.split(1, 2, 0, NO_HISTOGRAM)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void histogramTextIsReadAsLongsAndAnythingElseAsNone() {
        assertThat(KeyRangeFinder.parseBounds("{1,500,-7}")).containsExactly(1, 500, -7);
        assertThat(KeyRangeFinder.parseBounds(null)).isEmpty();
        assertThat(KeyRangeFinder.parseBounds("{}")).isEmpty();
        assertThat(KeyRangeFinder.parseBounds("{a,b}")).isEmpty();
        assertThat(KeyRangeFinder.parseBounds("1,2")).isEmpty();
    }
}
