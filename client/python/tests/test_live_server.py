"""Tests against a LIVE Quiver server (the flight-server module), not a fake: part of every run.

The session fixture ``live_server`` (conftest.py) starts
``java -jar flight-server/target/quiver-flight-server.jar --flight-port <free> --http-port <free> --demo-rows 5000
--batch-rows 1000`` from
the repository root (``QUIVER_SERVER_JAR`` overrides the jar; ``QUIVER_URL`` and ``QUIVER_HTTP_URL`` use an already
running server instead) and waits up to 90 s for its Flight and HTTP health checks. A missing jar FAILS these
tests, it never skips them: ``scripts/python-tests.sh`` builds it when missing or older than the sources.

Besides the Flight client itself, they check that the HTTP/JSON endpoint (``POST /graphql``) answers the same
rows as Flight, value for value, that errors agree, and that results go to pandas and polars.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple

import polars as pl
import pyarrow as pa
import pytest

import quiver
from conftest import LIVE_BATCH_ROWS, LIVE_DEMO_ROWS

pytestmark = pytest.mark.live


@pytest.fixture
def client(live_server_url):
    with quiver.connect(live_server_url, timeout=60) as c:
        yield c


def test_health_is_ok(client):
    assert client.health()["status"] == "ok"


def test_sdl_declares_users(client):
    assert "users" in client.sdl()


def test_five_users_with_string_id_and_name(client):
    table = client.query("{ users(limit: 5) { id name } }")
    assert table.num_rows == 5
    assert table.column_names == ["id", "name"]
    assert table.schema.field("id").type == pa.string()
    assert table.schema.field("name").type == pa.string()


def test_where_and_order_by(client):
    everyone = client.query("{ users(orderBy: [{name: DESC}], limit: 50) { id name } }")
    names = everyone.column("name").to_pylist()
    assert names, "the demo data has users"
    assert names == sorted(names, reverse=True)

    # variables, a where filter and an ascending order, checked on data the first query found
    prefix = names[0][0]
    query = ("query ByPrefix($pattern: String) "
             "{ users(where: {name: {like: $pattern}}, orderBy: [{name: ASC}], limit: 50) { id name } }")
    matches = client.query(query, {"pattern": prefix + "%"}).column("name").to_pylist()
    assert matches, f"at least the user named {names[0]!r} matches"
    assert all(name.startswith(prefix) for name in matches)
    assert matches == sorted(matches)


@pytest.mark.parametrize("query", [
    "{ orders(orderBy: {id: ASC}) { id status total } }",
    "{ orders(where: {status: {eq: \"paid\"}}, orderBy: {id: ASC}, limit: 700) { id status user { name } } }",
])
def test_several_endpoints_read_at_once_give_the_one_endpoint_table(client, query):
    assert len(client.flight_info(query, endpoints=3).endpoints) == 3
    split = client.query(query, endpoints=3)
    assert split.num_rows > 0
    assert split.equals(client.query(query))
    assert pa.Table.from_batches(list(client.query_batches(query, endpoints=3))).equals(split)


def test_a_query_that_cannot_be_split_gets_one_endpoint(client):
    assert len(client.flight_info("{ orders(offset: 5, limit: 10) { id } }", endpoints=3).endpoints) == 1


def test_batches_add_up_to_the_table(client):
    query = "{ orders(orderBy: [{id: ASC}]) { id total } }"
    table = client.query(query)
    batches = list(client.query_batches(query))
    assert table.num_rows == int(LIVE_DEMO_ROWS)
    assert len(batches) > 1, (f"every order in one batch: the server must stream {LIVE_BATCH_ROWS}-row batches "
                              f"(--batch-rows {LIVE_BATCH_ROWS}) for this test to mean anything")
    assert all(0 < b.num_rows <= int(LIVE_BATCH_ROWS) for b in batches), [b.num_rows for b in batches]
    assert pa.Table.from_batches(batches).equals(table), "the batches, in order, are the table row for row"


def test_a_decimal_variable_reaches_the_server_with_every_digit(client):
    product = client.query("{ products(orderBy: [{id: ASC}], limit: 1) { id price } }").to_pylist()[0]
    just_below = product["price"] - Decimal("1E-20")
    assert float(just_below) == float(product["price"]), "as a float it would round back to the price"
    query = ("query Above($id: ID, $below: Decimal) "
             "{ products(where: {id: {eq: $id}, price: {gt: $below}}) { id price } }")
    found = client.query(query, {"id": product["id"], "below": just_below}).to_pylist()
    assert found == [product], f"price {product['price']} > {just_below} holds only for the exact value"


def test_an_unknown_field_is_an_invalid_query_naming_it(client):
    with pytest.raises(quiver.InvalidQuery) as raised:
        client.query("{ users(limit: 1) { id nosuchfield } }")
    assert "nosuchfield" in str(raised.value)


# --- mutations: one DoExchange each ------------------------------------------------------------------------------

CREATE = ('mutation($total: Decimal!) { createOrder(input: {userId: "2", status: "py-created", total: $total,'
          ' itemCount: 3, createdAt: "2026-01-05T08:00:00Z"}) { id status total itemCount } }')


def orders_with_status(client, status: str) -> List[Dict[str, Any]]:
    return client.query("query($s: String) { orders(where: {status: {eq: $s}}, orderBy: [{id: ASC}])"
                        " { id status total itemCount } }", {"s": status}).to_pylist()


def test_a_mutation_runs_once_and_its_row_comes_back(client):
    before = orders_with_status(client, "py-created")

    created = client.mutate(CREATE, {"total": Decimal("30.00")})
    assert created.num_rows == 1
    row = created.to_pylist()[0]
    assert row["status"] == "py-created" and row["total"] == Decimal("30.00") and row["itemCount"] == 3
    after = orders_with_status(client, "py-created")
    assert len(after) == len(before) + 1, "one mutate, one order"
    assert row in after, "the row that came back is the row that was written"

    deleted = client.mutate("mutation($id: ID!) { deleteOrder(id: $id) { id } }", {"id": row["id"]})
    assert deleted.to_pylist() == [{"id": row["id"]}]
    assert orders_with_status(client, "py-created") == before


def test_query_of_a_mutation_is_refused_naming_do_exchange_and_writes_nothing(client):
    mutation = 'mutation { updateOrderStatus(id: "5", status: "py-never") { id status } }'
    with pytest.raises(quiver.InvalidQuery) as raised:
        client.query(mutation)
    assert "send it with DoExchange" in str(raised.value)
    with pytest.raises(quiver.InvalidQuery, match="DoExchange"):
        list(client.query_batches(mutation))
    with pytest.raises(quiver.InvalidQuery, match="DoExchange runs mutations"):
        client.mutate("{ orders(limit: 1) { id } }")
    assert orders_with_status(client, "py-never") == [], "a refused request wrote nothing"


# --- the HTTP/JSON twin --------------------------------------------------------------------------------------


@pytest.fixture
def http_url(live_server):
    return live_server.require_http()


def post_graphql(http_url: str, query: str, variables: Optional[Dict[str, Any]] = None,
                 operation_name: Optional[str] = None) -> Tuple[int, Dict[str, Any]]:
    """POST /graphql; returns the status and the JSON body (decimals kept exact)."""
    body = json.dumps({"query": query, "variables": variables, "operationName": operation_name}).encode("utf-8")
    request = urllib.request.Request(http_url + "/graphql", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read(), parse_float=Decimal)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read(), parse_float=Decimal)


def from_json(arrow_type: pa.DataType, value: Any) -> Any:
    """One JSON value as the Python value pyarrow's ``to_pylist`` gives for ``arrow_type``, checking its JSON form."""
    if value is None:
        return None
    if pa.types.is_timestamp(arrow_type):
        assert isinstance(value, str) and value.endswith("Z"), f"{value!r} is an ISO-8601 instant in UTC"
        return datetime.fromisoformat(value[:-1] + "+00:00")
    if pa.types.is_date(arrow_type):
        assert isinstance(value, str) and len(value) == 10, f"{value!r} is YYYY-MM-DD"
        return date.fromisoformat(value)
    if pa.types.is_decimal(arrow_type):
        assert isinstance(value, (int, Decimal)) and not isinstance(value, bool), f"{value!r} is a JSON number"
        return Decimal(value)
    if pa.types.is_integer(arrow_type):
        assert isinstance(value, int) and not isinstance(value, bool), f"{value!r} is a JSON integer"
        return value
    if pa.types.is_floating(arrow_type):
        return float(value)
    if pa.types.is_boolean(arrow_type):
        assert isinstance(value, bool), f"{value!r} is a JSON boolean"
        return value
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        assert isinstance(value, str), f"{value!r} is a JSON string"
        return value
    if pa.types.is_struct(arrow_type):
        return {field.name: from_json(field.type, value[field.name]) for field in arrow_type}
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return [from_json(arrow_type.value_type, item) for item in value]
    raise AssertionError(f"no JSON comparison for Arrow type {arrow_type}")


def http_rows(http_url: str, schema: pa.Schema, result_key: str, query: str,
              variables: Optional[Dict[str, Any]] = None, operation_name: Optional[str] = None) -> List[Dict[str, Any]]:
    status, body = post_graphql(http_url, query, variables, operation_name)
    assert status == 200, body
    assert "errors" not in body, body
    assert list(body["data"]) == [result_key]
    rows = []
    for row in body["data"][result_key]:
        assert list(row) == schema.names, "keys in the order of the Arrow columns"
        rows.append({name: from_json(schema.field(name).type, row[name]) for name in schema.names})
    return rows


TWIN_QUERIES = [
    pytest.param("users", "{ users(orderBy: [{id: ASC}], limit: 300) { id name email country createdAt } }",
                 None, None, id="every-user-column-with-nulls"),
    pytest.param("orders", "{ orders(where: {status: {in: [\"paid\", \"shipped\"]}}, orderBy: [{total: DESC}, {id: ASC}])"
                 " { id userId status total itemCount createdAt } }", None, None, id="filter-order-many-batches"),
    pytest.param("lines", "{ lines: orderItems(offset: 10, limit: 40, orderBy: [{id: ASC}])"
                 " { key: id orderId qty: quantity unitPrice __typename } }", None, None, id="aliases-typename-paging"),
    pytest.param("products", "query Cheap($max: Decimal) { products(where: {price: {lt: $max}}) { id name price stock } }"
                 " query Other { users { id } }", {"max": "500"}, "Cheap", id="variables-operation-name"),
    pytest.param("orders", "{ orders(where: {id: {eq: \"-1\"}}) { id } }", None, None, id="empty"),
]


@pytest.mark.parametrize("result_key,query,variables,operation_name", TWIN_QUERIES)
def test_http_answers_the_same_rows_as_flight(client, http_url, result_key, query, variables, operation_name):
    table = client.query(query, variables, operation_name)
    assert http_rows(http_url, table.schema, result_key, query, variables, operation_name) == table.to_pylist()


def test_http_and_flight_reject_an_unknown_field_with_the_same_message(client, http_url):
    query = "{ users(limit: 1) { id nosuchfield } }"
    status, body = post_graphql(http_url, query)
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"
    with pytest.raises(quiver.InvalidQuery) as raised:
        client.query(query)
    assert body["errors"][0]["message"] in str(raised.value)
    assert "nosuchfield" in body["errors"][0]["message"]


def test_http_413_and_flight_resource_exhausted_for_a_huge_limit(client, http_url):
    query = "{ orders(limit: 1000000000) { id } }"
    status, body = post_graphql(http_url, query)
    assert status == 413
    assert body["errors"][0]["extensions"]["code"] == "RESOURCE_EXHAUSTED"
    with pytest.raises(quiver.ResourceExhausted):
        client.query(query)


def test_to_pandas_has_the_values_http_answers(client, http_url):
    query = "{ orders(orderBy: [{id: ASC}], limit: 100) { id status total itemCount createdAt } }"
    table = client.query(query)
    df = table.to_pandas()
    assert list(df.columns) == ["id", "status", "total", "itemCount", "createdAt"]
    assert len(df) == 100
    assert str(df["createdAt"].dt.tz) == "UTC"
    assert df["itemCount"].dtype == "int32"
    expected = http_rows(http_url, table.schema, "orders", query)
    assert [Decimal(v) for v in df["total"]] == [row["total"] for row in expected]
    assert [ts.to_pydatetime() for ts in df["createdAt"]] == [row["createdAt"] for row in expected]
    assert df["id"].tolist() == [row["id"] for row in expected]


def test_polars_has_the_values_http_answers(client, http_url):
    query = "{ products(orderBy: [{id: ASC}]) { id name price stock } }"
    table = client.query(query)
    frame = pl.from_arrow(table)
    assert frame.columns == ["id", "name", "price", "stock"]
    assert isinstance(frame.schema["price"], pl.Decimal)
    expected = http_rows(http_url, table.schema, "products", query)
    assert frame.height == len(expected)
    assert frame["price"].to_list() == [row["price"] for row in expected]
    assert frame["name"].to_list() == [row["name"] for row in expected]


def test_http_health_and_metrics(client, http_url):
    with urllib.request.urlopen(http_url + "/health", timeout=10) as response:
        health = json.loads(response.read())
    assert health["status"] == "ok"
    assert health["source"] == "embedded"
    assert health["rootFields"] == ["users", "products", "orders", "orderItems"]

    client.query("{ users(limit: 3) { id } }")
    with urllib.request.urlopen(http_url + "/metrics", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        metrics = response.read().decode("utf-8")
    flight_ok = [line for line in metrics.splitlines()
                 if line.startswith('quiver_requests_total{outcome="ok",transport="flight"}')]
    assert flight_ok and float(flight_ok[0].split()[-1]) >= 1
    assert "jvm_memory_used_bytes" in metrics
