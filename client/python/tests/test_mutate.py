"""``Client.mutate`` against the in-process fake server: one DoExchange per mutation, its row back, errors mapped."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.flight as flight
import pytest

import quiver
from fake_server import CHANGED_ROW, MUTATION_SCHEMA, MUTATIONS_USE_DO_EXCHANGE

SHIP = 'mutation Ship($id: ID!) { updateOrderStatus(id: $id, status: "shipped") { id status } }'


def test_sends_the_request_json_as_the_do_exchange_command_once_and_nothing_else(fake_server):
    with quiver.connect(fake_server.url) as client:
        client.mutate(SHIP, {"id": "o7"}, operation_name="Ship")
    assert [json.loads(command) for command in fake_server.exchanges] == [
        {"query": SHIP, "variables": {"id": "o7"}, "operationName": "Ship"}]
    assert fake_server.commands == [], "no GetFlightInfo"
    assert fake_server.tickets == [], "no DoGet"


def test_returns_the_changed_row_as_a_table(fake_server):
    with quiver.connect(fake_server.url) as client:
        changed = client.mutate('mutation { updateOrderStatus(id: "o7", status: "shipped") { id status } }')
    assert isinstance(changed, pa.Table)
    assert changed.schema == MUTATION_SCHEMA
    assert changed.to_pylist() == [CHANGED_ROW]


def test_a_refused_mutation_is_an_invalid_query_with_the_servers_message(fake_server):
    fake_server.exchange_error = pa.ArrowInvalid("no Order has id '424242'")
    with quiver.connect(fake_server.url) as client:
        with pytest.raises(quiver.InvalidQuery) as raised:
            client.mutate('mutation { deleteOrder(id: "424242") { id } }')
    assert str(raised.value) == "no Order has id '424242'"
    assert raised.value.server == fake_server.url


@pytest.mark.parametrize("error, expected", [
    (flight.FlightUnavailableError("PostgreSQL is down"), quiver.Unavailable),
    (flight.FlightInternalError("internal error; see the server log"), quiver.ServerError),
    (flight.FlightUnauthorizedError("not for you"), quiver.Unauthorized),
])
def test_server_errors_map_to_their_class(fake_server, error, expected):
    fake_server.exchange_error = error
    with quiver.connect(fake_server.url) as client:
        with pytest.raises(expected) as raised:
            client.mutate('mutation { deleteOrder(id: "1") { id } }')
    assert str(raised.value) == str(error)


def test_the_server_refuses_a_query_sent_as_a_mutation_and_a_mutation_sent_as_a_query(fake_server):
    with quiver.connect(fake_server.url) as client:
        with pytest.raises(quiver.InvalidQuery, match="read it with GetFlightInfo and DoGet"):
            client.mutate("{ users { id } }")
        with pytest.raises(quiver.InvalidQuery) as raised:
            client.query('mutation { deleteOrder(id: "1") { id } }')
    assert str(raised.value) == MUTATIONS_USE_DO_EXCHANGE
    assert fake_server.tickets == []


def test_an_empty_mutation_is_refused_before_any_call(fake_server):
    with quiver.connect(fake_server.url) as client:
        with pytest.raises(ValueError, match="the query is empty"):
            client.mutate("  ")
    assert fake_server.exchanges == []


def test_mutate_on_a_closed_client_raises(fake_server):
    client = quiver.connect(fake_server.url)
    client.close()
    with pytest.raises(quiver.QuiverError, match="closed"):
        client.mutate(SHIP, {"id": "o7"})
    assert fake_server.exchanges == []


def test_basic_auth_covers_the_exchange(auth_server):
    with quiver.connect(auth_server.url, username="ada", password="s3cret") as client:
        assert client.mutate(SHIP, {"id": "o7"}).to_pylist() == [CHANGED_ROW]
    with quiver.connect(auth_server.url) as client:
        with pytest.raises(quiver.Unauthenticated, match="no credentials"):
            client.mutate(SHIP, {"id": "o7"})
