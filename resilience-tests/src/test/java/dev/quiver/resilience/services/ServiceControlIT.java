package dev.quiver.resilience.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.testsupport.ServiceControlException;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault operations of {@code scripts/services.sh}, on Redis (it restarts in a moment): each one either takes
 * effect or fails loudly, so a fault test can never go on believing it injected a fault that did not happen. A
 * restart starts a service that is not running. Redis is running and not paused again after every test.
 */
@Timeout(120)
class ServiceControlIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final ServiceName REDIS = ServiceName.REDIS;
    private static final Duration READY = Duration.ofSeconds(60);

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(REDIS);
    }

    @AfterEach
    void redisUpAgain() {
        if (!SERVICES.isReady(REDIS)) {
            SERVICES.restart(REDIS);
            SERVICES.awaitReady(REDIS, READY);
        }
    }

    @Test
    void pauseFreezesAndResumeThawsEachFailingWhenItWouldDoNothing() {
        SERVICES.pause(REDIS);
        try {
            assertThat(SERVICES.probe(REDIS).ready()).as("a paused Redis answers nothing").isFalse();
            assertThatThrownBy(() -> SERVICES.pause(REDIS)).isInstanceOf(ServiceControlException.class)
                    .hasMessageContaining("already paused");
        } finally {
            SERVICES.resume(REDIS);
        }
        SERVICES.awaitReady(REDIS, READY); // a resumed Redis answers again
        assertThatThrownBy(() -> SERVICES.resume(REDIS)).isInstanceOf(ServiceControlException.class)
                .hasMessageContaining("not paused");
    }

    @Test
    void killOfAServiceThatIsNotRunningFailsAndRestartStartsIt() {
        SERVICES.kill(REDIS);
        assertThat(SERVICES.probe(REDIS).ready()).as("a killed Redis is gone").isFalse();
        assertThatThrownBy(() -> SERVICES.kill(REDIS)).isInstanceOf(ServiceControlException.class)
                .hasMessageContaining("not running");
        assertThatThrownBy(() -> SERVICES.pause(REDIS)).isInstanceOf(ServiceControlException.class)
                .hasMessageContaining("not running");
        assertThatThrownBy(() -> SERVICES.resume(REDIS)).isInstanceOf(ServiceControlException.class)
                .hasMessageContaining("not running");

        SERVICES.restart(REDIS);
        SERVICES.awaitReady(REDIS, READY); // restart started the killed Redis
    }
}
