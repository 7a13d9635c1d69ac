package dev.quiver.resilience.harness.report;

import java.util.List;
import java.util.Locale;

/**
 * An inline SVG line chart of series sharing one unit over the scenario's time axis, with the fault windows drawn
 * as shaded bands (hover one for its fault). No script, no external library: the page renders offline.
 */
final class SvgChart {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#17becf"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 240;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;

    private SvgChart() {
    }

    static String render(String unit, List<Series> series, List<FaultWindow> faults, long durationMs) {
        double maxX = Math.max(1, durationMs);
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        maxY = maxY <= 0 ? 1 : maxY * 1.1;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"11\">");
        for (FaultWindow f : faults) {
            double x0 = LEFT + plotW * f.startMs() / maxX;
            double x1 = LEFT + plotW * Math.max(f.endMs(), f.startMs() + maxX / 400) / maxX;
            svg.append("<rect x=\"").append(fmt(x0)).append("\" y=\"").append(TOP).append("\" width=\"")
                    .append(fmt(Math.max(1.5, x1 - x0))).append("\" height=\"").append(fmt(plotH))
                    .append("\" fill=\"#f4a6a6\" fill-opacity=\"0.35\"><title>")
                    .append(Format.escapeHtml(f.fault())).append("</title></rect>");
        }
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(fmt(TOP + plotH)).append("\" x2=\"")
                .append(fmt(LEFT + plotW)).append("\" y2=\"").append(fmt(TOP + plotH)).append("\" stroke=\"#444\"/>");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(fmt(TOP + plotH)).append("\" stroke=\"#444\"/>");
        for (int i = 0; i <= 4; i++) {
            double value = maxY * i / 4;
            double y = TOP + plotH - plotH * i / 4;
            svg.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\">").append(Format.number(value)).append("</text>");
            double seconds = maxX * i / 4 / 1000;
            svg.append("<text x=\"").append(fmt(LEFT + plotW * i / 4)).append("\" y=\"").append(HEIGHT - 10)
                    .append("\" text-anchor=\"middle\">").append(String.format(Locale.ROOT, "%.0f s", seconds))
                    .append("</text>");
        }
        svg.append("<text x=\"4\" y=\"").append(TOP + 10).append("\">").append(Format.escapeHtml(unit))
                .append("</text>");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (double[] p : s.points()) {
                points.append(fmt(LEFT + plotW * p[0] / maxX)).append(',')
                        .append(fmt(TOP + plotH - plotH * p[1] / maxY)).append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colour)
                    .append("\" points=\"").append(points.toString().trim()).append("\"><title>")
                    .append(Format.escapeHtml(s.name())).append("</title></polyline>");
            svg.append("<text x=\"").append(LEFT + 8 + (i % 3) * 230).append("\" y=\"").append(TOP + 12 + (i / 3) * 13)
                    .append("\" fill=\"").append(colour).append("\">").append(Format.escapeHtml(s.name()))
                    .append("</text>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
