package dev.quiver.flight.query;

/**
 * A range of integer key values, both ends included: the rows one endpoint of a split query reads
 * ({@code key >= lower AND key <= upper}). Both ends are included so that no range needs a bound past
 * {@link Long#MAX_VALUE}.
 *
 * @param lower the smallest key in the range
 * @param upper the largest key in the range, at least {@code lower}
 */
public record KeyRange(long lower, long upper) {
    public KeyRange {
        if (upper < lower) {
            throw new IllegalArgumentException("a key range's upper end " + upper + " is below its lower end " + lower);
        }
    }
}
