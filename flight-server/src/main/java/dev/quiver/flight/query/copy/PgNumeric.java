package dev.quiver.flight.query.copy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * PostgreSQL's binary {@code numeric}: a header of four int16 (digit count, weight of the first digit in powers of
 * 10,000, sign, display scale) and base-10,000 digits. {@link #unscaled} reads it as the unscaled long of a decimal
 * at a given scale without a {@link BigDecimal}; {@link #decimal} is the exact value for the rest.
 */
final class PgNumeric {
    static final long NOT_A_LONG = Long.MIN_VALUE;
    private static final int POSITIVE = 0x0000;
    private static final int NEGATIVE = 0x4000;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private PgNumeric() {
    }

    /**
     * The value times 10^{@code scale} as a long when that is exact and fits (its display scale is at most
     * {@code scale}); otherwise {@link #NOT_A_LONG}, and the caller takes {@link #decimal}.
     */
    static long unscaled(byte[] b, int pos, int scale) {
        int digits = Bytes.int16(b, pos);
        int weight = (short) Bytes.int16(b, pos + 2);
        int sign = Bytes.int16(b, pos + 4) & 0xFFFF;
        int displayScale = Bytes.int16(b, pos + 6);
        if (sign != POSITIVE && sign != NEGATIVE || displayScale > scale) {
            return NOT_A_LONG;
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            if (value > (Long.MAX_VALUE - 9999) / 10_000) {
                return NOT_A_LONG;
            }
            value = value * 10_000 + Bytes.int16(b, pos + 8 + 2 * i);
        }
        // value = number x 10^exponent, exponent = 4 x (digits - 1 - weight); we want number x 10^scale
        int shift = scale - 4 * (digits - 1 - weight);
        if (digits == 0 || value == 0) {
            return 0;
        }
        if (shift >= 0) {
            if (shift >= POWERS_OF_TEN.length || value > Long.MAX_VALUE / POWERS_OF_TEN[shift]) {
                return NOT_A_LONG;
            }
            value *= POWERS_OF_TEN[shift];
        } else {
            if (-shift >= POWERS_OF_TEN.length || value % POWERS_OF_TEN[-shift] != 0) {
                return NOT_A_LONG;
            }
            value /= POWERS_OF_TEN[-shift];
        }
        return sign == NEGATIVE ? -value : value;
    }

    /** Whether {@code unscaled} has at most {@code precision} digits. */
    static boolean fits(long unscaled, int precision) {
        return precision >= 19 || Math.abs(unscaled) < POWERS_OF_TEN[precision];
    }

    /** The exact value at {@code scale} (half-even rounding, as the JDBC path did), for what {@link #unscaled} cannot. */
    static BigDecimal decimal(byte[] b, int pos, int scale) {
        int digits = Bytes.int16(b, pos);
        int weight = (short) Bytes.int16(b, pos + 2);
        int sign = Bytes.int16(b, pos + 4) & 0xFFFF;
        if (sign != POSITIVE && sign != NEGATIVE) {
            throw new ArithmeticException("numeric value " + special(sign) + " has no decimal form");
        }
        BigInteger value = BigInteger.ZERO;
        BigInteger base = BigInteger.valueOf(10_000);
        for (int i = 0; i < digits; i++) {
            value = value.multiply(base).add(BigInteger.valueOf(Bytes.int16(b, pos + 8 + 2 * i)));
        }
        BigDecimal number = new BigDecimal(sign == NEGATIVE ? value.negate() : value, 4 * (digits - 1 - weight));
        return number.setScale(scale, RoundingMode.HALF_EVEN);
    }

    private static String special(int sign) {
        return switch (sign) {
            case 0xC000 -> "NaN";
            case 0xD000 -> "Infinity";
            case 0xF000 -> "-Infinity";
            default -> "with sign word " + Integer.toHexString(sign);
        };
    }
}
