package dev.quiver.flight.query.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * Keys of one integer column ({@code smallint}, {@code integer}, {@code bigint}) as {@code long}s, numbered by an
 * open-addressing table: no object per row or per key. PostgreSQL gets the key array as a primitive array.
 */
final class LongRowKeys extends RowKeys {
    private static final byte PRESENT = 0;
    private static final byte NULL = 1;
    private static final byte ABSENT = 2;

    private final int column;
    private long[] values = new long[64];
    private byte[] states = new byte[64];
    private int size;

    LongRowKeys(KeyColumns columns) {
        super(columns);
        this.column = columns.index(0);
    }

    @Override
    public void read(ResultSet rows) throws SQLException {
        long value = rows.getLong(column);
        append(value, rows.wasNull() ? NULL : PRESENT);
    }

    @Override
    void addAbsent() {
        append(0, ABSENT);
    }

    @Override
    void addFrom(RowKeys other, int row) {
        LongRowKeys from = (LongRowKeys) other;
        append(from.values[row], from.states[row]);
    }

    private void append(long value, byte state) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            states = Arrays.copyOf(states, size * 2);
        }
        values[size] = value;
        states[size++] = state;
    }

    @Override
    int size() {
        return size;
    }

    @Override
    public void clear() {
        size = 0;
    }

    @Override
    RowKeys emptyCopy() {
        return new LongRowKeys(columns());
    }

    @Override
    KeyIndex index() {
        LongIndex index = new LongIndex(size);
        for (int row = 0; row < size; row++) {
            index.rowIds[row] = switch (states[row]) {
                case PRESENT -> index.add(values[row]);
                case NULL -> KeyIndex.NO_KEY;
                default -> KeyIndex.ABSENT;
            };
        }
        return index;
    }

    @Override
    int[] idsIn(KeyIndex index) {
        int[] ids = new int[size];
        for (int row = 0; row < size; row++) {
            ids[row] = states[row] == PRESENT ? index.idOf(values[row]) : KeyIndex.NO_KEY;
        }
        return ids;
    }

    /** Distinct longs numbered in first-seen order by linear probing in a power-of-two table. */
    private static final class LongIndex implements KeyIndex {
        private final int[] rowIds;
        private final long[] slotKeys;
        private final int[] slotIds;
        private final int mask;
        private long[] distinct = new long[64];
        private int count;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;

        LongIndex(int rows) {
            this.rowIds = new int[rows];
            int capacity = Integer.highestOneBit(Math.max(4, rows) * 2 - 1) << 1;
            this.slotKeys = new long[capacity];
            this.slotIds = new int[capacity];
            Arrays.fill(slotIds, -1);
            this.mask = capacity - 1;
        }

        private int slot(long key) {
            int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
            while (slotIds[slot] >= 0 && slotKeys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        int add(long key) {
            int slot = slot(key);
            if (slotIds[slot] < 0) {
                if (count == distinct.length) {
                    distinct = Arrays.copyOf(distinct, count * 2);
                }
                distinct[count] = key;
                min = Math.min(min, key);
                max = Math.max(max, key);
                slotKeys[slot] = key;
                slotIds[slot] = count++;
            }
            return slotIds[slot];
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public int rowId(int row) {
            return rowIds[row];
        }

        @Override
        public int idOf(long key) {
            int id = slotIds[slot(key)];
            return id < 0 ? NO_KEY : id;
        }

        @Override
        public int idOf(Object normalized) {
            return normalized instanceof Long ? idOf(((Long) normalized).longValue()) : NO_KEY;
        }

        @Override
        public Array array(Connection connection, String type, int position) throws SQLException {
            if (connection.isWrapperFor(PGConnection.class)) {
                return connection.unwrap(PGConnection.class).createArrayOf(type, primitive(type));
            }
            Object[] boxed = new Object[count];
            for (int i = 0; i < count; i++) {
                boxed[i] = distinct[i];
            }
            return connection.createArrayOf(type, boxed);
        }

        /** The keys as the primitive array pgjdbc sends for {@code type}. */
        private Object primitive(String type) {
            switch (type) {
                case "int2": {
                    short[] shorts = new short[count];
                    for (int i = 0; i < count; i++) {
                        shorts[i] = (short) distinct[i];
                    }
                    return shorts;
                }
                case "int4": {
                    int[] ints = new int[count];
                    for (int i = 0; i < count; i++) {
                        ints[i] = (int) distinct[i];
                    }
                    return ints;
                }
                default:
                    return Arrays.copyOf(distinct, count);
            }
        }

        @Override
        public Optional<Range> range() {
            return count == 0 ? Optional.empty() : Optional.of(new Range(min, max));
        }

        @Override
        public String describe(int id) {
            return Long.toString(distinct[id]);
        }
    }
}
