package dev.quiver.testsupport.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AckedSendsTest {
    private final List<String> sent = new ArrayList<>();
    private final Map<String, Integer> dropFirst = new HashMap<>();

    /** Acknowledges each item with "ack-<item>", except that it gives up on the first few sends of some. */
    private CompletableFuture<String> send(String item) {
        sent.add(item);
        int drops = dropFirst.getOrDefault(item, 0);
        if (drops > 0) {
            dropFirst.put(item, drops - 1);
            return CompletableFuture.failedFuture(new CancellationException("response not registered in time"));
        }
        return CompletableFuture.completedFuture("ack-" + item);
    }

    @Test
    void everyItemIsAcknowledgedInOrderAndAGivenUpAckIsAskedForAgain() throws InterruptedException {
        dropFirst.put("b", 2);
        AckedSends<String, String> sends = new AckedSends<>(this::send, 2, 3, Duration.ofSeconds(5));

        assertThat(sends.sendAll(List.of("a", "b", "c"))).containsExactly("ack-a", "ack-b", "ack-c");
        assertThat(sent).containsExactly("a", "b", "b", "b", "c");
        assertThat(sends.repeats()).isEqualTo(2);
    }

    @Test
    void anItemStillUnacknowledgedAfterItsAttemptsFails() {
        dropFirst.put("b", 3);
        AckedSends<String, String> sends = new AckedSends<>(this::send, 10, 3, Duration.ofSeconds(5));

        assertThatThrownBy(() -> sends.sendAll(List.of("a", "b"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no acknowledgement for b after 3 send(s)");
    }

    @Test
    void aRefusalIsNotRepeated() {
        AckedSends<String, String> sends = new AckedSends<>(
                item -> CompletableFuture.failedFuture(new IllegalArgumentException("no stream")), 10, 3,
                Duration.ofSeconds(5));

        assertThatThrownBy(() -> sends.sendAll(List.of("a"))).isInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("no stream");
    }
}
