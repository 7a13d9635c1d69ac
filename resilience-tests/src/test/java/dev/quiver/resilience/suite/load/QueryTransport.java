package dev.quiver.resilience.suite.load;

/**
 * One way of asking the server an {@link OrdersQuery} (Flight DoGet or HTTP/JSON POST /graphql). Calls block until
 * the answer is complete or the call's deadline passes; many threads call at once.
 */
interface QueryTransport extends AutoCloseable {
    /** {@code flight} or {@code http}: the prefix of this transport's series and figures. */
    String name();

    /** Asks {@code query} and checks the rows; never throws for what the server or network did. */
    Answer ask(OrdersQuery query);

    @Override
    void close() throws Exception;
}
