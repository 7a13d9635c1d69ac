package dev.quiver.flight.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
