package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /graphql}: the answer's shape, and one test per kind of bad input with its status and error code. */
@Timeout(60)
class GraphQLHttpTest {
    private static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        http = SharedDemoServer.get().http;
    }

    @Test
    void postAnswersDataUnderTheRootAliasStreamedInChunks() {
        HttpTestClient.Response response = http.postGraphQL(
                "{\"query\": \"{ o: orders(limit: 3, orderBy: [{id: ASC}]) { id total createdAt itemCount } }\"}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        JsonNode rows = response.json().path("data").path("o");
        assertThat(rows.size()).isEqualTo(3);
        assertThat(rows.get(0).get("id").textValue()).isEqualTo("1");
        assertThat(rows.get(0).get("total").isBigDecimal()).as("a decimal is a JSON number").isTrue();
        assertThat(rows.get(0).get("itemCount").isIntegralNumber()).isTrue();
        assertThat(rows.get(0).get("createdAt").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(response.json().has("errors")).isFalse();
    }

    @Test
    void getTakesQueryVariablesAndOperationNameFromTheQueryString() {
        String query = "query Some($n: Int) { users(limit: $n) { id name } }";
        HttpTestClient.Response response = http.get("/graphql?query=" + encode(query) + "&variables=" + encode("{\"n\": 4}")
                + "&operationName=Some");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("data").path("users").size()).isEqualTo(4);
    }

    @Test
    void graphqlResponseJsonIsAnsweredWhenAccepted() {
        HttpTestClient.Response response = http.send("POST", "/graphql", "application/json; charset=UTF-8",
                "{\"query\": \"{ users(limit: 1) { id } }\"}", "application/graphql-response+json, application/json;q=0.9");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/graphql-response+json; charset=utf-8");
    }

    @Test
    void anEmptyResultIsAnEmptyList() {
        HttpTestClient.Response response = http.postGraphQL("{\"query\": \"{ orders(where: {id: {eq: \\\"-1\\\"}}) { id } }\"}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"data\":{\"orders\":[]}}");
    }

    @Test
    void malformedJsonIs400() {
        assertError(http.postGraphQL("{\"query\": \"{ users { id } }\""), 400, "INVALID_ARGUMENT", "not JSON");
    }

    @Test
    void aBodyThatIsNotARequestObjectIs400() {
        assertError(http.postGraphQL("[1, 2]"), 400, "INVALID_ARGUMENT", "JSON object");
        assertError(http.postGraphQL("{\"query\": \"{ users { id } }\", \"extra\": 1}"), 400, "INVALID_ARGUMENT", "extra");
    }

    @Test
    void anEmptyBodyIs400() {
        assertError(http.postGraphQL(""), 400, "INVALID_ARGUMENT", "empty");
    }

    @Test
    void aSyntaxErrorIs400() {
        assertError(http.postGraphQL("{\"query\": \"{ orders { id \"}"), 400, "INVALID_ARGUMENT", "syntax");
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        assertError(http.postGraphQL("{\"query\": \"{ orders { id nope } }\"}"), 400, "INVALID_ARGUMENT", "nope");
    }

    @Test
    void aWrongVariableTypeIs400() {
        HttpTestClient.Response response = http.postGraphQL(
                "{\"query\": \"query($n: Int) { orders(limit: $n) { id } }\", \"variables\": {\"n\": \"many\"}}");
        assertError(response, 400, "INVALID_ARGUMENT", "'n'");
        assertThat(response.errorMessage()).contains("Int");
    }

    @Test
    void variablesThatAreNotAnObjectAre400() {
        assertError(http.postGraphQL("{\"query\": \"{ users { id } }\", \"variables\": [1]}"), 400, "INVALID_ARGUMENT",
                "variables");
    }

    @Test
    void aHugeLimitIs413() {
        assertError(http.postGraphQL("{\"query\": \"{ orders(limit: 100000000) { id } }\"}"), 413, "RESOURCE_EXHAUSTED",
                "100000");
    }

    @Test
    void deepNestingIs413() {
        assertError(http.postGraphQL("{\"query\": \"{ a { b { c { d { e { f } } } } } }\"}"), 413, "RESOURCE_EXHAUSTED",
                "levels deep");
    }

    @Test
    void aQueryLongerThanTheLimitIs413() {
        String padding = " ".repeat(SharedDemoServer.LIMITS.maxQueryChars());
        assertError(http.postGraphQL("{\"query\": \"{ users { id } }" + padding + "\"}"), 413, "RESOURCE_EXHAUSTED",
                "characters");
    }

    @Test
    void aBodyLargerThanTheLimitIs413() {
        String big = "x".repeat(2 * 1024 * 1024);
        assertError(http.postGraphQL("{\"query\": \"{ users { id } }\", \"variables\": {\"big\": \"" + big + "\"}}"), 413,
                "RESOURCE_EXHAUSTED", "bytes");
    }

    @Test
    void deeplyNestedJsonVariablesAre400() {
        String nested = "[".repeat(5_000) + "]".repeat(5_000);
        assertError(http.postGraphQL("{\"query\": \"{ users { id } }\", \"variables\": {\"v\": " + nested + "}}"), 400,
                "INVALID_ARGUMENT", "not JSON");
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        HttpTestClient.Response response = http.send("PUT", "/graphql", "application/json", "{}", null);
        assertError(response, 405, "INVALID_ARGUMENT", "PUT");
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST");
        assertError(http.send("DELETE", "/graphql", null, null, null), 405, "INVALID_ARGUMENT", "DELETE");
    }

    @Test
    void aWrongContentTypeIs415() {
        assertError(http.send("POST", "/graphql", "text/plain", "{ users { id } }", null), 415, "INVALID_ARGUMENT",
                "application/json");
        assertError(http.send("POST", "/graphql", "application/x-www-form-urlencoded", "query=x", null), 415,
                "INVALID_ARGUMENT", "x-www-form-urlencoded");
        assertError(http.send("POST", "/graphql", "application/json; charset=latin1", "{}", null), 415,
                "INVALID_ARGUMENT", "latin1");
        assertError(http.send("POST", "/graphql", null, "{}", null), 415, "INVALID_ARGUMENT", "(none)");
    }

    @Test
    void anUnknownPathIs404() {
        assertError(http.get("/graphql/extra"), 404, "NOT_FOUND", "/graphql/extra");
        assertError(http.get("/graphqlx"), 404, "NOT_FOUND", "/graphqlx");
        assertError(http.get("/"), 404, "NOT_FOUND", "/graphql");
    }

    @Test
    void getWithoutAQueryIs400() {
        assertError(http.get("/graphql"), 400, "INVALID_ARGUMENT", "?query=");
        assertError(http.get("/graphql?query=x&cache=1"), 400, "INVALID_ARGUMENT", "cache");
        assertError(http.get("/graphql?query=" + encode("{ users { id } }") + "&variables=" + encode("{nope")), 400,
                "INVALID_ARGUMENT", "variables");
    }

    @Test
    void everyAnswerNamesTheQueryIdItRanUnder() {
        HttpTestClient.Response made = http.postGraphQL("{\"query\": \"{ users(limit: 1) { id } }\"}");
        assertThat(made.status()).isEqualTo(200);
        assertThat(made.headers().firstValue("Quiver-Query-Id")).hasValueSatisfying(id ->
                assertThat(id).matches("[0-9a-f-]{36}"));

        HttpTestClient.Response given = http.postGraphQL("{\"queryId\": \"mine-1\", \"query\": \"{ users(limit: 1) { id } }\"}");
        assertThat(given.status()).as(given.body()).isEqualTo(200);
        assertThat(given.headers().firstValue("Quiver-Query-Id")).hasValue("mine-1");

        HttpTestClient.Response viaGet = http.get("/graphql?query=" + encode("{ users(limit: 1) { id } }") + "&queryId=mine-2");
        assertThat(viaGet.status()).as(viaGet.body()).isEqualTo(200);
        assertThat(viaGet.headers().firstValue("Quiver-Query-Id")).hasValue("mine-2");
    }

    @Test
    void aQueryIdThatIsNoIdIs400() {
        assertError(http.postGraphQL("{\"queryId\": \"not an id!\", \"query\": \"{ users { id } }\"}"), 400,
                "INVALID_ARGUMENT", "queryId");
        assertError(http.postGraphQL("{\"queryId\": 7, \"query\": \"{ users { id } }\"}"), 400, "INVALID_ARGUMENT",
                "queryId");
    }

    @Test
    void aMutationSentWithGetIs405AndWritesNothing() {
        String mutation = "mutation { updateOrderStatus(id: \"3\", status: \"sent-by-get\") { id status } }";
        HttpTestClient.Response response = http.get("/graphql?query=" + encode(mutation));
        assertError(response, 405, "INVALID_ARGUMENT", "POST");
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        HttpTestClient.Response after = http.postGraphQL(
                "{\"query\": \"{ orders(where: {status: {eq: \\\"sent-by-get\\\"}}) { id } }\"}");
        assertThat(after.json().path("data").path("orders").size()).isZero();
    }

    @Test
    void aSubscriptionOnAServerWithoutNatsIs503() {
        HttpTestClient.Response response = http.send("POST", "/graphql", "application/json",
                "{\"query\": \"subscription { events { entityId } }\"}", "text/event-stream");
        assertError(response, 503, "UNAVAILABLE", "--subscriptions");
    }

    @Test
    void aSubscriptionForAClientThatDoesNotAcceptAnEventStreamIs406() {
        HttpTestClient.Response response = http.send("POST", "/graphql", "application/json",
                "{\"query\": \"subscription { events { entityId } }\"}", "application/json");
        assertError(response, 406, "INVALID_ARGUMENT", "Accept: text/event-stream");
    }

    @Test
    void anEventsQueryOnAServerWithoutClickHouseIs503() {
        assertError(http.postGraphQL("{\"query\": \"{ events(entityType: \\\"Order\\\", from: \\\"2026-03-01T00:00:00Z\\\","
                + " to: \\\"2026-03-02T00:00:00Z\\\") { eventId } }\"}"), 503, "UNAVAILABLE",
                "--history");
    }

    @Test
    void cancelOfAQueryThatIsNotRunningIs404InEveryBodyForm() {
        assertError(http.send("POST", "/graphql/cancel", "application/json", "{\"queryId\": \"no-such-query\"}", null),
                404, "NOT_FOUND", "no running query with id 'no-such-query'");
        assertError(http.send("POST", "/graphql/cancel", "text/plain", "no-such-query", null), 404, "NOT_FOUND",
                "no-such-query");
        assertError(http.send("POST", "/graphql/cancel", "application/json",
                "{\"queryId\": \"no-such-query\", \"query\": \"{ users { id } }\"}", null), 404, "NOT_FOUND",
                "no-such-query");
    }

    @Test
    void aCancelThatNamesNoQueryIs400AndOtherMistakesAre405And415() {
        assertError(http.send("POST", "/graphql/cancel", "application/json", "", null), 400, "INVALID_ARGUMENT",
                "{\"queryId\": \"...\"}");
        assertError(http.send("POST", "/graphql/cancel", "application/json", "{\"query\": \"{ users { id } }\"}", null),
                400, "INVALID_ARGUMENT", "queryId");
        HttpTestClient.Response get = http.get("/graphql/cancel");
        assertError(get, 405, "INVALID_ARGUMENT", "POST");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertError(http.send("POST", "/graphql/cancel", "application/x-www-form-urlencoded", "queryId=x", null), 415,
                "INVALID_ARGUMENT", "text/plain");
        assertError(http.get("/graphql/cancel/more"), 404, "NOT_FOUND", "/graphql/cancel");
    }

    private static void assertError(HttpTestClient.Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(response.json().has("data")).isFalse();
        assertThat(response.json().path("errors").size()).isEqualTo(1);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.errorMessage()).contains(messagePart);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
