package dev.quiver.sinks.elasticsearch.internal;

import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.WriteResult.Rejection;
import dev.quiver.sinks.elasticsearch.internal.BulkSender.ItemOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Indexes documents through bulk requests of bounded size and checks every item's answer:
 * <ul>
 *   <li>2xx is stored; 409 (the document exists already: a redelivery) counts as stored too;</li>
 *   <li>429 and 5xx are sent again, up to {@code itemRetries} times with doubling backoff; items still
 *       refused after that make the whole write fail with a retriable {@link SinkException};</li>
 *   <li>any other status (a mapping conflict, a malformed document) is a permanent {@link Rejection}.</li>
 * </ul>
 */
public final class BulkIndexer {
    /** Bytes of a bulk action line and separators, on top of each document. */
    private static final int ACTION_OVERHEAD = 128;

    /** How to wait between resends (tests pass one that does not sleep). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String sink;
    private final BulkSender sender;
    private final int maxBytes;
    private final int itemRetries;
    private final Duration backoff;
    private final Sleeper sleeper;

    public BulkIndexer(String sink, BulkSender sender, int maxBytes, int itemRetries, Duration backoff, Sleeper sleeper) {
        this.sink = sink;
        this.sender = sender;
        this.maxBytes = maxBytes;
        this.itemRetries = itemRetries;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /**
     * Indexes {@code documents}.
     *
     * @return the documents refused for good
     * @throws SinkException retriable, when some items were still refused with 429/5xx after the resends
     * @throws Exception     whatever the sender threw for a failed request
     */
    public List<Rejection> index(List<BulkDocument> documents) throws Exception {
        List<Rejection> rejected = new ArrayList<>();
        List<BulkDocument> pending = documents;
        Duration wait = backoff;
        for (int round = 0; ; round++) {
            List<BulkDocument> refusedForNow = new ArrayList<>();
            String lastReason = null;
            for (List<BulkDocument> chunk : chunks(pending)) {
                List<ItemOutcome> outcomes = sender.send(chunk);
                if (outcomes.size() != chunk.size()) {
                    throw SinkException.retriable(sink, "bulk response has " + outcomes.size() + " items for "
                            + chunk.size() + " documents", null);
                }
                for (int i = 0; i < chunk.size(); i++) {
                    BulkDocument document = chunk.get(i);
                    ItemOutcome outcome = outcomes.get(i);
                    int status = outcome.status();
                    if (status >= 200 && status < 300 || status == 409) {
                        continue;
                    }
                    String reason = "Elasticsearch refused the document for " + document.index() + " (HTTP " + status
                            + "): " + outcome.error();
                    if (status == 429 || status >= 500) {
                        refusedForNow.add(document);
                        lastReason = reason;
                    } else {
                        rejected.add(new Rejection(document.row(), document.eventId(), reason));
                    }
                }
            }
            if (refusedForNow.isEmpty()) {
                return rejected;
            }
            if (round == itemRetries) {
                throw SinkException.retriable(sink, refusedForNow.size() + " of " + documents.size()
                        + " documents still refused after " + itemRetries + " resends; last: " + lastReason, null);
            }
            sleeper.sleep(wait);
            wait = wait.multipliedBy(2);
            pending = refusedForNow;
        }
    }

    private List<List<BulkDocument>> chunks(List<BulkDocument> documents) {
        List<List<BulkDocument>> chunks = new ArrayList<>();
        List<BulkDocument> current = new ArrayList<>();
        long bytes = 0;
        for (BulkDocument document : documents) {
            long size = document.json().length + ACTION_OVERHEAD;
            if (!current.isEmpty() && bytes + size > maxBytes) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(document);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
