"""A query asking for several endpoints: the command says so, the endpoints are read at once, in order."""

from __future__ import annotations

import json

import pytest

import quiver
from fake_server import PARTS_SCHEMA, part_ids


def test_the_command_asks_for_endpoints_only_when_more_than_one(fake_server):
    fake_server.parts = 2
    with quiver.connect(fake_server.url) as client:
        client.flight_info("{ users { id } }", endpoints=3)
        client.flight_info("{ users { id } }")
    assert json.loads(fake_server.commands[0])["endpoints"] == 3
    assert "endpoints" not in json.loads(fake_server.commands[1])


@pytest.mark.parametrize("count", [0, -1, 1.5, "2", True, None])
def test_an_endpoint_count_is_a_whole_number_of_one_or_more(fake_server, count):
    with quiver.connect(fake_server.url) as client:
        with pytest.raises(ValueError, match="endpoints must be a whole number of 1 or more"):
            client.query("{ users { id } }", endpoints=count)
    assert fake_server.commands == []


def test_query_reads_the_endpoints_at_once_and_joins_them_in_order(fake_server):
    fake_server.parts = 4
    with quiver.connect(fake_server.url) as client:
        table = client.query("{ users { id } }", endpoints=4)
    assert table.schema == PARTS_SCHEMA
    assert table.column("id").to_pylist() == part_ids(4)
    assert fake_server.overlapped, "the second endpoint was read while the first was open"


def test_query_batches_come_in_endpoint_order(fake_server):
    fake_server.parts = 3
    with quiver.connect(fake_server.url) as client:
        ids = [i for batch in client.query_batches("{ users { id } }", endpoints=2)
               for i in batch.column(0).to_pylist()]
    assert ids == part_ids(3)
    assert fake_server.overlapped


def test_an_endpoints_error_is_raised(fake_server):
    fake_server.parts = 3
    fake_server.failing_part = 2
    with quiver.connect(fake_server.url) as client:
        with pytest.raises(quiver.QuiverError, match="part 2 broke"):
            client.query("{ users { id } }", endpoints=3)
        with pytest.raises(quiver.QuiverError, match="part 2 broke"):
            list(client.query_batches("{ users { id } }", endpoints=3))
