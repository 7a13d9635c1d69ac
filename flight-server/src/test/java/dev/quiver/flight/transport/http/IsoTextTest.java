package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTextTest {
    private final char[] out = new char[IsoText.MAX_LENGTH];

    private String instant(long second, int nanos) {
        return new String(out, 0, IsoText.instant(second, nanos, out));
    }

    private String date(long day) {
        return new String(out, 0, IsoText.date(day, out));
    }

    @Test
    void instantsReadAsInstantToStringWritesThem() {
        long[] seconds = {IsoText.FIRST_SECOND, IsoText.LAST_SECOND, -1, 0, 1, 951_782_400L /* 2000-02-29 */,
                -2_208_988_800L /* 1900-01-01 */, 946_684_799L, 4_107_542_400L /* 2100-03-01 */, -62_135_596_800L};
        int[] nanos = {0, 1, 999_999_999, 500_000_000, 123_000, 123_456_000, 7_000_000, 100};
        for (long second : seconds) {
            for (int nano : nanos) {
                assertThat(instant(second, nano)).as("%d s %d ns", second, nano)
                        .isEqualTo(Instant.ofEpochSecond(second, nano).toString());
            }
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(IsoText.FIRST_SECOND, IsoText.LAST_SECOND + 1);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            assertThat(instant(second, nano)).isEqualTo(Instant.ofEpochSecond(second, nano).toString());
        }
    }

    @Test
    void datesReadAsLocalDateToStringWritesThem() {
        for (long day = IsoText.FIRST_DAY; day <= IsoText.LAST_DAY; day += 7) {
            assertThat(date(day)).isEqualTo(LocalDate.ofEpochDay(day).toString());
        }
        for (long day : new long[] {IsoText.FIRST_DAY, IsoText.LAST_DAY, -1, 0, 11_016 /* 2000-02-29 */, -25_508}) {
            assertThat(date(day)).isEqualTo(LocalDate.ofEpochDay(day).toString());
        }
    }
}
