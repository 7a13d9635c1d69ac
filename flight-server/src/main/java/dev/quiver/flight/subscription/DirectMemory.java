package dev.quiver.flight.subscription;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** The JVM's limit on direct (off-heap NIO) memory, where Arrow and gRPC keep their buffers. */
final class DirectMemory {
    private DirectMemory() {
    }

    /** {@code -XX:MaxDirectMemorySize} if set, else the JVM's default for it: the maximum heap ({@code -Xmx}). */
    static long limit() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long configured = Long.parseLong(hotSpot.getVMOption("MaxDirectMemorySize").getValue());
            if (configured > 0) {
                return configured;
            }
        } catch (RuntimeException e) {
            // not a HotSpot JVM, or the option is unknown: fall back to the default rule
        }
        return Runtime.getRuntime().maxMemory();
    }
}
