package dev.quiver.flight.query.internal;

/**
 * The rows of one relation statement grouped by the number of the parent key they match: for each key number its
 * rows in statement order, as one array of row indexes and an offset per key (no object per key).
 */
final class RowGroups {
    private final int[] starts;
    private final int[] rows;

    private RowGroups(int[] starts, int[] rows) {
        this.starts = starts;
        this.rows = rows;
    }

    /**
     * @param ids  per row, the number of the key it matches, or a negative value for none
     * @param keys how many key numbers there are
     */
    static RowGroups of(int[] ids, int keys) {
        int[] starts = new int[keys + 1];
        for (int id : ids) {
            if (id >= 0) {
                starts[id + 1]++;
            }
        }
        for (int k = 0; k < keys; k++) {
            starts[k + 1] += starts[k];
        }
        int[] next = new int[keys];
        System.arraycopy(starts, 0, next, 0, keys);
        int[] rows = new int[starts[keys]];
        for (int row = 0; row < ids.length; row++) {
            int id = ids[row];
            if (id >= 0) {
                rows[next[id]++] = row;
            }
        }
        return new RowGroups(starts, rows);
    }

    /** Rows matching key {@code id}; 0 for a negative id. */
    int count(int id) {
        return id < 0 ? 0 : starts[id + 1] - starts[id];
    }

    /** The {@code i}th row matching key {@code id}, in statement order. */
    int row(int id, int i) {
        return rows[starts[id] + i];
    }
}
