/**
 * The resilience suite's subscriptions group: GraphQL subscriptions served as endless Flight streams by a
 * flight-server child JVM ({@link dev.quiver.resilience.suite.subscriptions.SubscriptionServer}: fixed heap, embedded
 * demo database, its own JetStream stream and subject prefix, deleted afterwards), fed with observer events
 * published straight to that stream ({@link dev.quiver.resilience.suite.subscriptions.LiveEventPublisher}: the event
 * contract's JSON, {@code Nats-Msg-Id}, every ack awaited).
 *
 * <p>Every scenario checks exact per-subscriber delivery: each subscriber
 * ({@link dev.quiver.resilience.suite.subscriptions.LiveSubscriber}) knows the range of entity ids published after
 * it was established and counts what it received against it: each once, in order, nothing of another entity type.
 * Established = the stream's schema arrived (the server registers the subscriber before it sends the schema), so no
 * sleeps. The report gets {@code events("subscribers", expected, received, duplicated)} summed over subscribers,
 * publish → received latency (from the event's {@code occurredAt}, stamped when published), server heap/RSS and
 * live subscribers over time.
 *
 * <p>Client side: Arrow's {@code FlightStream} reads blocking, so each subscriber has its own reader thread with a
 * 256 KiB stack; subscriptions are spread over a few Flight clients (one gRPC channel / HTTP/2 connection per 1,000
 * subscribers). 10,000 such threads run in the failsafe JVM on 2 cores.
 *
 * <p>Scenarios: {@code ConcurrentSubscriptionsIT} (10,000; smoke 1,000), {@code SubscriptionWavesIT} (5 waves of
 * 10,000; 3 of 500 at smoke scale, not in the smoke subset), {@code LargePayloadIT} (~1 MiB events, 50 x 100; 10 x 50,
 * not in the smoke subset), {@code SlowSubscriberIT} (a stalled subscriber under a 10,000-event burst; smoke 8,000)
 * and {@code ReconnectStormIT} (500 cancelled and re-subscribed at once).
 */
package dev.quiver.resilience.suite.subscriptions;
