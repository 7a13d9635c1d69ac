package dev.quiver.resilience.harness.report;

/** {@code report.md}: the summary, one table row per scenario, then each scenario's figures. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(Report report) {
        StringBuilder md = new StringBuilder();
        Report.Summary s = report.summary();
        Report.Machine m = report.machine();
        md.append("# Quiver resilience report\n\n");
        md.append("Generated ").append(report.generatedAt()).append(" on ").append(m.cores()).append(" cores, ")
                .append(Format.number(m.memoryMiB())).append(" MiB, ").append(m.os()).append(", Java ")
                .append(m.java()).append(".\n\n");
        md.append("**").append(s.passed()).append(" of ").append(s.scenarios()).append(" scenarios passed** in ")
                .append(Format.seconds(s.durationMs())).append("; ").append(Format.totals(s)).append(".\n\n");
        md.append("| scenario | group | scale | load | faults | produced | stored | lost | dup | redelivered "
                + "| deliveries | recovery | p50 / p95 / p99 | time | result |\n");
        md.append("|---|---|---|---|---|---:|---|---:|---:|---:|---|---|---|---:|---|\n");
        for (ScenarioResult r : report.scenarios()) {
            md.append("| ").append(Format.escapeCell(r.id()))
                    .append(" | ").append(r.group())
                    .append(" | ").append(r.scale())
                    .append(" | ").append(Format.escapeCell(r.load()))
                    .append(" | ").append(Format.escapeCell(Format.faults(r.faults())))
                    .append(" | ").append(r.events().isEmpty() ? "" : Format.number(r.produced()))
                    .append(" | ").append(Format.escapeCell(Format.stored(r.events())))
                    .append(" | ").append(r.events().isEmpty() ? "" : Format.number(r.lost()))
                    .append(" | ").append(r.events().isEmpty() ? "" : Format.number(r.duplicated()))
                    .append(" | ").append(r.events().isEmpty() ? "" : Format.number(r.redelivered()))
                    .append(" | ").append(Format.escapeCell(Format.deliveries(r.deliveries())))
                    .append(" | ").append(Format.escapeCell(Format.recoveries(r.recoveries())))
                    .append(" | ").append(Format.latency(r.latencies()))
                    .append(" | ").append(Format.seconds(r.durationMs()))
                    .append(" | ").append(r.passed() ? "pass" : "**FAIL**")
                    .append(" |\n");
        }
        md.append("\n").append(Format.LEGEND).append('\n');
        for (ScenarioResult r : report.scenarios()) {
            md.append("\n## ").append(r.id()).append(" (").append(r.passed() ? "pass" : "FAIL").append(")\n\n");
            md.append(r.title()).append("\n\n");
            if (r.failure() != null) {
                md.append("Failure: `").append(r.failure().replace("`", "'")).append("`\n\n");
            }
            if (!r.load().isEmpty()) {
                md.append("- load: ").append(r.load()).append('\n');
            }
            for (FaultWindow f : r.faults()) {
                md.append("- fault: ").append(f.fault()).append(" from ").append(Format.seconds(f.startMs()))
                        .append(" to ").append(Format.seconds(f.endMs())).append('\n');
            }
            for (EventTally e : r.events()) {
                md.append("- ").append(e.store()).append(": produced ").append(Format.number(e.produced()))
                        .append(", stored ").append(Format.number(e.stored())).append(", lost ")
                        .append(Format.number(e.lost())).append(", duplicated ").append(Format.number(e.duplicated()))
                        .append(", redelivered ").append(Format.number(e.redelivered())).append('\n');
            }
            for (DeliveryTally d : r.deliveries()) {
                md.append("- ").append(d.subscribers()).append(": deliveries due ").append(Format.number(d.expected()))
                        .append(", received ").append(Format.number(d.received())).append(", lost ")
                        .append(Format.number(d.lost())).append(", duplicated ").append(Format.number(d.duplicated()))
                        .append('\n');
            }
            for (Figure f : r.recoveries()) {
                md.append("- recovery, ").append(f.name()).append(": ").append(Format.number(f.value())).append(' ')
                        .append(f.unit()).append('\n');
            }
            for (Latency l : r.latencies()) {
                md.append("- latency, ").append(l.name()).append(": ").append(Format.number(l.count()))
                        .append(" samples, p50 ").append(Format.number(l.p50Ms())).append(" ms, p95 ")
                        .append(Format.number(l.p95Ms())).append(" ms, p99 ").append(Format.number(l.p99Ms()))
                        .append(" ms, max ").append(Format.number(l.maxMs())).append(" ms, errors ")
                        .append(Format.number(l.errors())).append(" (shed ").append(Format.number(l.shed()))
                        .append(")\n");
            }
            for (Figure f : r.figures()) {
                md.append("- ").append(f.name()).append(": ").append(Format.number(f.value())).append(' ')
                        .append(f.unit()).append('\n');
            }
            for (String note : r.notes()) {
                md.append("- note: ").append(note).append('\n');
            }
        }
        return md.toString();
    }
}
