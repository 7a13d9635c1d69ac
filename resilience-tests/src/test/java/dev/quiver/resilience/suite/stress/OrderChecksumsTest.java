package dev.quiver.resilience.suite.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

class OrderChecksumsTest {
    private record Row(long id, long userId, String status, String total, int itemCount, long createdAtMicros) {
    }

    @Test
    void eachColumnSumsIdTimesItsValue() {
        OrderChecksums.Checksum sum = checksum(List.of(
                new Row(1, 10, "paid", "1.50", 3, 1_000_000),
                new Row(2, 20, "cancelled", "0.07", 1, 5)));

        assertThat(sum).isEqualTo(new OrderChecksums.Checksum(2, BigInteger.valueOf(3), BigInteger.valueOf(1 * 10 + 2 * 20),
                BigInteger.valueOf(1 * 2 + 2 * 5), BigInteger.valueOf(1 * 150 + 2 * 7), BigInteger.valueOf(1 * 3 + 2 * 1),
                BigInteger.valueOf(1 * 1_000_000 + 2 * 5)));
    }

    @Test
    void valuesSwappedBetweenRowsChangeTheChecksum() {
        OrderChecksums.Checksum right = checksum(List.of(new Row(1, 10, "paid", "1.50", 3, 7),
                new Row(2, 20, "shipped", "2.00", 1, 9)));
        OrderChecksums.Checksum swapped = checksum(List.of(new Row(1, 10, "shipped", "1.50", 3, 7),
                new Row(2, 20, "paid", "2.00", 1, 9)));

        assertThat(swapped.status()).isNotEqualTo(right.status());
        assertThat(swapped.id()).isEqualTo(right.id());
    }

    @Test
    void aSumPast2To64WrapsLikePostgresModulo() {
        long big = Long.MAX_VALUE / 3;
        OrderChecksums.Checksum sum = checksum(List.of(new Row(4, big, "paid", "0.01", 1, 0)));

        assertThat(sum.userId()).isEqualTo(OrderChecksums.modulo64(BigInteger.valueOf(big).multiply(BigInteger.valueOf(4))));
    }

    @Test
    void anUnknownStatusIsRefused() {
        assertThatThrownBy(() -> checksum(List.of(new Row(1, 1, "lost", "1.00", 1, 0))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lost");
    }

    private static OrderChecksums.Checksum checksum(List<Row> rows) {
        try (BufferAllocator allocator = new RootAllocator();
             BigIntVector id = new BigIntVector("id", allocator);
             BigIntVector userId = new BigIntVector("userId", allocator);
             VarCharVector status = new VarCharVector("status", allocator);
             DecimalVector total = new DecimalVector("total", allocator, 12, 2);
             IntVector itemCount = new IntVector("itemCount", allocator);
             TimeStampMicroTZVector createdAt = new TimeStampMicroTZVector(new Field("createdAt",
                     FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")), null), allocator)) {
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                id.setSafe(i, row.id());
                userId.setSafe(i, row.userId());
                status.setSafe(i, row.status().getBytes(StandardCharsets.UTF_8));
                total.setSafe(i, new BigDecimal(row.total()));
                itemCount.setSafe(i, row.itemCount());
                createdAt.setSafe(i, row.createdAtMicros());
            }
            try (VectorSchemaRoot batch = VectorSchemaRoot.of(id, userId, status, total, itemCount, createdAt)) {
                batch.setRowCount(rows.size());
                OrderChecksums checksums = new OrderChecksums();
                checksums.add(batch);
                return checksums.result();
            }
        }
    }
}
