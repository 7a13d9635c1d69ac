package dev.quiver.flight.schema;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The largest number a request may carry, checked on its size before any conversion: a {@code 1e300000000} literal
 * is three bytes of exponent, but turning it into an integer ({@link BigDecimal#toBigIntegerExact()}) computes
 * {@code 10^300000000} for minutes of CPU, and parsing a 1.5-million-digit string into a {@link BigInteger} is
 * quadratic. So a number is refused when it has more than {@value #MAX_PRECISION} significant digits or a scale
 * (exponent) beyond &plusmn;{@value #MAX_SCALE}, and a numeric string longer than {@value #MAX_TEXT_CHARS} characters
 * is refused unread. Every numeric scalar (BigInt, Decimal, and, through the variables check, Int and Float) uses
 * these bounds; they are far beyond any database numeric type (PostgreSQL's NUMERIC keeps 1,000 digits of precision
 * when declared, H2's 100,000 but only 1,000 are useful here).
 */
public final class NumberBounds {
    /** Most significant digits of any number. */
    public static final int MAX_PRECISION = 1_000;
    /** Largest scale, either sign: {@code 1e-1000} and {@code 1e1000} are the extremes. */
    public static final int MAX_SCALE = 1_000;
    /** Longest numeric text: the digits, a sign, a point and an exponent. */
    public static final int MAX_TEXT_CHARS = MAX_PRECISION + 16;
    /** Bits of an unscaled value of {@value #MAX_PRECISION} digits, rounded up: a cheap first check. */
    private static final int MAX_BITS = (int) Math.ceil(MAX_PRECISION * Math.log(10) / Math.log(2)) + 1;

    private NumberBounds() {
    }

    /**
     * {@code input} (a string or a number) as an exact decimal, refused by its size before any expensive step.
     *
     * @throws IllegalArgumentException saying which bound it exceeds
     */
    public static BigDecimal decimal(Object input) {
        BigDecimal value;
        if (input instanceof BigDecimal) {
            value = (BigDecimal) input;
        } else if (input instanceof BigInteger) {
            value = new BigDecimal(checkBits((BigInteger) input));
        } else if (input instanceof Long || input instanceof Integer || input instanceof Short || input instanceof Byte) {
            value = BigDecimal.valueOf(((Number) input).longValue());
        } else {
            String text = input.toString().trim();
            if (text.length() > MAX_TEXT_CHARS) {
                throw new IllegalArgumentException("a number of " + text.length() + " characters is too long; numbers"
                        + " have at most " + MAX_PRECISION + " digits");
            }
            value = new BigDecimal(text);
        }
        checkBits(value.unscaledValue());
        if (Math.abs((long) value.scale()) > MAX_SCALE) {
            throw new IllegalArgumentException("its exponent of " + (-(long) value.scale()) + " is out of range;"
                    + " numbers have exponents (scales) within -" + MAX_SCALE + "..+" + MAX_SCALE);
        }
        if (value.precision() > MAX_PRECISION) {
            throw new IllegalArgumentException("it has " + value.precision() + " digits; numbers have at most "
                    + MAX_PRECISION);
        }
        return value;
    }

    /** {@code input} as a 64-bit integer, within {@link #decimal} bounds first. */
    public static long longValue(Object input) {
        BigDecimal value = decimal(input);
        if (value.precision() - value.scale() > 19) {
            throw new IllegalArgumentException("it is out of the 64-bit integer range");
        }
        try {
            return value.toBigIntegerExact().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(value.scale() > 0 && value.stripTrailingZeros().scale() > 0
                    ? "it is not a whole number" : "it is out of the 64-bit integer range", e);
        }
    }

    /** A short form of a client's input for an error message: the answer never echoes megabytes back. */
    public static String shorten(Object input) {
        String text = String.valueOf(input);
        return text.length() <= 40 ? text : text.substring(0, 20) + "..." + " (" + text.length() + " characters)";
    }

    private static BigInteger checkBits(BigInteger unscaled) {
        if (unscaled.bitLength() > MAX_BITS) {
            throw new IllegalArgumentException("it has more than " + MAX_PRECISION + " digits; numbers have at most "
                    + MAX_PRECISION);
        }
        return unscaled;
    }
}
