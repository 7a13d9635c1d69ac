package dev.quiver.sinks.elasticsearch.internal;

/**
 * One document of a bulk request.
 *
 * @param row     the event's row in the batch
 * @param eventId the event id, which is the document {@code _id}
 * @param index   the monthly index it goes to
 * @param json    the document source, compact UTF-8 JSON
 */
public record BulkDocument(int row, String eventId, String index, byte[] json) {
}
