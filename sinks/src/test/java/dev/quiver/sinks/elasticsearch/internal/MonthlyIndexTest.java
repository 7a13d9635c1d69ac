package dev.quiver.sinks.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The month's index name, computed from the epoch day, is what the {@code uuuu.MM} formatter writes. */
class MonthlyIndexTest {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu.MM").withZone(ZoneOffset.UTC);

    @Test
    void namesTheMonthAsTheFormatterDoes() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 300_000_000_000L),
                    random.nextInt(1_000_000_000));
            assertThat(MonthlyIndex.name("q", at)).as(at.toString()).isEqualTo("q-" + MONTH.format(at));
        }
    }

    @Test
    void monthsChangeAtMidnightUtc() {
        assertThat(MonthlyIndex.name("q", Instant.parse("1969-12-31T23:59:59.999999Z"))).isEqualTo("q-1969.12");
        assertThat(MonthlyIndex.name("q", Instant.parse("2024-02-29T23:59:59Z"))).isEqualTo("q-2024.02");
        assertThat(MonthlyIndex.name("q", Instant.parse("2024-03-01T00:00:00Z"))).isEqualTo("q-2024.03");
        assertThat(MonthlyIndex.name("q", Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("q-+10000.01");
    }
}
