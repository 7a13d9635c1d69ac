package dev.quiver.flight.transport.http;

/**
 * The plain text of a decimal given as an unscaled {@code long} and a scale of 0 or more, written straight into a
 * char buffer exactly as {@link java.math.BigDecimal#toPlainString()} writes it ({@code -0.050}, {@code 12},
 * {@code 0.00}), without a BigDecimal.
 */
final class PlainDecimal {
    /** Longest text: a sign, 19 digits, a point and up to 19 leading zeros of the fraction and the "0." before them. */
    static final int MAX_LENGTH = 42;
    /** Largest scale written here; larger scales go through BigDecimal. */
    static final int MAX_SCALE = 18;

    private PlainDecimal() {
    }

    /** Writes {@code unscaled} at {@code scale} (0 to {@link #MAX_SCALE}) at {@code out[0]}; returns its length. */
    static int write(long unscaled, int scale, char[] out) {
        char[] digits = new char[20];
        int count = 0;
        // digits of |unscaled| from the last, negated so Long.MIN_VALUE has no overflow
        long rest = unscaled < 0 ? unscaled : -unscaled;
        do {
            digits[count++] = (char) ('0' - rest % 10);
            rest /= 10;
        } while (rest != 0);
        int at = 0;
        if (unscaled < 0) {
            out[at++] = '-';
        }
        if (count <= scale) {
            out[at++] = '0';
            out[at++] = '.';
            for (int i = count; i < scale; i++) {
                out[at++] = '0';
            }
            for (int i = count - 1; i >= 0; i--) {
                out[at++] = digits[i];
            }
            return at;
        }
        for (int i = count - 1; i >= 0; i--) {
            out[at++] = digits[i];
            if (i == scale && scale > 0) {
                out[at++] = '.';
            }
        }
        return at;
    }
}
