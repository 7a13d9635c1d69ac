package dev.quiver.resilience.suite.stress;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Checksums of the six columns of streamed {@code orders} rows ({@code id userId status total itemCount createdAt}),
 * computed from the Arrow batches the client received, to compare with what PostgreSQL computes over the table
 * ({@link StressOrders#checksum()}). Each column's checksum ties its value to its row: the sum over the rows of
 * {@code id × value}, modulo 2^64 (Java's wrapping {@code long} arithmetic; PostgreSQL computes it exactly in
 * {@code numeric} and takes it modulo 2^64), so a wrong, missing, repeated or misplaced value changes it. The values:
 * {@code userId} and {@code itemCount} as they are, {@code status} as its position in {@link StressOrders#STATUSES}
 * (1..5), {@code total} in cents, {@code createdAt} in microseconds since the epoch; {@code id} itself is summed.
 */
final class OrderChecksums {
    /** What a set of rows sums to; every column but {@code rows} modulo 2^64, as an unsigned number. */
    record Checksum(long rows, BigInteger id, BigInteger userId, BigInteger status, BigInteger total,
                    BigInteger itemCount, BigInteger createdAt) {
    }

    private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);

    private long rows;
    private long id;
    private long userId;
    private long status;
    private long total;
    private long itemCount;
    private long createdAt;

    /** Adds every row of {@code batch}. */
    void add(VectorSchemaRoot batch) {
        FieldVector ids = batch.getVector("id");
        FieldVector userIds = batch.getVector("userId");
        VarCharVector statuses = (VarCharVector) batch.getVector("status");
        DecimalVector totals = (DecimalVector) batch.getVector("total");
        BaseIntVector itemCounts = (BaseIntVector) batch.getVector("itemCount");
        TimeStampVector createdAts = (TimeStampVector) batch.getVector("createdAt");
        if (totals.getScale() != 2) {
            throw new IllegalStateException("total arrived with scale " + totals.getScale() + ", expected 2 (numeric(12,2))");
        }
        TimeUnit unit = unitOf(createdAts);
        for (int row = 0; row < batch.getRowCount(); row++) {
            long rowId = integer(ids, row);
            id += rowId;
            userId += rowId * integer(userIds, row);
            status += rowId * statusCode(statuses.get(row));
            total += rowId * cents(totals.getObject(row));
            itemCount += rowId * itemCounts.getValueAsLong(row);
            createdAt += rowId * unit.toMicros(createdAts.get(row));
        }
        rows += batch.getRowCount();
    }

    long rows() {
        return rows;
    }

    Checksum result() {
        return new Checksum(rows, unsigned(id), unsigned(userId), unsigned(status), unsigned(total), unsigned(itemCount),
                unsigned(createdAt));
    }

    /** {@code value} modulo 2^64 as a non-negative number (what PostgreSQL's {@code mod(x, 2^64)} gives for x ≥ 0). */
    static BigInteger modulo64(BigInteger value) {
        return value.mod(TWO_TO_THE_64);
    }

    private static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    /** An ID column: an integer vector, or utf8 digits. */
    private static long integer(FieldVector vector, int row) {
        if (vector instanceof BaseIntVector numbers) {
            return numbers.getValueAsLong(row);
        }
        if (vector instanceof VarCharVector text) {
            return Long.parseLong(new String(text.get(row), StandardCharsets.UTF_8));
        }
        throw new IllegalStateException(vector.getField().getName() + " arrived as " + vector.getField().getType()
                + ", expected an integer or utf8");
    }

    private static long statusCode(byte[] utf8) {
        String status = new String(utf8, StandardCharsets.UTF_8);
        int index = StressOrders.STATUSES.indexOf(status);
        if (index < 0) {
            throw new IllegalStateException("status '" + status + "' is none of " + StressOrders.STATUSES);
        }
        return index + 1;
    }

    private static long cents(BigDecimal total) {
        return total.movePointRight(2).longValueExact();
    }

    private static TimeUnit unitOf(TimeStampVector vector) {
        ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
        return switch (type.getUnit()) {
            case SECOND -> TimeUnit.SECONDS;
            case MILLISECOND -> TimeUnit.MILLISECONDS;
            case MICROSECOND -> TimeUnit.MICROSECONDS;
            case NANOSECOND -> TimeUnit.NANOSECONDS;
        };
    }
}
