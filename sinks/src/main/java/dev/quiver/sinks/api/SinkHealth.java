package dev.quiver.sinks.api;

/**
 * Whether a sink's destination answers.
 *
 * @param up     it answered the last probe
 * @param detail what was seen, e.g. the server version or the error
 */
public record SinkHealth(boolean up, String detail) {

    public static SinkHealth up(String detail) {
        return new SinkHealth(true, detail);
    }

    public static SinkHealth down(String detail) {
        return new SinkHealth(false, detail);
    }
}
