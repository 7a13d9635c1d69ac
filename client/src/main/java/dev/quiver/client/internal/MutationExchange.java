package dev.quiver.client.internal;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.table.Table;

/**
 * Runs one GraphQL mutation the way the server takes writes: one Flight {@code DoExchange} whose descriptor is a
 * command holding the request JSON. Nothing is uploaded (the writer is half-closed at once); the answer, the
 * changed row, comes back as record batches and is copied into a {@link Table}. A Quiver server refuses a mutation
 * on GetFlightInfo and DoGet, since a ticket read twice or a retried DoGet would run the write again; one
 * {@code DoExchange} call runs it once.
 */
public final class MutationExchange {
    private MutationExchange() {
    }

    /**
     * Sends {@code requestJson} on {@code connection} and returns the answer's rows in {@code allocator}.
     *
     * @throws dev.quiver.client.QuiverQueryException when the server refuses or fails the mutation, or cannot be
     *                                                reached
     */
    public static Table run(Connection connection, byte[] requestJson, BufferAllocator allocator) {
        Table answer = null;
        try (FlightClient.ExchangeReaderWriter exchange = connection.client().doExchange(
                FlightDescriptor.command(requestJson), connection.options());
             TableBuilder rows = new TableBuilder(allocator)) {
            exchange.getWriter().completed(); // the request is all in the descriptor: nothing to upload
            FlightStream reader = exchange.getReader();
            while (reader.next()) {
                rows.append(reader.getRoot());
            }
            answer = rows.build(reader::getSchema);
            return answer; // the exchange is closed before this returns; a failure there frees the answer below
        } catch (FlightRuntimeException e) {
            closeIfOpen(answer);
            throw FlightErrors.toQuiver(e, connection.uri());
        } catch (RuntimeException e) {
            closeIfOpen(answer);
            throw e;
        } catch (InterruptedException e) {
            closeIfOpen(answer);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the mutation's exchange", e);
        } catch (Exception e) {
            closeIfOpen(answer);
            throw new IllegalStateException("closing the mutation's exchange failed", e);
        }
    }

    private static void closeIfOpen(Table table) {
        if (table != null) {
            table.close();
        }
    }
}
