package dev.quiver.resilience.services;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.TotalHitsRelation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.io.IOException;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * elasticsearch-java over the low-level RestClient. Never calls {@code info()}: the integ-test-zip node here
 * answers {@code GET /} with 405.
 */
@Timeout(60)
class ElasticsearchIT {
    private static final Services SERVICES = Services.fromEnvironment();

    /** A document as the sinks will index it (subset of an observer event). */
    record Doc(String entityType, String entityId, String text) {
    }

    private final String index = "itest-" + UUID.randomUUID();
    private RestClientTransport transport;
    private ElasticsearchClient es;

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.ELASTICSEARCH);
    }

    @BeforeEach
    void createIndex() throws IOException {
        RestClient rest = RestClient.builder(HttpHost.create(SERVICES.elasticsearch().httpUrl())).build();
        transport = new RestClientTransport(rest, new JacksonJsonpMapper());
        es = new ElasticsearchClient(transport);
        es.indices().create(c -> c.index(index));
    }

    @AfterEach
    void deleteIndex() throws IOException {
        try {
            es.indices().delete(d -> d.index(index));
        } finally {
            transport.close();
        }
    }

    @Test
    void indexedDocumentsAreFoundByMatchQueryAndById() throws IOException {
        index("1", new Doc("Order", "1001", "arrow flight stream of orders"));
        index("2", new Doc("Customer", "c-9", "a customer moved to another city"));
        index("3", new Doc("Order", "1002", "second order shipped by arrow express"));
        es.indices().refresh(r -> r.index(index));

        SearchResponse<Doc> found = es.search(s -> s.index(index)
                .query(q -> q.match(m -> m.field("text").query("arrow"))), Doc.class);

        assertThat(found.hits().total().value()).isEqualTo(2);
        assertThat(found.hits().total().relation()).isEqualTo(TotalHitsRelation.Eq);
        assertThat(found.hits().hits()).extracting(Hit::id).containsExactlyInAnyOrder("1", "3");

        GetResponse<Doc> two = es.get(g -> g.index(index).id("2"), Doc.class);
        assertThat(two.found()).isTrue();
        assertThat(two.source()).isEqualTo(new Doc("Customer", "c-9", "a customer moved to another city"));

        assertThat(es.get(g -> g.index(index).id("4"), Doc.class).found()).isFalse();
    }

    private void index(String id, Doc doc) throws IOException {
        assertThat(es.index(i -> i.index(index).id(id).document(doc)).id()).isEqualTo(id);
    }
}
