package dev.quiver.resilience.harness.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Number and text formatting shared by the Markdown and HTML renderings. */
final class Format {
    private Format() {
    }

    /** {@code 12,345} for whole numbers, three significant decimals otherwise. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** The stores' tallies as {@code clickhouse 10,000 · elasticsearch 10,000}. */
    static String stored(List<EventTally> events) {
        return events.stream().map(e -> e.store() + " " + number(e.stored())).collect(Collectors.joining(" · "));
    }

    /** The subscribers' tallies as {@code subscribers 9,990 of 10,000, 0 dup}. */
    static String deliveries(List<DeliveryTally> deliveries) {
        return deliveries.stream().map(d -> d.subscribers() + " " + number(d.received()) + " of " + number(d.expected())
                + ", " + number(d.duplicated()) + " dup").collect(Collectors.joining(" · "));
    }

    /** The summary's totals in words: pipeline events, then subscriber deliveries apart (if any). */
    static String totals(Report.Summary s) {
        StringBuilder text = new StringBuilder("pipeline events produced ").append(number(s.produced()))
                .append(", lost ").append(number(s.lost())).append(", duplicated ").append(number(s.duplicated()))
                .append(" (").append(number(s.redelivered())).append(" redelivered copies no user sees)");
        if (s.deliveriesExpected() > 0) {
            text.append("; subscriber deliveries due ").append(number(s.deliveriesExpected())).append(", lost ")
                    .append(number(s.deliveriesLost())).append(", duplicated ").append(number(s.deliveriesDuplicated()));
        }
        return text.toString();
    }

    /** What the table's event columns mean. */
    static final String LEGEND = "produced, stored, lost, dup and redelivered count pipeline events (acknowledged by"
            + " JetStream), reconciled against each store. dup: copies a user can see (ClickHouse count() FINAL above"
            + " its distinct event ids, Elasticsearch documents above those produced). redelivered: ClickHouse raw rows"
            + " above count() FINAL, copies stored again after a redelivery that merges and FINAL collapse"
            + " (Elasticsearch overwrites a redelivered document in place). deliveries: one event to one subscriber,"
            + " received of due, counted apart and never added to the events.";

    /** The recoveries as {@code what 3.2 s}. */
    static String recoveries(List<Figure> recoveries) {
        return recoveries.stream().map(r -> r.name() + " " + number(r.value()) + " " + r.unit())
                .collect(Collectors.joining("; "));
    }

    /** The first latency as {@code p50/p95/p99 ms}, or empty. */
    static String latency(List<Latency> latencies) {
        if (latencies.isEmpty()) {
            return "";
        }
        Latency first = latencies.get(0);
        return number(first.p50Ms()) + " / " + number(first.p95Ms()) + " / " + number(first.p99Ms()) + " ms";
    }

    static String faults(List<FaultWindow> faults) {
        return faults.stream().map(FaultWindow::fault).distinct().collect(Collectors.joining("; "));
    }

    static String escapeHtml(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    static String escapeCell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
