package dev.quiver.flight.query.copy;

import dev.quiver.flight.schema.ColumnField;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Writes one field of a binary COPY row straight into its Arrow vector: no Java object per value. Which decoder a
 * column gets depends on its GraphQL kind and the PostgreSQL type the statement returns; a pairing not listed in
 * {@link #of} has none, and the query then runs through JDBC, which has always answered it.
 *
 * <p>Values equal the JDBC path's: text as its UTF-8 bytes ({@code char(n)} padded, as {@code getString} returns
 * it; {@code jsonb} in its text form), integers and floats as themselves (a {@code real} widened to double),
 * {@code numeric} at the field's scale (half-even), {@code timestamptz} as microseconds since 1970 UTC, {@code date}
 * as days since 1970. Infinite timestamps and dates have no Arrow value and fail the query.
 */
public abstract class FieldDecoder {
    private static final Set<String> TEXT = Set.of("text", "varchar", "bpchar", "name", "json");
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final int POSTGRES_EPOCH_DAYS = 10_957;

    private final FieldVector vector;

    FieldDecoder(FieldVector vector) {
        this.vector = vector;
    }

    /** Writes the field of {@code length} bytes at {@code pos} of {@code bytes} to row {@code row}. */
    abstract void decode(byte[] bytes, int pos, int length, int row);

    /** Writes one whole value (its bytes as PostgreSQL sent them), or NULL for null, to row {@code row}. */
    public void write(byte[] value, int row) {
        if (value == null) {
            decodeNull(row);
        } else {
            decode(value, 0, value.length, row);
        }
    }

    /**
     * The decoder of {@code field} sent in PostgreSQL's text format (a JDBC column pgjdbc did not ask in binary):
     * only text columns read as text, whose text format is their UTF-8 bytes; empty for anything else.
     */
    public static Optional<FieldDecoder> ofText(ColumnField field, String pgType, FieldVector vector) {
        boolean textKind = switch (field.kind()) {
            case ID, STRING, JSON -> true;
            default -> false;
        };
        return textKind && (TEXT.contains(pgType) || pgType.equals("jsonb")) ? Optional.of(new Text((VarCharVector) vector, 0))
                : Optional.empty();
    }

    /** The type's own name: pgjdbc names an auto-increment integer column by its serial pseudo-type. */
    public static String typeName(String reported) {
        return switch (reported) {
            case "bigserial" -> "int8";
            case "serial" -> "int4";
            case "smallserial" -> "int2";
            default -> reported;
        };
    }

    /** Writes a NULL to row {@code row}. */
    void decodeNull(int row) {
        vector.setNull(row);
    }

    /** One field written to several vectors (the same column under two aliases). */
    static FieldDecoder all(java.util.List<FieldDecoder> decoders) {
        if (decoders.size() == 1) {
            return decoders.get(0);
        }
        FieldDecoder[] each = decoders.toArray(new FieldDecoder[0]);
        return new FieldDecoder(null) {
            @Override
            void decode(byte[] bytes, int pos, int length, int row) {
                for (FieldDecoder decoder : each) {
                    decoder.decode(bytes, pos, length, row);
                }
            }

            @Override
            void decodeNull(int row) {
                for (FieldDecoder decoder : each) {
                    decoder.decodeNull(row);
                }
            }
        };
    }

    /**
     * The decoder of {@code field} read as PostgreSQL type {@code pgType} (its {@code typname}, e.g. {@code int8})
     * into {@code vector}, or empty when this pairing is not decoded here.
     */
    public static Optional<FieldDecoder> of(ColumnField field, String pgType, FieldVector vector) {
        return Optional.ofNullable(switch (field.kind()) {
            case ID, STRING, JSON -> TEXT.contains(pgType) ? new Text((VarCharVector) vector, 0)
                    : pgType.equals("jsonb") ? new Text((VarCharVector) vector, 1)
                    : isInteger(pgType) ? new IntegerText((VarCharVector) vector) : null;
            case INT -> pgType.equals("int4") || pgType.equals("int2") ? new Int((IntVector) vector) : null;
            case BIGINT -> isInteger(pgType) ? new BigInt((BigIntVector) vector) : null;
            case FLOAT -> pgType.equals("float8") || pgType.equals("float4") ? new Float((Float8Vector) vector) : null;
            case BOOLEAN -> pgType.equals("bool") ? new Bool((BitVector) vector) : null;
            case DECIMAL -> pgType.equals("numeric") ? new Decimal((DecimalVector) vector, field.precision(), field.scale()) : null;
            case DATETIME -> pgType.equals("timestamptz") ? new Timestamp((TimeStampMicroTZVector) vector) : null;
            case DATE -> pgType.equals("date") ? new Date((DateDayVector) vector) : null;
        });
    }

    private static boolean isInteger(String pgType) {
        return pgType.equals("int8") || pgType.equals("int4") || pgType.equals("int2");
    }

    /** An integer field of 2, 4 or 8 bytes, by its length. */
    static long integer(byte[] b, int pos, int length) {
        return switch (length) {
            case 8 -> Bytes.int64(b, pos);
            case 4 -> Bytes.int32(b, pos);
            case 2 -> (short) Bytes.int16(b, pos);
            default -> throw new IllegalStateException("an integer field of " + length + " bytes");
        };
    }

    private static final class Text extends FieldDecoder {
        private final VarCharVector vector;
        private final int skip;

        Text(VarCharVector vector, int skip) {
            super(vector);
            this.vector = vector;
            this.skip = skip;
        }

        @Override
        void decode(byte[] b, int pos, int length, int row) {
            if (skip == 1 && (length < 1 || b[pos] != 1)) {
                throw new IllegalStateException("a jsonb field not in binary format version 1");
            }
            vector.setSafe(row, b, pos + skip, length - skip);
        }
    }

    /** An integer column read as text (an {@code ID} over a {@code bigint} key): its decimal digits. */
    private static final class IntegerText extends FieldDecoder {
        private static final byte[] PAIRS = new byte[200];

        static {
            for (int i = 0; i < 100; i++) {
                PAIRS[2 * i] = (byte) ('0' + i / 10);
                PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
            }
        }

        private final VarCharVector vector;
        private final byte[] digits = new byte[20];

        IntegerText(VarCharVector vector) {
            super(vector);
            this.vector = vector;
        }

        @Override
        void decode(byte[] b, int pos, int length, int row) {
            long value = integer(b, pos, length);
            int start = digits.length;
            long negative = value < 0 ? value : -value; // counted below zero: Long.MIN_VALUE has no positive
            while (negative <= -100) { // two digits per division
                long quotient = negative / 100;
                int pair = 2 * (int) (quotient * 100 - negative);
                digits[--start] = PAIRS[pair + 1];
                digits[--start] = PAIRS[pair];
                negative = quotient;
            }
            int last = (int) -negative;
            if (last >= 10) {
                digits[--start] = PAIRS[2 * last + 1];
                digits[--start] = PAIRS[2 * last];
            } else {
                digits[--start] = (byte) ('0' + last);
            }
            if (value < 0) {
                digits[--start] = '-';
            }
            vector.setSafe(row, digits, start, digits.length - start);
        }
    }

    private static final class Int extends FieldDecoder {
        private final IntVector vector;

        Int(IntVector vector) {
            super(vector);
            this.vector = vector;
        }

        @Override
        void decode(byte[] b, int pos, int length, int row) {
            vector.setSafe(row, (int) integer(b, pos, length));
        }
    }

    private static final class BigInt extends FieldDecoder {
        private final BigIntVector vector;

        BigInt(BigIntVector vector) {
            super(vector);
            this.vector = vector;
        }

        @Override
        void decode(byte[] b, int pos, int length, int row) {
            vector.setSafe(row, integer(b, pos, length));
        }
    }

    private static final class Float extends FieldDecoder {
        private final Float8Vector vector;

        Float(Float8Vector vector) {
            super(vector);
            this.vector = vector;
        }

        @Override
        void decode(byte[] b, int pos, int length, int row) {
            vector.setSafe(row, length == 8 ? Bytes.float64(b, pos) : Bytes.float32(b, pos));
        }
    }

    private static final class Bool extends FieldDecoder {
        private final BitVector vector;

        Bool(BitVector vector) {
            super(vector);
            this.vector = vector;
        }

        @Override
        void decode(byte[] b, int pos, int length, int row) {
            vector.setSafe(row, b[pos] != 0 ? 1 : 0);
        }
    }

    private static final class Decimal extends FieldDecoder {
        private final DecimalVector vector;
        private final int precision;
        private final int scale;

        Decimal(DecimalVector vector, int precision, int scale) {
            super(vector);
            this.vector = vector;
            this.precision = precision;
            this.scale = scale;
        }

        @Override
        void decode(byte[] b, int pos, int length, int row) {
            long unscaled = PgNumeric.unscaled(b, pos, scale);
            if (unscaled != PgNumeric.NOT_A_LONG && PgNumeric.fits(unscaled, precision)) {
                vector.setSafe(row, unscaled);
            } else {
                vector.setSafe(row, PgNumeric.decimal(b, pos, scale)); // checks the precision, as the JDBC path did
            }
        }
    }

    private static final class Timestamp extends FieldDecoder {
        private final TimeStampMicroTZVector vector;

        Timestamp(TimeStampMicroTZVector vector) {
            super(vector);
            this.vector = vector;
        }

        @Override
        void decode(byte[] b, int pos, int length, int row) {
            long micros = Bytes.int64(b, pos);
            if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
                throw new ArithmeticException("an infinite timestamp has no Arrow value");
            }
            vector.setSafe(row, Math.addExact(micros, POSTGRES_EPOCH_MICROS));
        }
    }

    private static final class Date extends FieldDecoder {
        private final DateDayVector vector;

        Date(DateDayVector vector) {
            super(vector);
            this.vector = vector;
        }

        @Override
        void decode(byte[] b, int pos, int length, int row) {
            int days = Bytes.int32(b, pos);
            if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
                throw new ArithmeticException("an infinite date has no Arrow value");
            }
            vector.setSafe(row, days + POSTGRES_EPOCH_DAYS);
        }
    }
}
