package dev.quiver.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The delivery count and stream sequence of JetStream's ack subjects, in each of their shapes. */
class AckSubjectTest {

    @Test
    void readsTheFormWithoutDomain() {
        assertThat(AckSubject.parse("$JS.ACK.QUIVER_EVENTS.quiver-bridge-clickhouse.3.1234567.89.1733224285123456789.17"))
                .isEqualTo(new AckSubject(3, 1_234_567));
        assertThat(AckSubject.parse("$JS.ACK.S.C.1.42.7.1733224285123456789")).isEqualTo(new AckSubject(1, 42));
    }

    @Test
    void readsTheFormWithDomainAndAccountHash() {
        assertThat(AckSubject.parse("$JS.ACK.hub.ACCHASH.QUIVER_EVENTS.quiver-bridge-elasticsearch.12.99.5.1733224285123456789.0.x7Ya"))
                .isEqualTo(new AckSubject(12, 99));
        assertThat(AckSubject.parse("$JS.ACK._.ACCHASH.S.C.2.8.5.1733224285123456789.0"))
                .isEqualTo(new AckSubject(2, 8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_INBOX.abc", "$JS.NAK.S.C.1.42.7.1733224285123456789.0", "$JS.ACK.S.C.1.42.7",
            "$JS.ACK.S.C.x.42.7.1733224285123456789.0", "$JS.ACK.S.C.1..7.1733224285123456789.0",
            "$JS.ACK.a.b.S.C.1.42.7.1733224285123456789", "$JS.ACKS.S.C.1.42.7.1733224285123456789.0",
            "$JS.ACK.S.C.1234567890123456789.42.7.1733224285123456789.0"})
    void otherShapesAreLeftToTheClient(String subject) {
        assertThat(AckSubject.parse(subject)).isNull();
    }
}
