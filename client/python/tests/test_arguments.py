"""Arguments checked before anything goes on the wire, the request JSON, and the error text clean-up."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid

import pyarrow as pa
import pyarrow.flight as flight
import pytest

import quiver
from quiver._request import request_json
from quiver.errors import from_flight_error


def test_request_json_is_compact_utf8_with_all_three_keys():
    assert request_json("{ users { id } }") == b'{"query":"{ users { id } }","variables":null,"operationName":null}'
    assert request_json("{ a }", {}) == b'{"query":"{ a }","variables":null,"operationName":null}'
    assert request_json("q", {"s": "é\n\"", "n": None, "l": [1, 2.5, True]}, "Op") == (
        '{"query":"q","variables":{"s":"é\\n\\"","n":null,"l":[1,2.5,true]},"operationName":"Op"}'.encode())


def test_request_json_converts_common_python_values():
    sent = json.loads(request_json("q", {
        "day": datetime.date(2024, 5, 1),
        "at": datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.timezone.utc),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "price": decimal.Decimal("12.50"),
        "count": decimal.Decimal("3"),
        "tags": ("a", "b"),
    }))
    assert sent["variables"] == {"day": "2024-05-01", "at": "2024-05-01T12:30:00+00:00",
                                 "id": "12345678-1234-5678-1234-567812345678", "price": 12.5, "count": 3,
                                 "tags": ["a", "b"]}


def test_a_decimal_is_a_json_number_with_exactly_its_digits():
    numeric_38_9 = decimal.Decimal("12345678901234567890123456789.123456789")  # a float keeps 17 of these digits
    text = request_json("q", {"amount": numeric_38_9, "prices": [decimal.Decimal("12.50"), decimal.Decimal("-1E-9")],
                              "count": decimal.Decimal("3"), "note": '"quiver-decimal-0"'})
    assert text == ('{"query":"q","variables":{"amount":12345678901234567890123456789.123456789,'
                    '"prices":[12.50,-1E-9],"count":3,"note":"\\"quiver-decimal-0\\""},"operationName":null}').encode()
    sent = json.loads(text, parse_float=decimal.Decimal)["variables"]
    assert sent["amount"] == numeric_38_9
    assert [str(price) for price in sent["prices"]] == ["12.50", "-1E-9"]
    assert sent["count"] == 3 and isinstance(sent["count"], int)


@pytest.mark.parametrize("special", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_a_decimal_that_is_not_a_number_cannot_be_sent(special):
    with pytest.raises(ValueError, match="cannot be sent as JSON"):
        request_json("q", {"x": decimal.Decimal(special)})


@pytest.mark.parametrize("graphql", ["", "   ", None])
def test_an_empty_query_is_refused(graphql):
    with pytest.raises(ValueError, match="the query is empty"):
        request_json(graphql)


def test_variables_must_be_a_mapping():
    with pytest.raises(TypeError, match="mapping"):
        request_json("q", [1, 2])


def test_nan_cannot_be_sent():
    with pytest.raises(ValueError, match="cannot be sent as JSON"):
        request_json("q", {"x": float("nan")})


def test_unknown_objects_cannot_be_sent():
    with pytest.raises(TypeError, match="object"):
        request_json("q", {"x": object()})


@pytest.mark.parametrize("url, message", [
    ("http://localhost:8080/graphql", "is HTTP"),
    ("localhost:50051", "must look like grpc://host:port"),
    ("grpc://localhost", "needs a port"),
    ("ftp://h:1", "must look like"),
])
def test_bad_urls_are_refused(url, message):
    with pytest.raises(ValueError, match=message):
        quiver.connect(url)


def test_credentials_are_checked():
    with pytest.raises(ValueError, match="both username and password"):
        quiver.connect(username="ada")
    with pytest.raises(ValueError, match="not both"):
        quiver.connect(username="ada", password="pw", token="t")
    with pytest.raises(ValueError, match="timeout"):
        quiver.connect(timeout=0)
    with pytest.raises(ValueError, match="grpc\\+tls"):
        quiver.connect(tls_root_certs=b"pem")


# The texts below are what pyarrow raised against a Java Flight server (arrow-java 19 flight-core) answering
# with each status; the Java server's gRPC status reaches Python without Arrow's own status details.
@pytest.mark.parametrize("error, cls, message", [
    (pa.ArrowInvalid("Flight returned invalid argument error, with message: Field 'nme' in type 'User' is undefined"),
     quiver.InvalidQuery, "Field 'nme' in type 'User' is undefined"),
    (pa.ArrowInvalid("gRPC returned resource exhausted error, with message: too many rows: limit 2"),
     quiver.ResourceExhausted, "too many rows: limit 2"),
    (pa.ArrowInvalid("gRPC returned resource exhausted error, with message: stream limit hit. gRPC client debug "
                     "context: RESOURCE_EXHAUSTED:stream limit hit. Client context: OK"),
     quiver.ResourceExhausted, "stream limit hit"),
    (flight.FlightUnauthenticatedError("Flight returned unauthenticated error, with message: wrong user name or "
                                       "password"),
     quiver.Unauthenticated, "wrong user name or password"),
    (flight.FlightUnavailableError("Flight returned unavailable error, with message: PostgreSQL is down"),
     quiver.Unavailable, "PostgreSQL is down"),
    (flight.FlightInternalError("Flight returned internal error, with message: internal error; see the server log"),
     quiver.ServerError, "internal error; see the server log"),
    (flight.FlightTimedOutError("Flight returned timeout error, with message: Deadline Exceeded"),
     quiver.TimedOut, "Deadline Exceeded"),
    (pa.ArrowNotImplementedError("Flight returned unimplemented error, with message: unknown action nope"),
     quiver.QuiverError, "unknown action nope"),
])
def test_java_server_error_texts_map_to_the_servers_message(error, cls, message):
    mapped = from_flight_error(error, "grpc://h:1")
    assert type(mapped) is cls
    assert str(mapped) == message
    assert mapped.server == "grpc://h:1"


def test_an_unreachable_server_names_the_url():
    error = flight.FlightUnavailableError(
        "Flight returned unavailable error, with message: failed to connect to all addresses; last error: "
        "UNKNOWN: ipv4:127.0.0.1:1: Failed to connect to remote host: Connection refused")
    mapped = from_flight_error(error, "grpc://127.0.0.1:1")
    assert isinstance(mapped, quiver.Unavailable)
    assert str(mapped).startswith("server not reachable at grpc://127.0.0.1:1 (failed to connect")
    assert mapped.code == "UNAVAILABLE"
    assert mapped.retryable
