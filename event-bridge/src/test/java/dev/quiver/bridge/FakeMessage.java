package dev.quiver.bridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A message that records how it was settled. */
final class FakeMessage implements InboundMessage {
    private final byte[] data;
    private final long sequence;
    private final long deliveryCount;
    private final List<String> settlements = new ArrayList<>();
    private final List<Duration> nakDelays = new ArrayList<>();
    private int inProgress;

    FakeMessage(byte[] data, long sequence) {
        this(data, sequence, 1);
    }

    FakeMessage(byte[] data, long sequence, long deliveryCount) {
        this.data = data;
        this.sequence = sequence;
        this.deliveryCount = deliveryCount;
    }

    static FakeMessage of(String json, long sequence) {
        return new FakeMessage(json.getBytes(StandardCharsets.UTF_8), sequence);
    }

    @Override
    public byte[] data() {
        return data;
    }

    @Override
    public String subject() {
        return "test.events.Order.created";
    }

    @Override
    public long streamSequence() {
        return sequence;
    }

    @Override
    public long deliveryCount() {
        return deliveryCount;
    }

    /** The same message as the server would deliver it next time (the delivery count one higher). */
    FakeMessage redelivered() {
        return new FakeMessage(data, sequence, deliveryCount + 1);
    }

    @Override
    public synchronized void ack() {
        settlements.add("ack");
    }

    @Override
    public synchronized void nak(Duration delay) {
        settlements.add("nak");
        nakDelays.add(delay);
    }

    @Override
    public synchronized void inProgress() {
        inProgress++;
    }

    synchronized boolean acked() {
        return settlements.equals(List.of("ack"));
    }

    /** The delays asked for by each {@link #nak}, in order. */
    synchronized List<Duration> nakDelays() {
        return List.copyOf(nakDelays);
    }

    synchronized boolean naked() {
        return settlements.equals(List.of("nak"));
    }

    synchronized boolean unsettled() {
        return settlements.isEmpty();
    }

    synchronized List<String> settlements() {
        return List.copyOf(settlements);
    }

    synchronized int inProgressCount() {
        return inProgress;
    }
}
