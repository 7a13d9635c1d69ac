package dev.quiver.resilience.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesJsonMarkdownAndHtmlFromEveryStoredScenarioWithTotals() throws Exception {
        ReportWriter writer = new ReportWriter(dir);
        writer.add(scenario("ChaosIT.killClickHouse", "2026-11-23T10:00:01Z", true, 1_000, 1_000));
        writer.add(scenario("ChaosIT.killElasticsearch", "2026-11-23T10:00:00Z", false, 500, 498));

        Report report = writer.writeReport();

        assertThat(report.scenarios()).extracting(ScenarioResult::id)
                .containsExactly("ChaosIT.killElasticsearch", "ChaosIT.killClickHouse");
        assertThat(report.summary().passed()).isEqualTo(1);
        assertThat(report.summary().failed()).isEqualTo(1);
        assertThat(report.summary().produced()).isEqualTo(1_500);
        assertThat(report.summary().lost()).isEqualTo(2);
        String json = Files.readString(dir.resolve("report.json"));
        assertThat(json).contains("\"lost\" : 2").contains("\"p99Ms\"");
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("**1 of 2 scenarios passed**")
                .contains("| ChaosIT.killClickHouse | chaos | full | 1,000 events at 500/s | kill -9 clickhouse | 1,000 |");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<svg").contains("<polyline").contains("<title>kill -9 clickhouse</title>")
                .contains("class=\"fail\"");
    }

    @Test
    void clearingRemovesTheEntriesOfAnEarlierRun() throws Exception {
        ReportWriter writer = new ReportWriter(dir);
        writer.add(scenario("A.a", "2026-11-23T10:00:00Z", true, 1, 1));
        writer.clearScenarios();
        assertThat(writer.results()).isEmpty();
        assertThat(writer.writeReport().summary().scenarios()).isZero();
    }

    private static ScenarioResult scenario(String id, String startedAt, boolean passed, long produced, long stored) {
        return new ScenarioResult(id, "chaos", "kills a store", "full", startedAt, 12_000, passed,
                passed ? null : "AssertionError: lost 2", "1,000 events at 500/s",
                List.of(new FaultWindow("kill -9 clickhouse", 2_000, 6_000)),
                List.of(new EventTally("clickhouse", produced, stored, 0)),
                List.of(new Figure("clickhouse current again", 3.5, "s")),
                List.of(new Latency("produce→visible", 100, 0, 0, 20, 40, 60, 80)),
                List.of(new Figure("breaker transitions to open", 1, "")),
                List.of(new Series("bridge RSS", "MiB", List.of(new double[] {0, 300}, new double[] {1_000, 310}))),
                List.of());
    }
}
