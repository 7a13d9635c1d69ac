package dev.quiver.flight.subscription;

import dev.quiver.flight.request.QuiverException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The transport one subscription's events go out on: the port a subscriber drains its buffer into, so that the
 * subscription machinery (one shared feed, bounded buffers, a small shared delivery pool, the transmit budget) is
 * the same whichever transport the client came by. Flight implements it on a DoGet stream, HTTP on a Server-Sent
 * Events response.
 *
 * <p>The contract is Flight's backpressure model: nothing here may wait for the client. {@link #send} hands one
 * batch to the transport and returns; {@link #isReady()} says whether the transport can take another now, and when
 * it could not, the transport runs the {@linkplain #onReady ready handler} once it can. A subscriber only sends
 * when the channel is ready, so a client that does not read fills the subscriber's own bounded buffer, and that
 * ends its stream with RESOURCE_EXHAUSTED; the shared feed never waits.
 *
 * <p>Calls other than the handlers come from one thread at a time (the subscriber's drain), in this order:
 * {@link #start} once, then {@link #send} any number of times, then at most one {@link #fail}. After the client
 * cancelled, nothing more is sent.
 */
public interface SubscriberChannel {

    /** Registers what to run when the transport can take a batch again after {@link #isReady()} said no. */
    void onReady(Runnable handler);

    /** Registers what to run, once, when the client cancels or goes away. */
    void onCancel(Runnable handler);

    /** Whether the client has cancelled or gone away already. */
    boolean isCancelled();

    /**
     * Opens the stream for batches of {@code root}'s schema (Flight sends the schema; HTTP the status line and
     * headers). Once it returns, the client knows the subscription is registered.
     */
    void start(VectorSchemaRoot root);

    /** Whether the transport can take a batch now. */
    boolean isReady();

    /** Sends the rows {@code root} (the root given to {@link #start}) holds now, as one batch. Never waits. */
    void send(VectorSchemaRoot root);

    /** Ends the stream with {@code error}; its status and message reach the client. */
    void fail(QuiverException error);
}
