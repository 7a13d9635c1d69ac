package dev.quiver.sinks.elasticsearch.internal;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.internal.Failures;
import java.io.IOException;
import org.elasticsearch.client.ResponseException;

/**
 * Classifies failures of whole Elasticsearch requests (bulk items are judged by {@link BulkIndexer}).
 * Retriable: no connection, timeouts and other I/O errors, HTTP 408, 429 and 5xx. Permanent: any other
 * HTTP status (bad credentials, missing privileges, a malformed request) and exceptions from outside the
 * client (bugs).
 */
public final class ElasticsearchErrors {

    private ElasticsearchErrors() {
    }

    public static SinkException classify(String sink, String action, Throwable failure) {
        if (failure instanceof SinkException sinkException) {
            return sinkException;
        }
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return SinkException.retriable(sink, action + " was interrupted", failure);
        }
        if (failure instanceof ElasticsearchException es) {
            String error = es.error() == null ? es.getMessage() : es.error().type() + ": " + es.error().reason();
            return byStatus(sink, action, es.status(), error, failure);
        }
        if (failure instanceof TransportException transport && transport.statusCode() > 0) {
            return byStatus(sink, action, transport.statusCode(), Failures.firstLine(transport.getMessage()), failure);
        }
        if (failure instanceof ResponseException response) {
            return byStatus(sink, action, response.getResponse().getStatusLine().getStatusCode(),
                    Failures.firstLine(response.getMessage()), failure);
        }
        if (failure instanceof IOException) {
            return SinkException.retriable(sink, action + " failed: Elasticsearch is unreachable or the connection"
                    + " broke: " + Failures.describe(failure), failure);
        }
        return SinkException.permanent(sink, action + " failed unexpectedly (a bug, not the cluster): "
                + Failures.describe(failure), failure);
    }

    private static SinkException byStatus(String sink, String action, int status, String error, Throwable failure) {
        String message = action + " failed: Elasticsearch answered HTTP " + status + ": " + error;
        if (status == 408 || status == 429 || status >= 500) {
            return SinkException.retriable(sink, message, failure);
        }
        String hint = switch (status) {
            case 401 -> "; check QUIVER_ELASTICSEARCH_USER and QUIVER_ELASTICSEARCH_PASSWORD";
            case 403 -> "; grant the user the manage_index_templates cluster privilege and write on the events indices";
            default -> "; retrying cannot fix this";
        };
        return SinkException.permanent(sink, message + hint, failure);
    }
}
