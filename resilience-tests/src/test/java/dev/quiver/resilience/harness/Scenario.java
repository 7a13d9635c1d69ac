package dev.quiver.resilience.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A resilience-suite scenario: a test whose load, faults, event counts, latencies and time series go into the
 * report ({@code target/resilience-report/}). The method takes a {@link ScenarioLog} parameter to record them;
 * whether it passed is the test's own outcome. Add {@link Smoke} to run it (at smoke scale) in plain
 * {@code mvn verify} too.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@Tag("suite")
@ExtendWith(ScenarioExtension.class)
public @interface Scenario {
    /** stress, subscriptions, chaos or load: the report's section. */
    String group();

    /**
     * What the scenario proves, one line, for the report. A parameter that differs between the scales is written
     * {@code {smoke|full}}, e.g. {@code "frozen {5|30} s"}: the report states the run's own (see
     * {@link SuiteScale#resolve}).
     */
    String title();
}
