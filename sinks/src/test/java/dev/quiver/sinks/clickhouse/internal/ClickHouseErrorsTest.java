package dev.quiver.sinks.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import dev.quiver.sinks.api.SinkException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ClickHouseErrorsTest {

    private static SinkException classify(Throwable failure) {
        return ClickHouseErrors.classify("clickhouse", "inserting 3 events into quiver.events", failure);
    }

    private static ServerException server(int code, int http) {
        return new ServerException(code, "Code: " + code + ". DB::Exception: something\nstack trace", http, "q-1");
    }

    @Test
    void connectionFailuresAndTimeoutsAreRetriable() {
        assertThat(classify(new ConnectionInitiationException("no route")).isRetriable()).isTrue();
        assertThat(classify(new ClientException("failed", new ConnectException("Connection refused"))).isRetriable()).isTrue();
        assertThat(classify(new TimeoutException()).isRetriable()).isTrue();
        assertThat(classify(new ExecutionException(new ConnectionInitiationException("x"))).isRetriable()).isTrue();
    }

    @Test
    void overloadAndServerErrorsAreRetriable() {
        assertThat(classify(server(252, 500)).isRetriable()).as("too many parts").isTrue();
        assertThat(classify(server(241, 500)).isRetriable()).as("memory limit").isTrue();
        assertThat(classify(server(202, 500)).isRetriable()).as("too many queries").isTrue();
        assertThat(classify(server(0, 503)).isRetriable()).as("a 503 from a proxy").isTrue();
        assertThat(classify(server(1001, 500)).isRetriable()).as("an unknown code with HTTP 500").isTrue();
    }

    @Test
    void authenticationIsPermanentAndSaysWhatToCheck() {
        SinkException wrongPassword = classify(server(193, 500));
        SinkException unauthorised = classify(server(0, 401));

        assertThat(wrongPassword.isRetriable()).isFalse();
        assertThat(unauthorised.isRetriable()).isFalse();
        assertThat(wrongPassword).hasMessageContaining("QUIVER_CLICKHOUSE_PASSWORD");
        assertThat(unauthorised).hasMessageContaining("QUIVER_CLICKHOUSE_PASSWORD");
        assertThat(classify(server(497, 500))).hasMessageContaining("grant the user");
    }

    @Test
    void syntaxTypeAndParseErrorsArePermanent() {
        for (int code : new int[] {62, 53, 27, 33, 60, 16, 117}) {
            assertThat(classify(server(code, 500)).isRetriable()).as("code %d", code).isFalse();
        }
        assertThat(classify(server(1001, 400)).isRetriable()).as("an unknown code with HTTP 400").isFalse();
    }

    @Test
    void theMessageNamesTheActionCodeAndFirstLine() {
        assertThat(classify(server(62, 500))).hasMessage("clickhouse: inserting 3 events into quiver.events failed:"
                + " ClickHouse error 62 (HTTP 500): Code: 62. DB::Exception: something; retrying cannot fix this");
    }

    @Test
    void aMisconfiguredClientOrABugIsPermanent() {
        assertThat(classify(new ClientMisconfigurationException("bad option")).isRetriable()).isFalse();
        assertThat(classify(new NullPointerException("bug")))
                .satisfies(e -> assertThat(e.isRetriable()).isFalse())
                .hasMessageContaining("a bug, not the server");
    }
}
