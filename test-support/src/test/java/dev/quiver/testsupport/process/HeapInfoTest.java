package dev.quiver.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeapInfoTest {

    @Test
    void readsTheUsedFigureOfTheG1HeapLine() {
        String output = """
                12345:
                 garbage-first heap   total 262144K, used 23456K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 20000K, committed 20480K, reserved 1114112K
                """;
        assertThat(HeapInfo.usedBytes(output)).isEqualTo(23456L * 1024);
    }

    @Test
    void readsTheParallelHeapLine() {
        String output = " PSYoungGen      total 76288K, used 3932K [0x0000]\n ParOldGen       total 175104K, used 0K\n";
        // Parallel GC prints generations, not one heap line: the first "…Gen total, used" is not a heap line
        assertThatThrownBy(() -> HeapInfo.usedBytes(output)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GC.heap_info");
    }

    @Test
    void rejectsOutputWithoutAHeapLineAndQuotesIt() {
        assertThatThrownBy(() -> HeapInfo.usedBytes("12345:\nCould not attach"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Could not attach");
    }

    @Test
    void readsTheLiveBytesFromAClassHistogramsTotalLine() {
        String output = "16442:\n num     #instances         #bytes  class name (module)\n"
                + "-------------------------------------------------------\n"
                + "   1:         46938       27341256  [B (java.base@17.0.15)\n"
                + "   2:         10135        1173632  [Ljava.lang.Object; (java.base@17.0.15)\n"
                + "Total        234567       41234567\n";
        assertThat(HeapInfo.histogramTotalBytes(output)).isEqualTo(41_234_567L);
    }

    @Test
    void rejectsAHistogramWithoutATotalLine() {
        assertThatThrownBy(() -> HeapInfo.histogramTotalBytes("16442:\nCould not attach"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Could not attach");
    }
}
