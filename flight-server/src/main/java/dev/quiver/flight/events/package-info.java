/**
 * The observer-event row model that both the subscription feature (live events) and the history feature (past
 * events) write as Arrow: the fields of the GraphQL {@code ObserverEvent} type and the Arrow column each becomes
 * ({@link dev.quiver.flight.events.EventField}), a selected field under its result key
 * ({@link dev.quiver.flight.events.EventColumn}), an event converted once into Arrow-ready bytes
 * ({@link dev.quiver.flight.events.EventRow}), and the loader that fills a batch from those rows
 * ({@link dev.quiver.flight.events.EventBatchWriter}). It knows nothing of where events come from (NATS,
 * ClickHouse) or how they are filtered and delivered.
 */
package dev.quiver.flight.events;
