package dev.quiver.flight.transport.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.query.KeyRange;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryTicket;
import java.net.URI;
import java.util.List;
import org.apache.arrow.flight.FlightEndpoint;
import org.junit.jupiter.api.Test;

class FlightEndpointsTest {
    private static final QueryTicket ISSUED = QueryTicket.issue(GraphQLRequest.of("{ orders { id } }"));
    private static final List<KeyRange> RANGES = List.of(new KeyRange(1, 10), new KeyRange(11, 20),
            new KeyRange(21, 30));

    @Test
    void aRequestGetsNoMoreEndpointsThanTheServerAllows() {
        FlightEndpoints endpoints = new FlightEndpoints(4, List.of());
        assertThat(endpoints.count(1)).isEqualTo(1);
        assertThat(endpoints.count(3)).isEqualTo(3);
        assertThat(endpoints.count(100)).isEqualTo(4);
        assertThat(FlightEndpoints.single().count(8)).isEqualTo(1);
    }

    @Test
    void eachRangeIsOneEndpointInOrderWithTheIssuedQueryIdAndItsRange() {
        List<FlightEndpoint> split = new FlightEndpoints(3, List.of()).split(ISSUED, RANGES);
        assertThat(split).hasSize(3).allSatisfy(endpoint -> assertThat(endpoint.getLocations()).isEmpty());
        assertThat(split).extracting(endpoint -> QueryTicket.decode(endpoint.getTicket().getBytes()))
                .allSatisfy(ticket -> {
                    assertThat(ticket.queryId()).isEqualTo(ISSUED.queryId());
                    assertThat(ticket.request()).isEqualTo(ISSUED.request());
                })
                .extracting(QueryTicket::keyRange).containsExactlyElementsOf(RANGES);
    }

    @Test
    void splitEndpointsGoToTheLocationsInTurnAndAWholeAnswerStaysHere() {
        FlightEndpoints endpoints = new FlightEndpoints(3, List.of(URI.create("grpc://a:1"), URI.create("grpc://b:2")));
        assertThat(endpoints.split(ISSUED, RANGES)).extracting(e -> e.getLocations().get(0).getUri().toString())
                .containsExactly("grpc://a:1", "grpc://b:2", "grpc://a:1");
        assertThat(endpoints.whole(ISSUED)).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getLocations()).isEmpty();
            assertThat(QueryTicket.decode(endpoint.getTicket().getBytes()).keyRange()).isNull();
        });
    }

    @Test
    void atLeastOneEndpointPerQuery() {
        assertThatThrownBy(() -> new FlightEndpoints(0, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
