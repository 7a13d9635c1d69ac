package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlainDecimalTest {
    private final char[] out = new char[PlainDecimal.MAX_LENGTH];

    private String plain(long unscaled, int scale) {
        return new String(out, 0, PlainDecimal.write(unscaled, scale, out));
    }

    @Test
    void everyScaleReadsAsBigDecimalToPlainStringWritesIt() {
        long[] values = {0, 1, -1, 5, -5, 10, -10, 99, 100, 123_456_789, -123_456_789, 999_999_999_999_999_999L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1_000_000_000_000_000_000L};
        for (int scale = 0; scale <= PlainDecimal.MAX_SCALE; scale++) {
            for (long value : values) {
                assertThat(plain(value, scale)).as("%d at scale %d", value, scale)
                        .isEqualTo(BigDecimal.valueOf(value, scale).toPlainString());
            }
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 200_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            int scale = random.nextInt(PlainDecimal.MAX_SCALE + 1);
            assertThat(plain(value, scale)).isEqualTo(BigDecimal.valueOf(value, scale).toPlainString());
        }
    }
}
