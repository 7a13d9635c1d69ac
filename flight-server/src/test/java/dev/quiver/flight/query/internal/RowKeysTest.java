package dev.quiver.flight.query.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RowKeysTest {
    private Connection h2;

    @BeforeEach
    void open() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:row-keys-" + System.nanoTime());
    }

    @AfterEach
    void close() throws SQLException {
        h2.close();
    }

    /** Reads column(s) {@code columns} of every row of {@code sql} into keys of the kind KeyColumns picks. */
    private RowKeys read(String sql, Integer... columns) throws SQLException {
        try (Statement statement = h2.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            RowKeys keys = RowKeys.of(new KeyColumns(List.of(columns), rows.getMetaData()));
            while (rows.next()) {
                keys.read(rows);
            }
            return keys;
        }
    }

    @Test
    void integerKeysAreNumberedInFirstSeenOrderWithNullsAndAbsentRowsApart() throws SQLException {
        RowKeys keys = read("SELECT CAST(k AS BIGINT) FROM (VALUES (5), (NULL), (7), (5), (-9223372036854775808)) AS t(k)", 1);
        keys.addAbsent();
        assertThat(keys).isInstanceOf(LongRowKeys.class);
        KeyIndex index = keys.index();
        assertThat(index.size()).isEqualTo(3);
        int[] ids = new int[keys.size()];
        for (int row = 0; row < ids.length; row++) {
            ids[row] = index.rowId(row);
        }
        assertThat(ids).containsExactly(0, KeyIndex.NO_KEY, 1, 0, 2, KeyIndex.ABSENT);
        assertThat(index.describe(2)).isEqualTo("-9223372036854775808");
        assertThat(index.idOf(7L)).isEqualTo(1);
        assertThat(index.idOf(6L)).isEqualTo(KeyIndex.NO_KEY);
        assertThat(index.idOf((Object) 5L)).isZero();
        assertThat(index.idOf((Object) "5")).isEqualTo(KeyIndex.NO_KEY);
        assertThat(index.range()).contains(new KeyIndex.Range(Long.MIN_VALUE, 7));
    }

    @Test
    void childKeysOfAnotherIntegerWidthFindTheirParentsNumbers() throws SQLException {
        KeyIndex parents = read("SELECT CAST(k AS BIGINT) FROM (VALUES (3), (1), (2)) AS t(k)", 1).index();
        RowKeys children = read("SELECT CAST(k AS SMALLINT) FROM (VALUES (1), (4), (NULL), (3), (1)) AS t(k)", 1);
        assertThat(children.idsIn(parents)).containsExactly(1, KeyIndex.NO_KEY, KeyIndex.NO_KEY, 0, 1);
    }

    @Test
    void manyKeysThatShareLowBitsAreAllFoundAgain() throws SQLException {
        // multiples of 2^20, negative and positive: what a weak hash would pile into one slot
        RowKeys keys = read("SELECT CAST((X - 30000) AS BIGINT) * 1048576 FROM SYSTEM_RANGE(1, 60000)"
                + " UNION ALL SELECT CAST(X AS BIGINT) * 1048576 FROM SYSTEM_RANGE(1, 60000)", 1);
        KeyIndex index = keys.index();
        Map<Long, Integer> expected = new HashMap<>();
        for (long x = 1; x <= 60_000; x++) {
            expected.putIfAbsent((x - 30_000) * 1_048_576L, expected.size());
        }
        for (long x = 1; x <= 60_000; x++) {
            expected.putIfAbsent(x * 1_048_576L, expected.size());
        }
        assertThat(index.size()).isEqualTo(expected.size());
        expected.forEach((key, id) -> assertThat(index.idOf(key.longValue())).as("key %d", key).isEqualTo(id));
        assertThat(index.idOf(1L)).isEqualTo(KeyIndex.NO_KEY);
    }

    @Test
    void rowsCopiedFromOtherKeysKeepTheirKeysAndAbsence() throws SQLException {
        RowKeys staged = read("SELECT CAST(k AS INTEGER) FROM (VALUES (10), (NULL), (20)) AS t(k)", 1);
        RowKeys placed = staged.emptyCopy();
        placed.addFrom(staged, 2);
        placed.addAbsent();
        placed.addFrom(staged, 1);
        placed.addFrom(staged, 0);
        KeyIndex index = placed.index();
        assertThat(new int[] {index.rowId(0), index.rowId(1), index.rowId(2), index.rowId(3)})
                .containsExactly(0, KeyIndex.ABSENT, KeyIndex.NO_KEY, 1);
        assertThat(index.describe(0)).isEqualTo("20");
        placed.clear();
        assertThat(placed.size()).isZero();
    }

    @Test
    void textAndCompositeKeysAreMatchedAsObjects() throws SQLException {
        RowKeys text = read("SELECT k FROM (VALUES ('a'), ('b'), (NULL), ('a')) AS t(k)", 1);
        assertThat(text).isInstanceOf(ObjectRowKeys.class);
        KeyIndex index = text.index();
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.range()).isEmpty();
        assertThat(new int[] {index.rowId(0), index.rowId(1), index.rowId(2), index.rowId(3)})
                .containsExactly(0, 1, KeyIndex.NO_KEY, 0);
        assertThat(read("SELECT k FROM (VALUES ('b'), ('c')) AS t(k)", 1).idsIn(index))
                .containsExactly(1, KeyIndex.NO_KEY);

        RowKeys pairs = read("SELECT CAST(a AS INTEGER), b FROM (VALUES (1, 'x'), (1, 'y'), (1, NULL), (1, 'x')) AS t(a, b)", 1, 2);
        assertThat(pairs).isInstanceOf(ObjectRowKeys.class);
        KeyIndex pairIndex = pairs.index();
        assertThat(pairIndex.size()).isEqualTo(2);
        assertThat(pairIndex.rowId(2)).isEqualTo(KeyIndex.NO_KEY);
        assertThat(pairIndex.describe(1)).isEqualTo("[1, y]");
        // a BIGINT part matches an INTEGER part of the same value
        assertThat(read("SELECT CAST(a AS BIGINT), b FROM (VALUES (1, 'y')) AS t(a, b)", 1, 2).idsIn(pairIndex))
                .containsExactly(1);
    }
}
