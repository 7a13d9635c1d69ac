package dev.quiver.flight.query.copy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian integers and floats read out of a byte array, as PostgreSQL's binary formats write them. */
final class Bytes {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    /** The unsigned 16-bit value at {@code pos}. */
    static int int16(byte[] b, int pos) {
        return (short) SHORT.get(b, pos) & 0xFFFF;
    }

    static int int32(byte[] b, int pos) {
        return (int) INT.get(b, pos);
    }

    static long int64(byte[] b, int pos) {
        return (long) LONG.get(b, pos);
    }

    static float float32(byte[] b, int pos) {
        return (float) FLOAT.get(b, pos);
    }

    static double float64(byte[] b, int pos) {
        return (double) DOUBLE.get(b, pos);
    }
}
