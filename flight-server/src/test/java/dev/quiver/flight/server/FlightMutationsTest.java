package dev.quiver.flight.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.mutation.Actor;
import java.util.Map;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.junit.jupiter.api.Test;

class FlightMutationsTest {
    @Test
    void theAuthenticatedPeerBecomesTheEventUser() {
        assertThat(FlightMutations.peerIdentity(context("alice"))).isEqualTo(new Actor("alice", null));
    }

    @Test
    void anUnauthenticatedPeerIsAnonymous() {
        assertThat(FlightMutations.peerIdentity(context(""))).isEqualTo(Actor.ANONYMOUS);
        assertThat(FlightMutations.peerIdentity(null)).isEqualTo(Actor.ANONYMOUS);
    }

    private static CallContext context(String peer) {
        return new CallContext() {
            @Override
            public String peerIdentity() {
                return peer;
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public <T extends FlightServerMiddleware> T getMiddleware(FlightServerMiddleware.Key<T> key) {
                return null;
            }

            @Override
            public Map<FlightServerMiddleware.Key<?>, FlightServerMiddleware> getMiddleware() {
                return Map.of();
            }
        };
    }
}
