package dev.quiver.sinks.internal;

/** Short, single-line descriptions of exceptions for {@code SinkException} messages. */
public final class Failures {
    private static final int MAX_LENGTH = 400;

    private Failures() {
    }

    /** The exception and its causes, {@code Type: first line <- Cause: first line ...}, about 400 characters at most. */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < MAX_LENGTH; t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(firstLine(t.getMessage()));
        }
        return text.toString();
    }

    /** The first line of {@code message}, trimmed; {@code (no message)} for null. */
    public static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
