package dev.quiver.cli.format;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Wraps a stream someone else owns (standard output): closing it only flushes. */
public final class NonClosingOutputStream extends FilterOutputStream {
    public NonClosingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
