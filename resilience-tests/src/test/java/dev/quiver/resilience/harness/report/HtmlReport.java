package dev.quiver.resilience.harness.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code report.html}: the Markdown report's table plus, per scenario, one chart per unit of its series. */
final class HtmlReport {
    private HtmlReport() {
    }

    static String render(Report report) {
        StringBuilder html = new StringBuilder();
        Report.Summary s = report.summary();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Quiver resilience report</title><style>")
                .append("body{font-family:sans-serif;margin:24px;max-width:1200px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;")
                .append("vertical-align:top}th{background:#f0f0f0}.pass{color:#2a7d2a;font-weight:bold}")
                .append(".fail{color:#c62828;font-weight:bold}.num{text-align:right}")
                .append("section{margin-top:28px;border-top:1px solid #ddd}</style></head><body>");
        html.append("<h1>Quiver resilience report</h1><p>Generated ").append(Format.escapeHtml(report.generatedAt()))
                .append(" on ").append(report.machine().cores()).append(" cores, ")
                .append(Format.number(report.machine().memoryMiB())).append(" MiB. <b>").append(s.passed())
                .append(" of ").append(s.scenarios()).append(" scenarios passed</b> in ")
                .append(Format.seconds(s.durationMs())).append("; ").append(Format.escapeHtml(Format.totals(s)))
                .append(".</p>");
        html.append("<table><tr><th>scenario</th><th>group</th><th>load</th><th>faults</th><th>produced</th>")
                .append("<th>stored</th><th>lost</th><th>dup</th><th>redelivered</th><th>deliveries</th>")
                .append("<th>recovery</th><th>p50 / p95 / p99</th><th>time</th><th>result</th></tr>");
        for (ScenarioResult r : report.scenarios()) {
            boolean events = !r.events().isEmpty();
            html.append("<tr><td><a href=\"#").append(anchor(r)).append("\">").append(Format.escapeHtml(r.id()))
                    .append("</a></td><td>").append(r.group()).append("</td><td>").append(Format.escapeHtml(r.load()))
                    .append("</td><td>").append(Format.escapeHtml(Format.faults(r.faults()))).append("</td>")
                    .append("<td class=\"num\">").append(events ? Format.number(r.produced()) : "").append("</td><td>")
                    .append(Format.escapeHtml(Format.stored(r.events()))).append("</td><td class=\"num\">")
                    .append(events ? Format.number(r.lost()) : "").append("</td><td class=\"num\">")
                    .append(events ? Format.number(r.duplicated()) : "").append("</td><td class=\"num\">")
                    .append(events ? Format.number(r.redelivered()) : "").append("</td><td>")
                    .append(Format.escapeHtml(Format.deliveries(r.deliveries()))).append("</td><td>")
                    .append(Format.escapeHtml(Format.recoveries(r.recoveries()))).append("</td><td>")
                    .append(Format.latency(r.latencies())).append("</td><td class=\"num\">")
                    .append(Format.seconds(r.durationMs())).append("</td><td class=\"").append(r.passed() ? "pass" : "fail")
                    .append("\">").append(r.passed() ? "pass" : "FAIL").append("</td></tr>");
        }
        html.append("</table><p>").append(Format.escapeHtml(Format.LEGEND)).append("</p>");
        for (ScenarioResult r : report.scenarios()) {
            html.append("<section id=\"").append(anchor(r)).append("\"><h2>").append(Format.escapeHtml(r.id()))
                    .append(" <span class=\"").append(r.passed() ? "pass" : "fail").append("\">")
                    .append(r.passed() ? "pass" : "FAIL").append("</span></h2><p>").append(Format.escapeHtml(r.title()))
                    .append("</p>");
            if (r.failure() != null) {
                html.append("<pre>").append(Format.escapeHtml(r.failure())).append("</pre>");
            }
            html.append("<ul>");
            for (FaultWindow f : r.faults()) {
                html.append("<li>fault: ").append(Format.escapeHtml(f.fault())).append(" from ")
                        .append(Format.seconds(f.startMs())).append(" to ").append(Format.seconds(f.endMs())).append("</li>");
            }
            for (EventTally e : r.events()) {
                html.append("<li>").append(Format.escapeHtml(e.store())).append(": produced ")
                        .append(Format.number(e.produced())).append(", stored ").append(Format.number(e.stored()))
                        .append(", lost ").append(Format.number(e.lost())).append(", duplicated ")
                        .append(Format.number(e.duplicated())).append(", redelivered ")
                        .append(Format.number(e.redelivered())).append("</li>");
            }
            for (DeliveryTally d : r.deliveries()) {
                html.append("<li>").append(Format.escapeHtml(d.subscribers())).append(": deliveries due ")
                        .append(Format.number(d.expected())).append(", received ").append(Format.number(d.received()))
                        .append(", lost ").append(Format.number(d.lost())).append(", duplicated ")
                        .append(Format.number(d.duplicated())).append("</li>");
            }
            for (Latency l : r.latencies()) {
                html.append("<li>latency, ").append(Format.escapeHtml(l.name())).append(": ")
                        .append(Format.number(l.count())).append(" samples, p50 ").append(Format.number(l.p50Ms()))
                        .append(" ms, p95 ").append(Format.number(l.p95Ms())).append(" ms, p99 ")
                        .append(Format.number(l.p99Ms())).append(" ms, errors ").append(Format.number(l.errors()))
                        .append(" (shed ").append(Format.number(l.shed())).append(")</li>");
            }
            List<Figure> figures = new ArrayList<>(r.recoveries());
            figures.addAll(r.figures());
            for (Figure f : figures) {
                html.append("<li>").append(Format.escapeHtml(f.name())).append(": ").append(Format.number(f.value()))
                        .append(' ').append(Format.escapeHtml(f.unit())).append("</li>");
            }
            for (String note : r.notes()) {
                html.append("<li>").append(Format.escapeHtml(note)).append("</li>");
            }
            html.append("</ul>");
            Map<String, List<Series>> byUnit = new LinkedHashMap<>();
            for (Series series : r.series()) {
                byUnit.computeIfAbsent(series.unit(), unit -> new ArrayList<>()).add(series);
            }
            byUnit.forEach((unit, series) -> html.append("<div>")
                    .append(SvgChart.render(unit, series, r.faults(), r.durationMs())).append("</div>"));
            html.append("</section>");
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    private static String anchor(ScenarioResult result) {
        return result.id().replaceAll("[^A-Za-z0-9]", "-");
    }
}
