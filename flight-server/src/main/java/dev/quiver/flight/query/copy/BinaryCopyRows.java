package dev.quiver.flight.query.copy;

import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.copy.CopyOut;

/**
 * Reads the rows of a {@code COPY ... TO STDOUT (FORMAT binary)} as they arrive and hands each field's bytes to its
 * {@link FieldDecoder}: the signature and header first, then one tuple per row (a field count, then each field's
 * length, -1 for NULL, and bytes), then the -1 trailer. PostgreSQL sends a row per CopyData message; a field split
 * across messages is joined first.
 */
final class BinaryCopyRows {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final byte[] EMPTY = new byte[0];

    private final CopyOut copy;
    private final FieldDecoder[] decoders;
    private byte[] buffer = EMPTY;
    private int pos;
    private boolean started;
    private boolean ended;

    /**
     * @param decoders one entry per field of a row, in order; a null entry skips that field
     */
    BinaryCopyRows(CopyOut copy, FieldDecoder[] decoders) {
        this.copy = copy;
        this.decoders = decoders.clone();
    }

    /** Decodes the next row into row {@code row} of the vectors; false at the trailer (nothing was written). */
    boolean next(int row) throws SQLException {
        if (ended) {
            return false;
        }
        if (!started) {
            readHeader();
            started = true;
        }
        need(2);
        int fields = (short) Bytes.int16(buffer, pos);
        pos += 2;
        if (fields == -1) {
            ended = true;
            if (pos != buffer.length || copy.readFromCopy() != null) {
                throw new SQLException("the binary COPY output goes on after its trailer");
            }
            return false;
        }
        if (fields != decoders.length) {
            throw new SQLException("a binary COPY row of " + fields + " fields, expected " + decoders.length);
        }
        for (FieldDecoder decoder : decoders) {
            need(4);
            int length = Bytes.int32(buffer, pos);
            pos += 4;
            if (length == -1) {
                if (decoder != null) {
                    decoder.decodeNull(row);
                }
                continue;
            }
            need(length);
            if (decoder != null) {
                decoder.decode(buffer, pos, length, row);
            }
            pos += length;
        }
        return true;
    }

    /** Whether the trailer was read: PostgreSQL sent every row and the COPY is over. */
    boolean ended() {
        return ended;
    }

    private void readHeader() throws SQLException {
        need(SIGNATURE.length + 8);
        if (!Arrays.equals(buffer, pos, pos + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new SQLException("the COPY output does not start with the binary COPY signature");
        }
        pos += SIGNATURE.length + 4; // the flags: bit 16 (OIDs) is never set by a COPY of a query
        int extension = Bytes.int32(buffer, pos);
        pos += 4;
        need(extension);
        pos += extension;
    }

    /** Makes at least {@code bytes} bytes readable from {@code pos}, reading messages as needed. */
    private void need(int bytes) throws SQLException {
        while (buffer.length - pos < bytes) {
            byte[] more = copy.readFromCopy();
            if (more == null) {
                throw new SQLException("the binary COPY output ended inside a row, before its trailer");
            }
            if (pos == buffer.length) {
                buffer = more;
            } else {
                byte[] joined = new byte[buffer.length - pos + more.length];
                System.arraycopy(buffer, pos, joined, 0, buffer.length - pos);
                System.arraycopy(more, 0, joined, buffer.length - pos, more.length);
                buffer = joined;
            }
            pos = 0;
        }
    }
}
