package dev.quiver.flight.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.query.KeyRange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryTicketTest {
    @Test
    void anIssuedTicketCarriesAQueryIdAndTheRequest() {
        GraphQLRequest request = new GraphQLRequest("query($n: Int) { users(limit: $n) { id } }", Map.of("n", 3), null);
        QueryTicket ticket = QueryTicket.issue(request);
        QueryTicket read = QueryTicket.decode(ticket.toJson());
        assertThat(read.queryId()).isEqualTo(ticket.queryId()).hasSize(36);
        assertThat(read.request()).isEqualTo(request);
    }

    @Test
    void aRawGraphQLRequestIsATicketWithoutId() {
        QueryTicket read = QueryTicket.decode(bytes("{\"query\": \"{ users { id } }\"}"));
        assertThat(read.queryId()).isNull();
        assertThat(read.request().query()).isEqualTo("{ users { id } }");
    }

    @Test
    void aDecimalVariableKeepsEveryDigitAndItsScale() {
        String digits = "12345678901234567890123456789.123456789";
        QueryTicket raw = QueryTicket.decode(bytes("{\"query\": \"q\", \"variables\": {\"amount\": " + digits
                + ", \"price\": 12.50, \"n\": 3, \"big\": 123456789012345678901234567890}}"));
        assertThat(raw.request().variables()).containsEntry("amount", new BigDecimal(digits))
                .containsEntry("price", new BigDecimal("12.50")).containsEntry("n", 3)
                .containsEntry("big", new BigInteger("123456789012345678901234567890"));

        QueryTicket issued = QueryTicket.issue(raw.request());
        assertThat(QueryTicket.decode(issued.toJson()).request().variables())
                .as("through a ticket with a query id, which is re-encoded").isEqualTo(raw.request().variables());
    }

    @Test
    void badTicketsAreInvalidRequests() {
        assertThatThrownBy(() -> QueryTicket.decode(new byte[] {0, 1, 2})).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> QueryTicket.decode(bytes("{\"queryId\": 7, \"query\": \"{ a }\"}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("\"queryId\" must be a string");
        assertThatThrownBy(() -> QueryTicket.decode(bytes("{\"queryId\": \"ok\", \"nope\": 1, \"query\": \"{ a }\"}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unknown request key \"nope\"");
    }

    @Test
    void cancelAcceptsTheTicketAnObjectOrTheBareId() {
        QueryTicket ticket = QueryTicket.issue(GraphQLRequest.of("{ users { id } }"));
        assertThat(CancelRequest.queryIdOf(ticket.toJson())).isEqualTo(ticket.queryId());
        assertThat(CancelRequest.queryIdOf(bytes("{\"queryId\": \"abc\"}"))).isEqualTo("abc");
        assertThat(CancelRequest.queryIdOf(bytes(" abc-1 \n"))).isEqualTo("abc-1");
    }

    @Test
    void cancelRefusesBodiesWithoutAnId() {
        assertThatThrownBy(() -> CancelRequest.queryIdOf(new byte[0])).hasMessageContaining("which query");
        assertThatThrownBy(() -> CancelRequest.queryIdOf(bytes("{\"query\": \"{ users { id } }\"}")))
                .hasMessageContaining("only GetFlightInfo's tickets can be cancelled");
        assertThatThrownBy(() -> CancelRequest.queryIdOf(bytes("{broken"))).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> CancelRequest.queryIdOf(bytes("two words"))).hasMessageContaining("is not a query id");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCommandMayAskForEndpointsAndATicketCarriesItsKeyRange() {
        QueryTicket command = QueryTicket.decode(bytes("{\"query\": \"{ a }\", \"endpoints\": 3}"));
        assertThat(command.endpoints()).isEqualTo(3);
        assertThat(command.keyRange()).isNull();
        QueryTicket part = QueryTicket.issue(command.request()).withKeyRange(new KeyRange(-5, 9_000_000_000L));
        QueryTicket read = QueryTicket.decode(part.toJson());
        assertThat(read.keyRange()).isEqualTo(new KeyRange(-5, 9_000_000_000L));
        assertThat(read.queryId()).isEqualTo(part.queryId());
        assertThat(read.endpoints()).isEqualTo(1);
        assertThat(QueryTicket.decode(bytes("{\"query\": \"{ a }\"}")).endpoints()).isEqualTo(1);
    }

    @Test
    void anEndpointCountIsAPositiveWholeNumber() {
        for (String count : new String[] {"0", "-1", "2.0", "\"2\"", "null", "[2]", "3000000000"}) {
            assertThatThrownBy(() -> QueryTicket.decode(bytes("{\"query\": \"{ a }\", \"endpoints\": " + count + "}")))
                    .as(count).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("\"endpoints\" must be a whole number of 1 or more");
        }
    }

    @Test
    void aKeyRangeIsTwoWholeNumbersInOrder() {
        for (String range : new String[] {"[2, 1]", "[1]", "[1, 2, 3]", "{}", "[1.5, 2]", "[\"1\", 2]",
                "[1, 9223372036854775808]", "null"}) {
            assertThatThrownBy(() -> QueryTicket.decode(bytes("{\"query\": \"{ a }\", \"keyRange\": " + range + "}")))
                    .as(range).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("\"keyRange\" must be [lower, upper]");
        }
    }
}
