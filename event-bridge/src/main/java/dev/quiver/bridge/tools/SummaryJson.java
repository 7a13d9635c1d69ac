package dev.quiver.bridge.tools;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Values for the one-line JSON summaries the event tools print on stdout. */
final class SummaryJson {
    private SummaryJson() {
    }

    /** {@code value} as a JSON string (quotes, backslashes and control characters escaped by Jackson), or {@code null}. */
    static String string(String value) {
        return value == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
