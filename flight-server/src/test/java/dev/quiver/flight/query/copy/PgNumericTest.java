package dev.quiver.flight.query.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PgNumericTest {

    @Test
    void valuesAtOrBelowTheScaleBecomeUnscaledLongs() {
        assertThat(PgNumeric.unscaled(numeric(3, 1, 0x4000, 2, 1, 2345, 6000), 0, 2)).isEqualTo(-1_234_560);
        assertThat(PgNumeric.unscaled(numeric(1, 0, 0, 0, 7), 0, 3)).isEqualTo(7_000);
        assertThat(PgNumeric.unscaled(numeric(1, -1, 0, 4, 5), 0, 4)).isEqualTo(5); // 0.0005
        assertThat(PgNumeric.unscaled(numeric(1, 2, 0, 0, 3), 0, 0)).isEqualTo(3_0000_0000L); // 3 x 10,000^2
        assertThat(PgNumeric.unscaled(numeric(0, 0, 0, 2), 0, 2)).isZero();
    }

    @Test
    void moreScaleOrMoreDigitsThanALongHoldIsLeftToTheExactPath() {
        byte[] fine = numeric(2, 0, 0, 5, 1, 2345); // 1.2345
        assertThat(PgNumeric.unscaled(fine, 0, 2)).isEqualTo(PgNumeric.NOT_A_LONG);
        assertThat(PgNumeric.decimal(fine, 0, 2)).isEqualTo(new BigDecimal("1.23"));
        assertThat(PgNumeric.decimal(numeric(2, 0, 0, 3, 2, 5000), 0, 0)).isEqualTo(new BigDecimal("2")); // half even
        byte[] wide = numeric(6, 5, 0, 0, 1, 2345, 6789, 123, 4567, 8901);
        assertThat(PgNumeric.unscaled(wide, 0, 2)).isEqualTo(PgNumeric.NOT_A_LONG);
        assertThat(PgNumeric.decimal(wide, 0, 2)).isEqualTo(new BigDecimal("123456789012345678901.00"));
        assertThat(PgNumeric.fits(99_999, 5)).isTrue();
        assertThat(PgNumeric.fits(-100_000, 5)).isFalse();
    }

    @Test
    void notANumberHasNoDecimal() {
        byte[] nan = numeric(0, 0, 0xC000, 0);
        assertThat(PgNumeric.unscaled(nan, 0, 2)).isEqualTo(PgNumeric.NOT_A_LONG);
        assertThatThrownBy(() -> PgNumeric.decimal(nan, 0, 2)).isInstanceOf(ArithmeticException.class).hasMessageContaining("NaN");
    }

    private static byte[] numeric(int... words) {
        ByteBuffer buffer = ByteBuffer.allocate(2 * words.length);
        for (int word : words) {
            buffer.putShort((short) word);
        }
        return buffer.array();
    }
}
