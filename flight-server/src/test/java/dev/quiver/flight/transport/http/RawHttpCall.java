package dev.quiver.flight.transport.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 POST on a plain socket with a small receive window, whose answer the test reads only when it
 * chooses: a client that can stop reading, so the server's writes block as they would for a slow client.
 */
final class RawHttpCall implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final String statusLine;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private RawHttpCall(Socket socket, InputStream in) throws IOException {
        this.socket = socket;
        this.in = in;
        this.statusLine = ChunkedBodyInputStream.readLine(in);
        String line;
        while (!(line = ChunkedBodyInputStream.readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    /**
     * POSTs {@code body} as JSON and returns once the status line and headers have come.
     *
     * @param extraHeaders header lines to add, e.g. {@code Accept: text/event-stream}
     */
    static RawHttpCall post(int port, String path, String body, String... extraHeaders) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(16 * 1024); // before connect, so the client's window stays small
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n");
            for (String header : extraHeaders) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return new RawHttpCall(socket, new BufferedInputStream(socket.getInputStream(), 4096));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    String statusLine() {
        return statusLine;
    }

    /** The response headers, by lower-case name. */
    Map<String, String> headers() {
        return headers;
    }

    /** The body (its chunked encoding removed); read it when the test wants the client to read. */
    InputStream body() throws IOException {
        String length = headers.get("content-length");
        return length == null ? new ChunkedBodyInputStream(in)
                : new java.io.ByteArrayInputStream(in.readNBytes(Integer.parseInt(length)));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
