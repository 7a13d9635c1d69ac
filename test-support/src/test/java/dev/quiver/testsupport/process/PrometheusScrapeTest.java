package dev.quiver.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {
    private static final String TEXT = String.join("\n",
            "# HELP quiver_events_stored_total Events stored",
            "# TYPE quiver_events_stored_total counter",
            "quiver_events_stored_total{sink=\"clickhouse\",instance=\"a\"} 10.0",
            "quiver_events_stored_total{sink=\"clickhouse\",instance=\"b\"} 5.0",
            "quiver_events_stored_total{sink=\"elasticsearch\",instance=\"a\"} 7.0",
            "jvm_threads_live_threads 42.0",
            "odd_label{path=\"/a,b=\\\"c\\\"\",x=\"y\"} 1.5e3 1700000000000",
            "");

    @Test
    void sumsByNameAndLabels() {
        PrometheusScrape scrape = PrometheusScrape.parse(TEXT);

        assertThat(scrape.sum("quiver_events_stored_total", "sink", "clickhouse")).isEqualTo(15.0);
        assertThat(scrape.sum("quiver_events_stored_total")).isEqualTo(22.0);
        assertThat(scrape.sum("quiver_events_stored_total", "sink", "none")).isZero();
        assertThat(scrape.sum("jvm_threads_live_threads")).isEqualTo(42.0);
    }

    @Test
    void readsValuesAfterLabelsWithCommasAndTimestamps() {
        PrometheusScrape scrape = PrometheusScrape.parse(TEXT);

        assertThat(scrape.sum("odd_label", "x", "y")).isEqualTo(1500.0);
        assertThat(scrape.has("odd_label")).isTrue();
        assertThat(scrape.has("missing")).isFalse();
    }
}
