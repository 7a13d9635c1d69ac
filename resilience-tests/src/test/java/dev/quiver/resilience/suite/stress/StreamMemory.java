package dev.quiver.resilience.suite.stress;

import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.ServerProcess;
import dev.quiver.resilience.harness.TimeSeries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming server's memory, sampled by the consumer as the rows arrive, so the samples follow the stream's
 * progress and not the clock: after every batch, the heap in use ({@code jvm_memory_used_bytes{area="heap"}} from
 * its {@code /metrics}) and its RSS; at a quarter, half and three quarters of the rows, its live heap after a full GC
 * ({@code jcmd GC.class_histogram}). How many samples a stream gets depends only on its rows and the server's batch
 * size, never on how fast the machine is. Samples also go into the scenario's series for the report.
 */
final class StreamMemory {
    private static final double MIB = 1024.0 * 1024.0;
    private static final int LIVE_POINTS = 3;

    /** The largest value sampled in each third of the rows (by rows read), and overall. */
    record Thirds(double first, double middle, double last, double max) {
    }

    /** The live heap after a full GC once {@code rows} rows had been read. */
    record Live(long rows, long bytes) {
    }

    private record Sample(long rows, double heapBytes, double rssBytes) {
    }

    private final ServerProcess server;
    private final long totalRows;
    private final TimeSeries heapSeries;
    private final TimeSeries rssSeries;
    private final TimeSeries liveSeries;
    private final List<Sample> samples = new ArrayList<>();
    private final List<Live> live = new ArrayList<>();

    /** @param totalRows the rows the stream will carry (the progress points are fractions of it) */
    StreamMemory(ScenarioLog log, ServerProcess server, long totalRows) {
        this.server = server;
        this.totalRows = totalRows;
        this.heapSeries = log.series("server heap in use", "MiB");
        this.rssSeries = log.series("server RSS", "MiB");
        this.liveSeries = log.series("server live heap (after a full GC)", "MiB");
    }

    /** Samples after a batch, {@code rowsRead} rows into the stream (called on the consumer's thread). */
    void afterBatch(long rowsRead) throws IOException, InterruptedException {
        double heap = server.metrics().sum("jvm_memory_used_bytes", "area", "heap");
        double rss = server.process().rssBytes();
        samples.add(new Sample(rowsRead, heap, rss));
        heapSeries.add(heap / MIB);
        rssSeries.add(rss / MIB);
        if (live.size() < LIVE_POINTS && rowsRead * (LIVE_POINTS + 1) >= totalRows * (live.size() + 1)) {
            long bytes = server.process().postGcHeapBytes();
            live.add(new Live(rowsRead, bytes));
            liveSeries.add(bytes / MIB);
        }
    }

    /** Batches sampled so far (one sample each). */
    int batches() {
        return samples.size();
    }

    /** The live-heap points taken, in order of progress. */
    List<Live> liveHeap() {
        return List.copyOf(live);
    }

    Thirds heapThirds() {
        return thirds(true);
    }

    Thirds rssThirds() {
        return thirds(false);
    }

    /** By rows read: the first third is the samples up to a third of the rows, the last those past two thirds. */
    private Thirds thirds(boolean heap) {
        double first = 0;
        double middle = 0;
        double last = 0;
        double max = 0;
        for (Sample sample : samples) {
            double value = heap ? sample.heapBytes() : sample.rssBytes();
            if (sample.rows() * 3 <= totalRows) {
                first = Math.max(first, value);
            } else if (sample.rows() * 3 <= 2 * totalRows) {
                middle = Math.max(middle, value);
            } else {
                last = Math.max(last, value);
            }
            max = Math.max(max, value);
        }
        return new Thirds(first, middle, last, max);
    }
}
