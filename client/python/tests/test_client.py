"""The client against the in-process fake server: requests, results, auth and errors."""

from __future__ import annotations

import json
import re

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.flight as flight
import pytest

import quiver
from fake_server import ROWS, SCHEMA, SDL, STATIC_TOKEN, TLS_CERT


def test_sends_the_request_json_as_the_flight_command(fake_server):
    with quiver.connect(fake_server.url) as client:
        client.query('{ users { id name } }')
    assert fake_server.commands == [b'{"query":"{ users { id name } }","variables":null,"operationName":null}']


def test_variables_and_operation_name(fake_server):
    with quiver.connect(fake_server.url) as client:
        client.query("query Q($n: Int, $name: String) { users(limit: $n, where: {name: {eq: $name}}) { id } }",
                     {"n": 2, "name": "Zoë \"Z\""}, operation_name="Q")
    sent = fake_server.commands[0]
    assert json.loads(sent) == {
        "query": "query Q($n: Int, $name: String) { users(limit: $n, where: {name: {eq: $name}}) { id } }",
        "variables": {"n": 2, "name": "Zoë \"Z\""},
        "operationName": "Q",
    }
    assert "Zoë".encode() in sent, "UTF-8, not \\u escapes"


def test_query_returns_the_whole_table(fake_server):
    with quiver.connect(fake_server.url) as client:
        table = client.query("{ users { id } }")
    assert table.schema == SCHEMA
    assert table.num_rows == 3
    assert table.to_pylist() == ROWS
    assert fake_server.tickets == [b"all"]


def test_schema_and_row_estimate_before_any_row(fake_server):
    with quiver.connect(fake_server.url) as client:
        info = client.flight_info("{ users { id } }")
    assert info.schema == SCHEMA
    assert info.total_records == 3
    assert fake_server.tickets == []


def test_query_batches_streams_each_batch(fake_server):
    with quiver.connect(fake_server.url) as client:
        batches = list(client.query_batches("{ users { id } }"))
    assert [b.num_rows for b in batches] == [2, 1]
    assert all(isinstance(b, pa.RecordBatch) for b in batches)
    assert pa.Table.from_batches(batches).to_pylist() == ROWS


def test_to_pandas_and_polars_in_one_call(fake_server):
    with quiver.connect(fake_server.url) as client:
        df = client.query("{ users { id name age } }").to_pandas()
        frame = pl.from_arrow(client.query("{ users { id name age } }"))
    assert isinstance(df, pd.DataFrame)
    assert list(df["id"]) == ["u1", "u2", "u3"]
    assert pd.isna(df["age"][1])
    assert isinstance(frame, pl.DataFrame)
    assert frame["name"].to_list() == ["Ada Lovelace", "Lin, \"Bob\"", "Zoë"]
    assert frame.schema["orders"] == pl.List(pl.Struct({"id": pl.String, "total": pl.Float64}))


def test_endpoints_on_another_location_are_read_in_order(fake_server):
    fake_server.second_location = fake_server.alternate_url
    with quiver.connect(fake_server.url) as client:
        assert client.query("{ users { id } }").to_pylist() == ROWS
        assert [b.num_rows for b in client.query_batches("{ users { id } }")] == [2, 1]
    assert fake_server.tickets == [b"batch-0", b"batch-1"] * 2


def test_an_empty_result_keeps_its_schema(fake_server):
    fake_server.no_endpoints = True
    with quiver.connect(fake_server.url) as client:
        table = client.query("{ users { id } }")
        assert list(client.query_batches("{ users { id } }")) == []
    assert table.num_rows == 0
    assert table.schema == SCHEMA


def test_health_and_sdl(fake_server):
    with quiver.connect(fake_server.url) as client:
        assert client.health() == {"status": "ok", "source": "fake"}
        assert client.sdl() == SDL


def test_close_ends_the_client(fake_server):
    client = quiver.connect(fake_server.url)
    client.close()
    client.close()
    with pytest.raises(quiver.QuiverError, match="closed"):
        client.health()


def test_basic_auth_gets_a_bearer_token_used_on_every_call(auth_server):
    with quiver.connect(auth_server.url, username="ada", password="s3cret") as client:
        assert client.query("{ users { id } }").num_rows == 3
        assert client.health()["status"] == "ok"
    assert auth_server.peers == ["ada"]


def test_endpoints_elsewhere_are_authenticated_too(auth_server):
    auth_server.second_location = auth_server.alternate_url
    with quiver.connect(auth_server.url, username="ada", password="s3cret") as client:
        assert client.query("{ users { id } }").num_rows == 3


def test_wrong_password_is_unauthenticated(auth_server):
    with pytest.raises(quiver.Unauthenticated, match="^wrong user name or password$") as raised:
        quiver.connect(auth_server.url, username="ada", password="nope")
    assert raised.value.code == "UNAUTHENTICATED"
    assert raised.value.server == auth_server.url


def test_no_credentials_is_unauthenticated(auth_server):
    with quiver.connect(auth_server.url) as client:
        with pytest.raises(quiver.Unauthenticated, match="no credentials"):
            client.query("{ users { id } }")


def test_a_given_token_is_sent_as_bearer(auth_server):
    with quiver.connect(auth_server.url, token=STATIC_TOKEN) as client:
        assert client.query("{ users { id } }").num_rows == 3
    assert auth_server.peers == ["token-holder"]
    with quiver.connect(auth_server.url, token="forged") as client:
        with pytest.raises(quiver.Unauthenticated, match="unknown or expired token"):
            client.sdl()


def test_tls_with_the_servers_certificate_trusted(tls_server):
    with quiver.connect(tls_server.url, tls_root_certs=TLS_CERT) as client:
        assert client.query("{ users { id } }").num_rows == 3
    with quiver.connect(tls_server.url, tls_root_certs=TLS_CERT.read_bytes()) as client:
        assert client.health()["status"] == "ok"


def test_tls_with_an_untrusted_certificate_fails_the_handshake(tls_server):
    with quiver.connect(tls_server.url, timeout=10) as client:
        with pytest.raises(quiver.Unavailable, match="^TLS handshake with " + re.escape(tls_server.url) + " failed"):
            client.health()


def test_invalid_query_carries_the_servers_message(fake_server):
    fake_server.flight_info_error = pa.ArrowInvalid("Field 'nme' in type 'User' is undefined")
    with quiver.connect(fake_server.url) as client:
        with pytest.raises(quiver.InvalidQuery) as raised:
            client.query("{ users { nme } }")
    assert str(raised.value) == "Field 'nme' in type 'User' is undefined"
    assert raised.value.code == "INVALID_QUERY"
    assert not raised.value.retryable


@pytest.mark.parametrize("error, expected", [
    (flight.FlightUnavailableError("PostgreSQL is down"), quiver.Unavailable),
    (flight.FlightInternalError("internal error; see the server log"), quiver.ServerError),
    (flight.FlightUnauthorizedError("not for you"), quiver.Unauthorized),
])
def test_server_errors_map_to_their_class(fake_server, error, expected):
    fake_server.flight_info_error = error
    with quiver.connect(fake_server.url) as client:
        with pytest.raises(expected) as raised:
            client.query("{ users { id } }")
    assert str(raised.value) == str(error)


def test_an_error_mid_stream_is_raised_while_reading(fake_server):
    fake_server.stream_error = flight.FlightUnavailableError("the source went away")
    with quiver.connect(fake_server.url) as client:
        batches = client.query_batches("{ users { id } }")
        assert next(batches).num_rows == 2
        with pytest.raises(quiver.Unavailable, match="^the source went away$"):
            next(batches)
        with pytest.raises(quiver.Unavailable):
            client.query("{ users { id } }")


def test_errors_are_quiver_errors(fake_server):
    fake_server.flight_info_error = pa.ArrowInvalid("bad")
    with quiver.connect(fake_server.url) as client:
        with pytest.raises(quiver.QuiverError):
            client.query("{ users { id } }")


def test_an_unreachable_server_is_unavailable_and_says_where():
    with socket_port() as port:
        pass
    url = f"grpc://127.0.0.1:{port}"
    with quiver.connect(url, timeout=10) as client:
        with pytest.raises(quiver.Unavailable, match=f"^server not reachable at {url} ") as raised:
            client.health()
    assert raised.value.retryable


class socket_port:
    """A port nobody listens on (bound, then released)."""

    def __enter__(self):
        import socket
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        return self._socket.getsockname()[1]

    def __exit__(self, *exc):
        self._socket.close()
