"""Tests against a LIVE Quiver server (the flight-server module), not a fake.

OFF BY DEFAULT FOR NOW: the flight-server module is still being built, so ``pyproject.toml`` deselects the
``live`` marker (``addopts = "-m 'not live'"``). Run them by hand with ``pytest client/python -m live``; once the
server lands, delete that ``addopts`` line so every run includes them.

The session fixture ``live_server_url`` (conftest.py) starts
``java -jar flight-server/target/quiver-flight-server.jar --port <free> --http-port <free>`` from the repository
root (``QUIVER_SERVER_JAR`` overrides the jar; ``QUIVER_URL`` uses an already running server instead) and waits
up to 60 s for ``DoAction("health")`` to answer ok. A missing jar FAILS these tests, it never skips them: build it
with ``mvn -pl flight-server -am package``.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

import quiver

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


def test_batches_add_up_to_the_table(client):
    table = client.query("{ users(limit: 5) { id name } }")
    batches = list(client.query_batches("{ users(limit: 5) { id name } }"))
    assert sum(b.num_rows for b in batches) == table.num_rows


def test_an_unknown_field_is_an_invalid_query_naming_it(client):
    with pytest.raises(quiver.InvalidQuery) as raised:
        client.query("{ users(limit: 1) { id nosuchfield } }")
    assert "nosuchfield" in str(raised.value)
