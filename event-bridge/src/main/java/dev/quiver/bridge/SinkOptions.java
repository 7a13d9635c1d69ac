package dev.quiver.bridge;

import java.net.URI;
import java.net.URISyntaxException;

/** What {@link ClickHouseOptions} and {@link ElasticsearchOptions} share: URL checks and errors that name flags. */
final class SinkOptions {
    private SinkOptions() {
    }

    /** @throws IllegalArgumentException naming {@code flag} unless {@code text} is an http(s) URL with a host */
    static URI uri(String flag, String text) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be an http:// or https:// URL with a host, got '" + text + "'");
    }

    /** A sink record's validation error, prefixed with the flags it concerns unless it names one already. */
    static IllegalArgumentException naming(String flags, IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("--") ? e : new IllegalArgumentException(flags + ": " + message, e);
    }
}
