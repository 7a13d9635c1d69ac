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
                .contains("| ChaosIT.killClickHouse | chaos | full | 1,000 events at 500/s | kill -9 clickhouse | 1,000 |"
                        + " clickhouse 1,000 | 0 | 0 | 7 |");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<svg").contains("<polyline").contains("<title>kill -9 clickhouse</title>")
                .contains("class=\"fail\"");
    }

    @Test
    void subscriberDeliveriesAreCountedApartFromPipelineEvents() throws Exception {
        ReportWriter writer = new ReportWriter(dir);
        writer.add(scenario("ChaosIT.killClickHouse", "2026-11-23T10:00:00Z", true, 1_000, 1_000));
        writer.add(new ScenarioResult("SubscriptionsIT.many", "subscriptions", "many subscribers", "smoke",
                "2026-11-23T10:01:00Z", 5_000, true, null, "100 subscribers of 1,000 events", List.of(), List.of(),
                List.of(new DeliveryTally("subscribers", 100_000, 99_990, 3)), List.of(), List.of(), List.of(),
                List.of(), List.of()));

        Report report = writer.writeReport();

        assertThat(report.summary().produced()).as("pipeline events only").isEqualTo(1_000);
        assertThat(report.summary().lost()).isZero();
        assertThat(report.summary().duplicated()).isZero();
        assertThat(report.summary().redelivered()).isEqualTo(7);
        assertThat(report.summary().deliveriesExpected()).isEqualTo(100_000);
        assertThat(report.summary().deliveriesLost()).isEqualTo(10);
        assertThat(report.summary().deliveriesDuplicated()).isEqualTo(3);
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("pipeline events produced 1,000, lost 0, duplicated 0 (7 redelivered copies no user"
                        + " sees); subscriber deliveries due 100,000, lost 10, duplicated 3.")
                .contains("| SubscriptionsIT.many | subscriptions | smoke | 100 subscribers of 1,000 events |  |  |  |"
                        + "  |  |  | subscribers 99,990 of 100,000, 3 dup |")
                .contains("- subscribers: deliveries due 100,000, received 99,990, lost 10, duplicated 3")
                .contains("redelivered: ClickHouse raw rows above count() FINAL");
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
                List.of(new EventTally("clickhouse", produced, stored, 0, 7)), List.of(),
                List.of(new Figure("clickhouse current again", 3.5, "s")),
                List.of(new Latency("produce→visible", 100, 0, 0, 20, 40, 60, 80)),
                List.of(new Figure("breaker transitions to open", 1, "")),
                List.of(new Series("bridge RSS", "MiB", List.of(new double[] {0, 300}, new double[] {1_000, 310}))),
                List.of());
    }
}
