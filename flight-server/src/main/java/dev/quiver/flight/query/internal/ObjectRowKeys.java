package dev.quiver.flight.query.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keys as JDBC reads them (a list per row for composite keys), matched in {@link KeyColumns#normalize normalized}
 * form: keys that are not a single integer column.
 */
final class ObjectRowKeys extends RowKeys {
    private static final Object ABSENT = new Object();

    private final List<Object> raws = new ArrayList<>();

    ObjectRowKeys(KeyColumns columns) {
        super(columns);
    }

    @Override
    public void read(ResultSet rows) throws SQLException {
        raws.add(columns().readRaw(rows));
    }

    @Override
    void addAbsent() {
        raws.add(ABSENT);
    }

    @Override
    void addFrom(RowKeys other, int row) {
        raws.add(((ObjectRowKeys) other).raws.get(row));
    }

    @Override
    int size() {
        return raws.size();
    }

    @Override
    public void clear() {
        raws.clear();
    }

    @Override
    RowKeys emptyCopy() {
        return new ObjectRowKeys(columns());
    }

    @Override
    KeyIndex index() {
        ObjectIndex index = new ObjectIndex(raws.size());
        for (int row = 0; row < raws.size(); row++) {
            Object raw = raws.get(row);
            index.rowIds[row] = raw == ABSENT ? KeyIndex.ABSENT : raw == null ? KeyIndex.NO_KEY : index.add(raw);
        }
        return index;
    }

    @Override
    int[] idsIn(KeyIndex index) {
        int[] ids = new int[raws.size()];
        for (int row = 0; row < ids.length; row++) {
            Object raw = raws.get(row);
            ids[row] = raw == ABSENT || raw == null ? KeyIndex.NO_KEY : index.idOf(KeyColumns.normalize(raw));
        }
        return ids;
    }

    /** Distinct keys by their normalized form; the first raw value of each is what gets bound. */
    private static final class ObjectIndex implements KeyIndex {
        private final int[] rowIds;
        private final Map<Object, Integer> ids = new HashMap<>();
        private final List<Object> normalized = new ArrayList<>();
        private final List<Object> raws = new ArrayList<>();

        ObjectIndex(int rows) {
            this.rowIds = new int[rows];
        }

        int add(Object raw) {
            Object key = KeyColumns.normalize(raw);
            Integer id = ids.get(key);
            if (id == null) {
                id = normalized.size();
                ids.put(key, id);
                normalized.add(key);
                raws.add(raw);
            }
            return id;
        }

        @Override
        public int size() {
            return normalized.size();
        }

        @Override
        public int rowId(int row) {
            return rowIds[row];
        }

        @Override
        public int idOf(long key) {
            return idOf((Object) key);
        }

        @Override
        public int idOf(Object key) {
            return ids.getOrDefault(key, NO_KEY);
        }

        @Override
        public Array array(Connection connection, String type, int position) throws SQLException {
            Object[] values = new Object[raws.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = KeyColumns.part(raws.get(i), position);
            }
            return connection.createArrayOf(type, values);
        }

        @Override
        public Optional<Range> range() {
            return Optional.empty();
        }

        @Override
        public String describe(int id) {
            return String.valueOf(normalized.get(id));
        }
    }
}
