package dev.quiver.flight.schema;

import java.util.Arrays;
import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The GraphQL scalars Quiver maps to columns, and the Arrow type each one becomes. */
public enum ScalarKind {
    ID("ID"),
    STRING("String"),
    INT("Int"),
    FLOAT("Float"),
    BOOLEAN("Boolean"),
    BIGINT("BigInt"),
    DECIMAL("Decimal"),
    DATETIME("DateTime"),
    DATE("Date"),
    JSON("JSON");

    private final String graphqlName;

    ScalarKind(String graphqlName) {
        this.graphqlName = graphqlName;
    }

    public String graphqlName() {
        return graphqlName;
    }

    public static Optional<ScalarKind> ofGraphqlName(String name) {
        return Arrays.stream(values()).filter(k -> k.graphqlName.equals(name)).findFirst();
    }

    /** The Arrow type of a column of this kind; precision and scale matter only for {@link #DECIMAL}. */
    public ArrowType arrowType(int precision, int scale) {
        switch (this) {
            case ID:
            case STRING:
            case JSON:
                return ArrowType.Utf8.INSTANCE;
            case INT:
                return new ArrowType.Int(32, true);
            case BIGINT:
                return new ArrowType.Int(64, true);
            case FLOAT:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case DECIMAL:
                return new ArrowType.Decimal(precision, scale, 128);
            case DATETIME:
                return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            case DATE:
                return new ArrowType.Date(DateUnit.DAY);
            default:
                throw new IllegalStateException("no Arrow type for " + this);
        }
    }

    /** Whether {@code gt}/{@code lt} comparisons and {@code like} make sense. */
    public boolean ordered() {
        return this != BOOLEAN && this != JSON;
    }
}
