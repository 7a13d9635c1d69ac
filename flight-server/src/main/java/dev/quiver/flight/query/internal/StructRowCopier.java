package dev.quiver.flight.query.internal;

import dev.quiver.flight.query.OutputColumn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Places rows read into staging vectors at their final index in a struct vector (a to-one column, or the
 * elements of a to-many list): marks the struct row defined, copies each scalar and writes {@code __typename}.
 * Relation children are left to their own statements.
 */
public final class StructRowCopier {
    private final StructVector target;
    private final List<Copy> copies = new ArrayList<>();

    private interface Copy {
        void copy(int from, int to);
    }

    /**
     * @param columns the struct's columns, in child order
     * @param staging one vector per column holding the rows as read; entries of non-scalar columns are ignored
     * @param target  the struct whose children are the columns' vectors
     */
    public StructRowCopier(List<OutputColumn> columns, List<? extends FieldVector> staging, StructVector target) {
        this.target = target;
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn column = columns.get(i);
            FieldVector child = (FieldVector) target.getChildByOrdinal(i);
            if (column.isScalar()) {
                FieldVector source = staging.get(i);
                copies.add((from, to) -> child.copyFromSafe(from, to, source));
            } else if (column.isTypename()) {
                byte[] typename = column.typename().getBytes(StandardCharsets.UTF_8);
                VarCharVector names = (VarCharVector) child;
                copies.add((from, to) -> names.setSafe(to, typename));
            }
        }
    }

    /** Copies staging row {@code from} to struct row {@code to}. */
    public void copy(int from, int to) {
        target.setIndexDefined(to);
        for (Copy copy : copies) {
            copy.copy(from, to);
        }
    }
}
