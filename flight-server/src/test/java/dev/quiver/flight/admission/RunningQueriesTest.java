package dev.quiver.flight.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.testsupport.time.ManualClock;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunningQueriesTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final CapturingTimer timer = new CapturingTimer();
    private final RunningQueries queries = new RunningQueries(Duration.ofSeconds(30), clock, timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void cancelStopsEveryRunOfTheIdThatTheCallerOwnsAndRunsTheHooks() {
        RunningQuery first = queries.start("q1", "alice");
        RunningQuery second = queries.start("q1", "alice");
        RunningQuery bobs = queries.start("q1", "bob");
        List<String> hooks = new ArrayList<>();
        first.onStop(() -> hooks.add("first"));
        assertThat(queries.size()).isEqualTo(3);

        assertThat(queries.cancel("q1", "alice")).isEqualTo(2);
        assertThat(first.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(second.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(bobs.isStopped()).isFalse();
        assertThat(hooks).containsExactly("first");
        assertThat(queries.cancel("q1", "alice")).as("already stopping").isZero();
        assertThatThrownBy(first::checkActive).isInstanceOfSatisfying(QueryStoppedException.class, e -> {
            assertThat(e.reason()).isEqualTo(StopReason.CANCELLED);
            assertThat(e.getMessage()).contains("q1", "cancel action");
        });
        first.close();
        second.close();
        bobs.close();
        assertThat(queries.size()).isZero();
        assertThat(timer.cancelled).as("each watchdog is cancelled when its query ends").isEqualTo(3);
    }

    @Test
    void cancellingAnIdNobodyRunsIsUnknown() {
        try (RunningQuery query = queries.start("mine", "alice")) {
            assertThatThrownBy(() -> queries.cancel("mine", "mallory")).isInstanceOf(UnknownQueryException.class)
                    .hasMessageContaining("no running query with id 'mine'");
            assertThat(query.isStopped()).isFalse();
        }
        assertThatThrownBy(() -> queries.cancel("mine", "alice")).isInstanceOf(UnknownQueryException.class);
    }

    @Test
    void theWallClockDeadlineTimesTheQueryOutBetweenBatches() {
        try (RunningQuery query = queries.start(null, "")) {
            assertThat(query.id()).hasSize(36);
            clock.advance(Duration.ofSeconds(29));
            query.checkActive();
            assertThat(query.remaining()).isEqualTo(Duration.ofSeconds(1));
            clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(query::checkActive).isInstanceOfSatisfying(QueryStoppedException.class, e -> {
                assertThat(e.reason()).isEqualTo(StopReason.TIMED_OUT);
                assertThat(e.getMessage()).contains("query timeout of 30 s", "--query-timeout");
            });
            assertThat(query.remaining()).isZero();
        }
    }

    @Test
    void theWatchdogStopsAQueryAtItsDeadline() {
        try (RunningQuery query = queries.start("q", "")) {
            assertThat(timer.delays).containsExactly(Duration.ofSeconds(30));
            timer.commands.get(0).run(); // what the timer does after 30 s
            assertThat(query.stopReason()).isEqualTo(StopReason.TIMED_OUT);
        }
    }

    @Test
    void theFirstReasonWinsAndAFinishedQueryIgnoresLateStops() {
        RunningQuery query = queries.start("q", "");
        assertThat(query.stop(StopReason.CLIENT_GONE)).isTrue();
        assertThat(query.stop(StopReason.CANCELLED)).isFalse();
        assertThat(query.stopReason()).isEqualTo(StopReason.CLIENT_GONE);
        query.close();
        RunningQuery finished = queries.start("r", "");
        finished.close();
        assertThat(finished.stop(StopReason.CANCELLED)).isFalse();
        assertThat(finished.isStopped()).isFalse();
    }

    @Test
    void guardGivesTheStatementTheTimeLeftAndCancelsItOnStop() throws SQLException {
        FakeStatement statement = new FakeStatement();
        try (RunningQuery query = queries.start("q", "")) {
            clock.advance(Duration.ofMillis(28_500));
            try (QueryGuard.Registration guarded = query.guard(statement.proxy())) {
                assertThat(statement.timeoutSeconds).as("1.5 s left, rounded up").isEqualTo(2);
                query.stop(StopReason.CANCELLED);
                assertThat(statement.cancels).isEqualTo(1);
            }
            assertThatThrownBy(() -> query.guard(statement.proxy())).isInstanceOf(QueryStoppedException.class);
        }
    }

    @Test
    void aDatabaseTimeoutPastTheDeadlineIsExplainedAsTheQueryTimeout() {
        try (RunningQuery query = queries.start("q", "")) {
            SQLTimeoutException early = new SQLTimeoutException("statement timeout");
            assertThat(query.explain(early)).as("before the deadline it is just an error").isSameAs(early);
            clock.advance(Duration.ofSeconds(31));
            Exception explained = query.explain(new SQLException("canceling statement", "57014"));
            assertThat(explained).isInstanceOfSatisfying(QueryStoppedException.class,
                    e -> assertThat(e.reason()).isEqualTo(StopReason.TIMED_OUT));
        }
    }

    @Test
    void queryIdsAreChecked() {
        assertThatThrownBy(() -> queries.start("has space", "")).hasMessageContaining("must match");
        assertThatThrownBy(() -> new RunningQueries(Duration.ZERO, clock, timer)).hasMessageContaining("positive");
    }

    /** Records what is scheduled instead of running it. */
    private static final class CapturingTimer extends ScheduledThreadPoolExecutor {
        final List<Runnable> commands = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();
        int cancelled;

        CapturingTimer() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            commands.add(command);
            delays.add(Duration.ofNanos(unit.toNanos(delay)));
            ScheduledFuture<?> never = super.schedule(() -> { }, 1, TimeUnit.DAYS);
            return new java.util.concurrent.ScheduledFuture<Object>() {
                @Override
                public long getDelay(TimeUnit u) {
                    return never.getDelay(u);
                }

                @Override
                public int compareTo(java.util.concurrent.Delayed o) {
                    return never.compareTo(o);
                }

                @Override
                public boolean cancel(boolean interrupt) {
                    cancelled++;
                    return never.cancel(interrupt);
                }

                @Override
                public boolean isCancelled() {
                    return never.isCancelled();
                }

                @Override
                public boolean isDone() {
                    return never.isDone();
                }

                @Override
                public Object get() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Object get(long timeout, TimeUnit u) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    /** A {@link Statement} that records its timeout and cancels. */
    private static final class FakeStatement {
        int timeoutSeconds;
        int cancels;

        Statement proxy() {
            return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "setQueryTimeout" -> timeoutSeconds = (Integer) args[0];
                            case "cancel" -> cancels++;
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
        }
    }
}
