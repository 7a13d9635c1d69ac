package dev.quiver.resilience.harness;

import dev.quiver.resilience.harness.report.ReportWriter;
import dev.quiver.resilience.harness.report.ScenarioResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each {@link Scenario} its {@link ScenarioLog}, and when it ends records its outcome and rewrites the report
 * in {@code target/resilience-report/} from every scenario of this test run (the first scenario of a JVM clears the
 * previous run's entries), so the report is complete even if a later scenario brings the JVM down.
 */
final class ScenarioExtension implements ParameterResolver, BeforeTestExecutionCallback, AfterTestExecutionCallback {
    /** The report directory, relative to the module (failsafe's working directory). */
    static final Path REPORT_DIR = Path.of("target", "resilience-report");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ScenarioExtension.class);
    private static final Object FIRST_LOCK = new Object();
    private static boolean cleared;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ScenarioLog.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(ScenarioLog.class, key -> newLog(context),
                ScenarioLog.class);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NAMESPACE).getOrComputeIfAbsent(ScenarioLog.class, key -> newLog(context), ScenarioLog.class);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        ScenarioLog log = context.getStore(NAMESPACE).get(ScenarioLog.class, ScenarioLog.class);
        if (log == null) {
            return;
        }
        Throwable failure = context.getExecutionException().orElse(null);
        ScenarioResult result = log.result(log.elapsedMillis(), failure == null,
                failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        try {
            synchronized (FIRST_LOCK) {
                ReportWriter writer = new ReportWriter(REPORT_DIR);
                if (!cleared) {
                    writer.clearScenarios();
                    cleared = true;
                }
                writer.add(result);
                writer.writeReport();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the resilience report into " + REPORT_DIR.toAbsolutePath(), e);
        }
    }

    private static ScenarioLog newLog(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Scenario scenario = method.getAnnotation(Scenario.class);
        String id = context.getRequiredTestClass().getSimpleName() + "." + method.getName();
        SuiteScale scale = SuiteScale.current();
        return new ScenarioLog(id, scenario.group(), scale.resolve(scenario.title()), scale, Instant.now(),
                System::nanoTime);
    }
}
