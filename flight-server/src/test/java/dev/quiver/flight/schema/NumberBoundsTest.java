package dev.quiver.flight.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The number bounds every numeric scalar shares: ordinary values pass unchanged, oversize ones are refused by size. */
class NumberBoundsTest {
    @Test
    void bigIntKeepsTheWhole64BitRange() {
        assertThat(NumberBounds.longValue("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(NumberBounds.longValue(" -9223372036854775808 ")).isEqualTo(Long.MIN_VALUE);
        assertThat(NumberBounds.longValue(new BigDecimal("1.000"))).isEqualTo(1L);
        assertThat(NumberBounds.longValue(new BigDecimal("12E+3"))).isEqualTo(12_000L);
        assertThat(NumberBounds.longValue(42)).isEqualTo(42L);
        assertThatThrownBy(() -> NumberBounds.longValue("9223372036854775808")).hasMessageContaining("64-bit");
        assertThatThrownBy(() -> NumberBounds.longValue(new BigDecimal("1.5"))).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> NumberBounds.longValue(new BigDecimal("1e20"))).hasMessageContaining("64-bit");
    }

    @Test
    void decimalsUpToTheBoundsPassExactly() {
        String widest = "9".repeat(NumberBounds.MAX_PRECISION);
        assertThat(NumberBounds.decimal(widest)).isEqualTo(new BigDecimal(widest));
        assertThat(NumberBounds.decimal("1e1000")).isEqualTo(new BigDecimal("1e1000"));
        assertThat(NumberBounds.decimal("1e-1000")).isEqualTo(new BigDecimal("1e-1000"));
        assertThat(NumberBounds.decimal("123.4500").scale()).as("the scale is kept").isEqualTo(4);
        assertThat(NumberBounds.decimal(0.25d)).isEqualTo(new BigDecimal("0.25"));
    }

    @Test
    void oversizeNumbersAreRefusedBySize() {
        assertThatThrownBy(() -> NumberBounds.decimal("9".repeat(NumberBounds.MAX_PRECISION + 1)))
                .hasMessageContaining("more than 1000 digits");
        assertThatThrownBy(() -> NumberBounds.decimal("9".repeat(2_000))).hasMessageContaining("2000 characters");
        assertThatThrownBy(() -> NumberBounds.decimal(BigInteger.TEN.pow(5_000))).hasMessageContaining("more than 1000 digits");
        assertThatThrownBy(() -> NumberBounds.decimal("1e1001")).hasMessageContaining("exponent of 1001");
        assertThatThrownBy(() -> NumberBounds.decimal(new BigDecimal("1e-300000000"))).hasMessageContaining("exponent of -300000000");
    }

    @Test
    void errorMessagesDoNotEchoLongInput() {
        assertThat(NumberBounds.shorten("12345")).isEqualTo("12345");
        assertThat(NumberBounds.shorten("9".repeat(1_500_000))).hasSizeLessThan(60).contains("1500000 characters");
    }
}
