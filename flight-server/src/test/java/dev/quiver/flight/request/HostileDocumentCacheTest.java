package dev.quiver.flight.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.schema.CatalogLoader;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Security review M9: distinct wide valid documents must not fill the document cache past its character budget,
 * however many are sent, while small documents still get cache hits.
 */
class HostileDocumentCacheTest {
    private static final long BUDGET = 50_000;
    private final Documents documents = new Documents(new CatalogLoader().load(DemoShop.sdl()).schema(),
            new QueryLimits(1_000, 8, 100_000, 5_000, 1_000, 16, BUDGET), 1_000);

    @Test
    void wideDocumentsStayWithinTheCharacterBudget() {
        for (int k = 0; k < 40; k++) {
            int n = k;
            documents.get("{ orders(limit: 0) { " + IntStream.range(0, 1_000).mapToObj(i -> "k" + n + "_" + i + ":id")
                    .collect(Collectors.joining(" ")) + " } }");
            assertThat(documents.cachedChars()).as("after %d wide documents", k + 1).isLessThanOrEqualTo(BUDGET);
        }
        assertThat(documents.cachedDocuments()).as("the most recent ones are kept").isBetween(1, 10);
    }

    @Test
    void aSmallDocumentIsStillParsedOnce() {
        long before = documents.parsed();
        documents.get("{ orders(limit: 1) { id } }");
        documents.get("{ orders(limit: 1) { id } }");
        assertThat(documents.parsed() - before).isEqualTo(1);
        assertThat(documents.cachedChars()).isEqualTo("{ orders(limit: 1) { id } }".length());
    }

    @Test
    void aDocumentLargerThanTheBudgetIsNotKept() {
        Documents tiny = new Documents(new CatalogLoader().load(DemoShop.sdl()).schema(),
                new QueryLimits(1_000, 8, 100_000, 256, 1_000, 16, 10), 1_000);
        tiny.get("{ orders(limit: 1) { id } }");
        assertThat(tiny.cachedDocuments()).isZero();
        assertThat(tiny.cachedChars()).isZero();
    }
}
