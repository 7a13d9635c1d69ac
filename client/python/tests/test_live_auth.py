"""The client against a LIVE Quiver server with authentication and TLS on (``live`` marker, part of every run like
``test_live_server.py``; the fixture in conftest.py starts the server jar with users and TLS): basic credentials
exchanged for a bearer token over ``grpc+tls://``."""

from __future__ import annotations

import pytest

import quiver
from conftest import LIVE_PASSWORD, LIVE_USER
from fake_server import TLS_CERT

pytestmark = pytest.mark.live


def test_login_over_tls_then_query(live_secure_server_url):
    with quiver.connect(live_secure_server_url, username=LIVE_USER, password=LIVE_PASSWORD,
                        tls_root_certs=str(TLS_CERT), timeout=60) as client:
        assert client.query("{ users(limit: 3) { id name } }").num_rows == 3
        assert client.health()["status"] == "ok"


def test_a_wrong_password_is_unauthenticated(live_secure_server_url):
    with pytest.raises(quiver.Unauthenticated) as raised:
        quiver.connect(live_secure_server_url, username=LIVE_USER, password="wrong", tls_root_certs=str(TLS_CERT))
    assert "wrong user name or password" in str(raised.value)


def test_no_credentials_is_unauthenticated_saying_what_to_send(live_secure_server_url):
    with quiver.connect(live_secure_server_url, tls_root_certs=str(TLS_CERT), timeout=60) as client:
        with pytest.raises(quiver.Unauthenticated) as raised:
            client.query("{ users(limit: 1) { id } }")
    assert "requires authentication" in str(raised.value)


def test_an_untrusted_certificate_is_unavailable(live_secure_server_url):
    with pytest.raises(quiver.Unavailable):
        with quiver.connect(live_secure_server_url, timeout=10) as client:
            client.health()
