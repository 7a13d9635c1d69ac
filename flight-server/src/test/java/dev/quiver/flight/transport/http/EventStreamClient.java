package dev.quiver.flight.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Server-Sent Events client for the tests: sends a GraphQL request with {@code Accept: text/event-stream} and
 * reads the answer event by event as the SSE spec parses it ({@code event:} and {@code data:} lines, a blank line
 * ends an event, comment lines start with {@code :}), except that, as the graphql-sse client does, an event with a
 * name and no data (GraphQL over SSE's {@code complete}) is an event too. Closing it closes the connection.
 */
final class EventStreamClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpResponse<InputStream> response;
    private final BufferedReader lines;
    private int comments;

    /** One event: its name ({@code message} when none was given) and its data lines joined by newlines (or null). */
    record Event(String name, String data) {
        JsonNode json() {
            try {
                return HttpTestClient.JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("the event's data is not JSON: " + data, e);
            }
        }
    }

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** POSTs {@code body} to {@code /graphql} and returns once the response's headers have arrived. */
    static EventStreamClient open(int port, String body) {
        return open(port, body, null);
    }

    static EventStreamClient open(int port, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** GETs {@code /graphql?query=...} as a browser's {@code EventSource} would. */
    static EventStreamClient get(int port, String query) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql?query="
                + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8))).header("Accept", "text/event-stream").GET());
    }

    private static EventStreamClient send(HttpRequest.Builder request) {
        try {
            return new EventStreamClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    int status() {
        return response.statusCode();
    }

    HttpHeaders headers() {
        return response.headers();
    }

    /** The whole body as text (for a refusal, which is plain JSON). */
    String body() {
        try {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many comment lines were read so far (the server's opening line and its keep-alives). */
    int comments() {
        return comments;
    }

    /** The next event, or null when the stream has ended. */
    Event next() {
        String name = null;
        StringBuilder data = null;
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || name != null) {
                        return new Event(name == null ? "message" : name, data == null ? null : data.toString());
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    comments++;
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("event")) {
                    name = value;
                } else if (field.equals("data")) {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
