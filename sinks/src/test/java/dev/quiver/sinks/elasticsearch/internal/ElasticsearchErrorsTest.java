package dev.quiver.sinks.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import dev.quiver.sinks.api.SinkException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class ElasticsearchErrorsTest {

    private static SinkException classify(Throwable failure) {
        return ElasticsearchErrors.classify("elasticsearch", "indexing 3 events into quiver-events-*", failure);
    }

    private static ElasticsearchException status(int status, String type) {
        return new ElasticsearchException("es/bulk", ErrorResponse.of(r -> r.status(status)
                .error(e -> e.type(type).reason("because"))));
    }

    @Test
    void ioFailuresAreRetriable() {
        assertThat(classify(new ConnectException("Connection refused")))
                .satisfies(e -> assertThat(e.isRetriable()).isTrue())
                .hasMessageContaining("Elasticsearch is unreachable or the connection broke: ConnectException: Connection refused");
        assertThat(classify(new SocketTimeoutException("30,000 milliseconds timeout")).isRetriable()).isTrue();
        assertThat(classify(new IOException("broken pipe")).isRetriable()).isTrue();
    }

    @Test
    void overloadAndServerErrorsAreRetriable() {
        assertThat(classify(status(429, "es_rejected_execution_exception")).isRetriable()).isTrue();
        assertThat(classify(status(503, "cluster_block_exception")).isRetriable()).isTrue();
        assertThat(classify(status(408, "timeout")).isRetriable()).isTrue();
    }

    @Test
    void clientErrorsArePermanentAndSayWhatToDo() {
        SinkException unauthorised = classify(status(401, "security_exception"));

        assertThat(unauthorised.isRetriable()).isFalse();
        assertThat(unauthorised).hasMessage("elasticsearch: indexing 3 events into quiver-events-* failed: Elasticsearch"
                + " answered HTTP 401: security_exception: because; check QUIVER_ELASTICSEARCH_USER and"
                + " QUIVER_ELASTICSEARCH_PASSWORD");
        assertThat(classify(status(403, "security_exception"))).hasMessageContaining("privilege");
        assertThat(classify(status(400, "illegal_argument_exception")).isRetriable()).isFalse();
    }

    @Test
    void aSinkExceptionPassesThroughAndABugIsPermanent() {
        SinkException own = SinkException.retriable("elasticsearch", "items refused", null);

        assertThat(classify(own)).isSameAs(own);
        assertThat(classify(new IllegalStateException("bug")).isRetriable()).isFalse();
    }
}
