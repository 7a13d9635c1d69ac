package dev.quiver.sinks.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.SinkHealth;
import dev.quiver.sinks.api.WriteResult;
import dev.quiver.testsupport.time.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** {@link ResilientSink} around a scripted fake sink; the breaker's clock is fake and backoffs are 1-2 ms. */
class ResilientSinkTest {
    private static final Duration OPEN_WAIT = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private final ScriptedSink fake = new ScriptedSink();

    /** {@code attempts} per write; the breaker opens at 50% failures over the last 4 calls (all 4 needed). */
    private ResilientSink resilient(int attempts) {
        ResilienceConfig config = new ResilienceConfig(attempts, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(2),
                50f, 4, 4, OPEN_WAIT, 2);
        return new ResilientSink(fake, config, clock);
    }

    @Test
    void transientFailuresAreRetriedUntilTheWriteSucceeds() throws Exception {
        ResilientSink sink = resilient(3);
        fake.fail(retriable()).fail(retriable()).succeed();

        assertThat(sink.write(null)).isEqualTo(WriteResult.allStored(1));

        assertThat(fake.calls).isEqualTo(3);
        assertThat(sink.retry().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
        assertThat(sink.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
    }

    @Test
    void retriesStopAfterMaxAttemptsWithTheLastFailure() {
        ResilientSink sink = resilient(2);
        SinkException last = SinkException.retriable("fake", "still down", null);
        fake.fail(retriable()).fail(last);

        assertThatThrownBy(() -> sink.write(null)).isSameAs(last);
        assertThat(fake.calls).isEqualTo(2);
    }

    @Test
    void aPermanentFailureIsNotRetriedAndDoesNotCountAgainstTheBreaker() {
        ResilientSink sink = resilient(3);
        SinkException permanent = SinkException.permanent("fake", "bad credentials", null);
        fake.fail(permanent);

        assertThatThrownBy(() -> sink.write(null)).isSameAs(permanent);

        assertThat(fake.calls).isEqualTo(1);
        assertThat(sink.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(sink.circuitBreaker().getMetrics().getNumberOfSuccessfulCalls()).isZero();
    }

    @Test
    void anUnexpectedRuntimeExceptionIsNotRetriedButCountsAsAFailure() {
        ResilientSink sink = resilient(3);
        fake.fail(new IllegalStateException("bug"));

        assertThatThrownBy(() -> sink.write(null)).isInstanceOf(IllegalStateException.class).hasMessage("bug");

        assertThat(fake.calls).isEqualTo(1);
        assertThat(sink.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresFailsFastThenHalfOpensAndCloses() throws Exception {
        ResilientSink sink = resilient(1);
        for (int i = 0; i < 4; i++) {
            fake.fail(retriable());
            assertThatThrownBy(() -> sink.write(null)).isInstanceOf(SinkException.class);
        }
        assertThat(sink.circuitBreaker().getState()).isEqualTo(State.OPEN);

        assertThatThrownBy(() -> sink.write(null))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.isRetriable()).isTrue())
                .hasMessageContaining("CircuitBreaker 'fake' is OPEN and does not permit further calls");
        assertThat(fake.calls).as("an open breaker does not call the sink").isEqualTo(4);

        clock.advance(OPEN_WAIT.minusSeconds(1));
        assertThatThrownBy(() -> sink.write(null)).hasMessageContaining("is OPEN");
        assertThat(fake.calls).isEqualTo(4);

        clock.advance(Duration.ofSeconds(2));
        fake.succeed().succeed();
        assertThat(sink.write(null).stored()).isEqualTo(1);
        assertThat(sink.circuitBreaker().getState()).isEqualTo(State.HALF_OPEN);
        assertThat(sink.write(null).stored()).isEqualTo(1);
        assertThat(sink.circuitBreaker().getState()).isEqualTo(State.CLOSED);
        assertThat(fake.calls).isEqualTo(6);
    }

    @Test
    void aFailedTrialCallOpensTheBreakerAgain() {
        ResilientSink sink = resilient(1);
        for (int i = 0; i < 4; i++) {
            fake.fail(retriable());
            assertThatThrownBy(() -> sink.write(null)).isInstanceOf(SinkException.class);
        }
        clock.advance(OPEN_WAIT.plusSeconds(1));
        fake.fail(retriable()).fail(retriable());

        assertThatThrownBy(() -> sink.write(null)).hasMessageContaining("unreachable");
        assertThatThrownBy(() -> sink.write(null)).hasMessageContaining("unreachable");

        assertThat(sink.circuitBreaker().getState()).isEqualTo(State.OPEN);
        assertThatThrownBy(() -> sink.write(null)).hasMessageContaining("CircuitBreaker 'fake' is OPEN");
        assertThat(fake.calls).isEqualTo(6);
    }

    @Test
    void anOpeningBreakerEndsTheRetriesOfTheWriteInProgress() {
        ResilientSink sink = resilient(10);
        for (int i = 0; i < 10; i++) {
            fake.fail(retriable());
        }

        assertThatThrownBy(() -> sink.write(null))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.isRetriable()).isTrue())
                .hasMessageContaining("CircuitBreaker 'fake' is OPEN");

        assertThat(fake.calls).as("the fifth attempt is refused by the open breaker").isEqualTo(4);
    }

    @Test
    void startGoesThroughRetryAndBreakerToo() throws Exception {
        ResilientSink sink = resilient(3);
        fake.fail(retriable()).succeed();

        sink.start();

        assertThat(fake.starts).isEqualTo(2);
    }

    @Test
    void healthAddsTheBreakerState() {
        ResilientSink sink = resilient(1);

        SinkHealth health = sink.health();

        assertThat(health.up()).isTrue();
        assertThat(health.detail()).isEqualTo("fake is fine (circuit breaker CLOSED)");
        assertThat(sink.name()).isEqualTo("fake");
        assertThat(sink.circuitBreaker().getName()).isEqualTo("fake");
        assertThat(sink.retry().getName()).isEqualTo("fake");
    }

    private static SinkException retriable() {
        return SinkException.retriable("fake", "destination unreachable", null);
    }

    /** A sink whose calls follow a script: each call takes the next outcome (a failure, or success). */
    private static final class ScriptedSink implements Sink {
        private final Deque<Exception> script = new ArrayDeque<>();
        int calls;
        int starts;

        ScriptedSink fail(Exception failure) {
            script.add(failure);
            return this;
        }

        ScriptedSink succeed() {
            script.add(new NoFailure());
            return this;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void start() throws SinkException {
            starts++;
            next();
        }

        @Override
        public WriteResult write(VectorSchemaRoot batch) throws SinkException {
            calls++;
            next();
            return WriteResult.allStored(1);
        }

        private void next() throws SinkException {
            Exception outcome = script.poll();
            if (outcome == null || outcome instanceof NoFailure) {
                return;
            }
            if (outcome instanceof SinkException e) {
                throw e;
            }
            throw (RuntimeException) outcome;
        }

        @Override
        public SinkHealth health() {
            return SinkHealth.up("fake is fine");
        }

        @Override
        public void close() {
        }

        private static final class NoFailure extends Exception {
        }
    }
}
