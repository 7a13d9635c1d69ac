package dev.quiver.flight.query.internal;

import dev.quiver.flight.query.KeyRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the keys {@code [lo, hi]} into at most {@code count} adjacent ranges that cover them exactly, in key order.
 * With a histogram of the column (PostgreSQL's {@code pg_stats.histogram_bounds}: bounds that cut the table into
 * buckets of about equal rows) the cuts fall on its bounds inside the keys, so each range holds about as many rows;
 * without one (or with none inside the keys) the ranges are of equal width. A range is never empty of keys: fewer
 * keys than {@code count} give fewer ranges.
 */
public final class KeyRanges {
    private KeyRanges() {
    }

    /**
     * @param histogram the column's histogram bounds in ascending order, or empty for none
     */
    public static List<KeyRange> split(long lo, long hi, int count, long[] histogram) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        long[] inner = Arrays.stream(histogram).filter(b -> b > lo && b < hi).sorted().distinct().toArray();
        long[] cuts = inner.length == 0 ? equalWidthCuts(lo, hi, count) : histogramCuts(lo, hi, count, inner);
        List<KeyRange> ranges = new ArrayList<>();
        long from = lo;
        for (long cut : cuts) {
            if (cut > from) { // cuts ascend; a repeated one would make an empty range
                ranges.add(new KeyRange(from, cut - 1));
                from = cut;
            }
        }
        ranges.add(new KeyRange(from, hi));
        return ranges;
    }

    /** {@code count - 1} cuts at {@code lo + j * (hi - lo + 1) / count}, exact for any longs. */
    private static long[] equalWidthCuts(long lo, long hi, int count) {
        BigInteger low = BigInteger.valueOf(lo);
        BigInteger width = BigInteger.valueOf(hi).subtract(low).add(BigInteger.ONE);
        long[] cuts = new long[count - 1];
        for (int j = 1; j < count; j++) {
            cuts[j - 1] = low.add(width.multiply(BigInteger.valueOf(j)).divide(BigInteger.valueOf(count))).longValue();
        }
        return cuts;
    }

    /**
     * Cuts on the bounds: the points lo, the inner bounds, hi delimit buckets of about equal rows; cut {@code j} is
     * the point {@code j / count} of the way along them.
     */
    private static long[] histogramCuts(long lo, long hi, int count, long[] inner) {
        long[] points = new long[inner.length + 2];
        points[0] = lo;
        System.arraycopy(inner, 0, points, 1, inner.length);
        points[points.length - 1] = hi;
        int buckets = points.length - 1;
        long[] cuts = new long[count - 1];
        for (int j = 1; j < count; j++) {
            cuts[j - 1] = points[(int) Math.round((double) j * buckets / count)];
        }
        return cuts;
    }
}
