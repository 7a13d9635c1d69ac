package dev.quiver.flight.transport.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Decodes an HTTP/1.1 chunked body read from a raw socket (for tests that must control the socket). */
final class ChunkedBodyInputStream extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean finished;

    ChunkedBodyInputStream(InputStream in) {
        this.in = in;
    }

    /** Reads one CRLF-terminated line (status line, header, chunk size), without the CRLF. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("the connection closed in the middle of a line: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (finished) {
            return -1;
        }
        if (remaining == 0) {
            String size = readLine(in);
            int extension = size.indexOf(';');
            remaining = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            if (remaining == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                finished = true;
                return -1;
            }
        }
        int read = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (read < 0) {
            throw new EOFException("the connection closed inside a chunk (the response was cut off)");
        }
        remaining -= read;
        if (remaining == 0 && !readLine(in).isEmpty()) {
            throw new IOException("a chunk did not end with CRLF");
        }
        return read;
    }
}
