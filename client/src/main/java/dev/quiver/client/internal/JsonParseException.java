package dev.quiver.client.internal;

/** Invalid JSON text; the message says what was expected and where. */
public final class JsonParseException extends IllegalArgumentException {
    public JsonParseException(String message) {
        super(message);
    }
}
