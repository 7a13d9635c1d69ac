package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.QueryLimits;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
    @Test
    void workersSizedFromTheStreamLimitLeaveSpareOnesToAnswer429() {
        HttpSettings settings = HttpSettings.of("127.0.0.1", 0, QueryLimits.DEFAULTS, 64);

        assertThat(settings.threads()).isEqualTo(64 + HttpSettings.SPARE_THREADS);
        assertThat(settings.queueCapacity()).isEqualTo(HttpSettings.SHEDDING_QUEUE);
        assertThat(settings.maxBodyBytes()).isEqualTo(HttpSettings.of("127.0.0.1", 0, QueryLimits.DEFAULTS).maxBodyBytes());
    }

    @Test
    void aStreamLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> HttpSettings.of("127.0.0.1", 0, QueryLimits.DEFAULTS, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxStreams");
    }
}
