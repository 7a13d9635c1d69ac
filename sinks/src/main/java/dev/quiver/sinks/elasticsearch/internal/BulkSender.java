package dev.quiver.sinks.elasticsearch.internal;

import java.util.List;

/** Sends one bulk request of {@code index} operations; the seam between {@link BulkIndexer} and the client. */
public interface BulkSender {

    /**
     * What Elasticsearch answered for one item.
     *
     * @param status the item's HTTP status
     * @param error  the error type and reason, or {@code null} when the item succeeded
     */
    record ItemOutcome(int status, String error) {
    }

    /**
     * Indexes {@code documents} in one bulk request.
     *
     * @return one outcome per document, in the same order
     * @throws Exception when the request as a whole failed (the caller classifies it)
     */
    List<ItemOutcome> send(List<BulkDocument> documents) throws Exception;
}
