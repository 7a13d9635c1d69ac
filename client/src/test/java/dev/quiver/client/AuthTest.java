package dev.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.client.fake.FakeQuiverServer;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthTest {
    private FakeQuiverServer server;

    @BeforeEach
    void start() {
        server = FakeQuiverServer.startWithAuth();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void basicCredentialsAreExchangedForABearerTokenUsedOnEveryCall() {
        QuiverClientConfig config = QuiverClientConfig.builder().uri(server.uri())
                .basicAuth(FakeQuiverServer.USER, FakeQuiverServer.PASSWORD).build();
        try (QuiverClient client = QuiverClient.connect(config);
                Table table = client.queryTable("{ users { id } }", null)) {
            assertThat(table.getRowCount()).isEqualTo(3);
            assertThat(client.health().isOk()).isTrue();
        }
        assertThat(server.producer().peers()).containsExactly(FakeQuiverServer.USER);
    }

    @Test
    void endpointsOnAnotherLocationAreAuthenticatedToo() {
        server.producer().splitEndpoints(server.alternateUri());
        QuiverClientConfig config = QuiverClientConfig.builder().uri(server.uri())
                .basicAuth(FakeQuiverServer.USER, FakeQuiverServer.PASSWORD).build();
        try (QuiverClient client = QuiverClient.connect(config);
                Table table = client.queryTable("{ users { id } }", null)) {
            assertThat(table.getRowCount()).isEqualTo(3);
        }
        assertThat(server.producer().tickets()).containsExactly("batch-0", "batch-1");
    }

    @Test
    void wrongPasswordIsATypedUnauthenticatedError() {
        QuiverClientConfig config = QuiverClientConfig.builder().uri(server.uri())
                .basicAuth(FakeQuiverServer.USER, "wrong").build();
        assertThatThrownBy(() -> QuiverClient.connect(config))
                .isInstanceOfSatisfying(QuiverQueryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                    assertThat(e.server()).isEqualTo(server.uri());
                    assertThat(e.isRetryable()).isFalse();
                })
                .hasMessageContaining("wrong user name or password");
    }

    @Test
    void noCredentialsIsUnauthenticated() {
        try (QuiverClient client = QuiverClient.connect(QuiverClientConfig.builder().uri(server.uri()).build())) {
            assertThatThrownBy(() -> client.query("{ users { id } }"))
                    .isInstanceOfSatisfying(QuiverQueryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        }
    }

    @Test
    void aGivenBearerTokenIsSentAsIs() {
        QuiverClientConfig config = QuiverClientConfig.builder().uri(server.uri())
                .token(FakeQuiverServer.STATIC_TOKEN).build();
        try (QuiverClient client = QuiverClient.connect(config);
                Table table = client.queryTable("{ users { id } }", null)) {
            assertThat(table.getRowCount()).isEqualTo(3);
        }
        assertThat(server.producer().peers()).containsExactly("token-holder");
    }

    @Test
    void anUnknownTokenIsUnauthenticated() {
        QuiverClientConfig config = QuiverClientConfig.builder().uri(server.uri()).token("forged").build();
        try (QuiverClient client = QuiverClient.connect(config)) {
            assertThatThrownBy(client::sdl).isInstanceOfSatisfying(QuiverQueryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        }
    }
}
