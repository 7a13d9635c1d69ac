package dev.quiver.resilience.harness.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps one JSON file per scenario under {@code <dir>/scenarios/} and writes the report from all of them:
 * {@code report.json} (everything), {@code report.md} (summary table and per-scenario figures) and
 * {@code report.html} (the same with charts: latency, throughput and memory over time, fault windows shaded).
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final Path scenarios;

    public ReportWriter(Path dir) {
        this.dir = dir;
        this.scenarios = dir.resolve("scenarios");
    }

    /** Removes the entries of an earlier run. */
    public void clearScenarios() throws IOException {
        if (Files.isDirectory(scenarios)) {
            try (Stream<Path> files = Files.list(scenarios)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Stores (or replaces) one scenario's entry. */
    public void add(ScenarioResult result) throws IOException {
        Files.createDirectories(scenarios);
        JSON.writeValue(scenarios.resolve(result.id() + ".json").toFile(), result);
    }

    /** Every stored entry, in the order the scenarios started. */
    public List<ScenarioResult> results() throws IOException {
        List<ScenarioResult> results = new ArrayList<>();
        if (Files.isDirectory(scenarios)) {
            try (Stream<Path> files = Files.list(scenarios)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    results.add(JSON.readValue(file.toFile(), ScenarioResult.class));
                }
            }
        }
        results.sort(Comparator.comparing(result -> Instant.parse(result.startedAt())));
        return results;
    }

    /** Writes {@code report.json}, {@code report.md} and {@code report.html} from every stored entry. */
    public Report writeReport() throws IOException {
        Report report = Report.of(Instant.now().toString(), results());
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("report.json").toFile(), report);
        Files.writeString(dir.resolve("report.md"), MarkdownReport.render(report), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(report), StandardCharsets.UTF_8);
        return report;
    }
}
