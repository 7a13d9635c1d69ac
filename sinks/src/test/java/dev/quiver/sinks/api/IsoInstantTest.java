package dev.quiver.sinks.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The direct parse of the common {@code occurred_at} form gives exactly what {@link Instant#parse} gives. */
class IsoInstantTest {

    @Test
    void randomInstantsAtEveryPrecisionParseAsTheJdkParsesThem() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    random.nextInt(1_000_000_000));
            String text = instant.toString();
            int cut = random.nextInt(4);
            if (cut > 0 && text.contains(".")) { // fewer fraction digits: 1..8
                int dot = text.indexOf('.');
                text = text.substring(0, Math.min(text.length() - 1, dot + 1 + random.nextInt(1, 9))) + "Z";
            }
            assertThat(IsoInstant.parseCommon(text)).as(text).isNotNull().isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void formatsRandomInstantsAsTheJdkDoes() {
        SplittableRandom random = new SplittableRandom(61);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L - 86_400, 253_402_300_800L + 86_400);
            int nanos = switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "2024-02-29T00:00:00.100Z"})
    void formatsEdgeValuesAsTheJdkDoes(String text) {
        Instant instant = Instant.parse(text);
        assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00Z",
            "2000-02-29T00:00:00.1Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.123456789Z",
            "2105-12-31T23:59:59.999999Z"})
    void edgeValuesTakeTheDirectPath(String text) {
        assertThat(IsoInstant.parseCommon(text)).isEqualTo(Instant.parse(text));
    }

    /** Forms the JDK also accepts (an offset, a leap second, 24:00, lower case, a bare dot): its answer, through it. */
    @ParameterizedTest
    @ValueSource(strings = {"2025-03-01T12:00:00+01:00", "2016-12-31T23:59:60Z", "+10000-01-01T00:00:00Z",
            "2025-01-01T24:00:00Z", "2025-01-01t00:00:00Z", "2025-01-01T00:00:00z", "2025-03-01T12:00:00.Z"})
    void otherFormsAreLeftToTheJdk(String text) {
        assertThat(IsoInstant.parseCommon(text)).isNull();
        assertThat(IsoInstant.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2025-04-31T00:00:00Z",
            "2025-01-01T23:60:00Z", "2025-03-01T12:00:00.1234567890Z",
            "2025-01-0xT00:00:00Z", "2025-1-01T00:00:00Z", "2025-01-01T00:00:00", "2025-01-01 00:00:00Z",
            "2025-01-01T00:00:00.12a4Z", "nonsense", ""})
    void whatTheJdkRefusesIsRefused(String text) {
        assertThat(IsoInstant.parseCommon(text)).isNull();
        assertThatThrownBy(() -> IsoInstant.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
