package dev.quiver.bridge.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code quiver dlq list} prints: the first letters (up to the limit) and how many letters there are per
 * sink and reason, counting all that match. Fed one letter at a time by {@link #add}.
 */
final class DeadLetterListing {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sink;
    private final int limit;
    private final List<StoredDeadLetter> shown = new ArrayList<>();
    private final Map<String, Map<String, Long>> counts = new TreeMap<>();
    private long total;

    /** Keeps letters of {@code sink} (every sink when {@code null}), printing at most {@code limit}. */
    DeadLetterListing(String sink, int limit) {
        this.sink = sink;
        this.limit = limit;
    }

    void add(StoredDeadLetter letter) {
        if (sink != null && !sink.equals(letter.sink())) {
            return;
        }
        total++;
        counts.computeIfAbsent(letter.sink(), s -> new TreeMap<>()).merge(letter.reason(), 1L, Long::sum);
        if (shown.size() < limit) {
            shown.add(letter);
        }
    }

    long total() {
        return total;
    }

    List<StoredDeadLetter> shown() {
        return List.copyOf(shown);
    }

    /** A table of the letters, then the counts per sink and reason. */
    String table(String stream) {
        StringBuilder out = new StringBuilder();
        if (total == 0) {
            return "no dead letters in " + stream + (sink == null ? "" : " for sink " + sink) + "\n";
        }
        if (!shown.isEmpty()) {
            out.append(rows());
        }
        if (shown.size() < total) {
            out.append("(").append(shown.size()).append(" of ").append(total)
                    .append(" shown; --limit N shows more)\n");
        }
        int sinkWidth = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
        out.append('\n').append(total).append(total == 1 ? " dead letter" : " dead letters").append(" in ")
                .append(stream).append(":\n");
        counts.forEach((sinkName, reasons) -> reasons.forEach((reason, count) ->
                out.append(String.format("  %8d  %s  %s%n", count, pad(sinkName, sinkWidth), cut(reason, 100)))));
        return out.toString();
    }

    private String rows() {
        StringBuilder out = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"SEQ", "TIME", "SINK", "CAUSE", "REASON", "ORIGINAL SUBJECT", "EVENT ID", "BYTES",
                "PAYLOAD"});
        for (StoredDeadLetter letter : shown) {
            rows.add(new String[]{Long.toString(letter.sequence()),
                    letter.time() == null ? "-" : letter.time().toString(), letter.sink(), letter.cause(),
                    cut(letter.reason(), 60), orDash(letter.originalSubject()), orDash(letter.eventId()),
                    Integer.toString(letter.payload().length), letter.preview()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i < row.length - 1 ? pad(row[i], widths[i]) + "  " : row[i]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** One JSON object: {@code stream}, {@code total}, {@code letters} (the shown ones) and {@code counts}. */
    String json(String stream) {
        ObjectNode root = JSON.createObjectNode();
        root.put("stream", stream);
        root.put("total", total);
        ArrayNode letters = root.putArray("letters");
        for (StoredDeadLetter letter : shown) {
            ObjectNode node = letters.addObject();
            node.put("sequence", letter.sequence());
            node.put("time", letter.time() == null ? null : letter.time().toString());
            node.put("sink", letter.sink());
            node.put("cause", letter.cause());
            node.put("reason", letter.reason());
            node.put("originalSubject", letter.originalSubject());
            node.put("originalSequence", letter.originalSequence());
            node.put("eventId", letter.eventId());
            node.put("payloadBytes", letter.payload().length);
            node.put("payloadPreview", letter.preview());
        }
        ArrayNode countNodes = root.putArray("counts");
        counts.forEach((sinkName, reasons) -> reasons.forEach((reason, count) ->
                countNodes.addObject().put("sink", sinkName).put("reason", reason).put("count", count)));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the listing as JSON", e);
        }
    }

    private static String orDash(String text) {
        return text == null ? "-" : text;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
