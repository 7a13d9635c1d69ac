package dev.quiver.flight.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamSlotsTest {
    @Test
    void refusesBeyondTheLimitNamingItAndFreesOnClose() {
        StreamSlots slots = new StreamSlots(2);
        StreamSlot first = slots.acquire();
        StreamSlot second = slots.acquire();
        assertThat(slots.inUse()).isEqualTo(2);
        assertThatThrownBy(slots::acquire).isInstanceOfSatisfying(TooManyStreamsException.class, e -> {
            assertThat(e.limit()).isEqualTo(2);
            assertThat(e.retryAfter()).isEqualTo(StreamSlots.RETRY_AFTER);
            assertThat(e.getMessage()).contains("limit of 2 result streams", "--max-streams 2", "retry");
        });
        first.close();
        assertThat(slots.inUse()).isEqualTo(1);
        slots.acquire().close();
        second.close();
        assertThat(slots.inUse()).isZero();
    }

    @Test
    void closingASlotTwiceGivesItBackOnce() {
        StreamSlots slots = new StreamSlots(1);
        StreamSlot slot = slots.acquire();
        slot.close();
        slot.close();
        assertThat(slots.inUse()).isZero();
        StreamSlot again = slots.acquire();
        assertThatThrownBy(slots::acquire).isInstanceOf(TooManyStreamsException.class);
        again.close();
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new StreamSlots(0)).hasMessageContaining("at least 1");
    }
}
