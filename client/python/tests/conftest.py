"""Fixtures: an in-process fake Flight server for the unit tests, and a real Quiver server for the ``live`` tests."""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pytest

from fake_server import TLS_CERT, TLS_KEY, FakeQuiverServer

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SERVER_JAR = REPO_ROOT / "flight-server" / "target" / "quiver-flight-server.jar"
STARTUP_TIMEOUT_S = 90.0
# orders in the embedded demo data of the server the live tests start, quick to make; with LIVE_BATCH_ROWS rows
# per Arrow batch, every order is several batches
LIVE_DEMO_ROWS = "5000"
LIVE_BATCH_ROWS = "1000"
# the user of the server with authentication and TLS the live auth tests start
LIVE_USER = "alice"
LIVE_PASSWORD = "s3cret"


@dataclass(frozen=True)
class LiveServer:
    """A running Quiver server: ``flight_url`` (grpc://) and ``http_url`` (http://host:port, no path)."""

    flight_url: str
    http_url: Optional[str]

    def require_http(self) -> str:
        if self.http_url is None:
            pytest.fail("QUIVER_URL names a running server but QUIVER_HTTP_URL does not say where its HTTP endpoint "
                        "is; set it, e.g. QUIVER_HTTP_URL=http://localhost:8080", pytrace=False)
        return self.http_url


@pytest.fixture
def fake_server() -> Iterator[FakeQuiverServer]:
    server = FakeQuiverServer()
    yield server
    server.shutdown()


@pytest.fixture
def auth_server() -> Iterator[FakeQuiverServer]:
    server = FakeQuiverServer(users={"ada": "s3cret"})
    yield server
    server.shutdown()


@pytest.fixture
def tls_server() -> Iterator[FakeQuiverServer]:
    server = FakeQuiverServer(tls=True)
    yield server
    server.shutdown()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_healthy(server: LiveServer, process: "subprocess.Popen[bytes] | None", log: Path,
                        **connect_kwargs) -> None:
    """Waits for DoAction('health') on Flight and, when known, GET /health on HTTP to answer ok."""
    import quiver

    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"the Quiver server exited with status {process.returncode} before answering; "
                        f"its output ({log}):\n{_tail(log)}", pytrace=False)
        try:
            with quiver.connect(server.flight_url, timeout=2, **connect_kwargs) as client:
                flight_ok = client.health().get("status") == "ok"
            if flight_ok and (server.http_url is None or _http_ok(server.http_url + "/health")):
                return
        except (quiver.QuiverError, OSError) as e:
            last_error = e
        time.sleep(0.5)
    pytest.fail(f"the Quiver server at {server.flight_url} (HTTP {server.http_url}) did not answer its health checks "
                f"within {STARTUP_TIMEOUT_S:.0f} s (last error: {last_error}); its output ({log}):\n{_tail(log)}",
                pytrace=False)


def _http_ok(url: str) -> bool:
    # with --tls-cert the HTTP port speaks HTTPS with the same certificate as Flight
    context = ssl.create_default_context(cafile=str(TLS_CERT)) if url.startswith("https://") else None
    try:
        with urllib.request.urlopen(url, timeout=2, context=context) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def _tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A running Quiver server: ``QUIVER_URL`` (and ``QUIVER_HTTP_URL``) if set, else one started from the jar.

    The jar is ``flight-server/target/quiver-flight-server.jar`` (``QUIVER_SERVER_JAR`` overrides); a missing jar
    fails the tests: build it with ``mvn -pl flight-server -am package`` (``scripts/python-tests.sh`` does).
    The started server serves the embedded demo shop with 5,000 orders on free Flight and HTTP ports, with the
    outbox relay off (``--no-relay``): the live mutations stay in its database and publish nothing to NATS, and
    ``--max-endpoints 3`` (a server at ``QUIVER_URL`` needs it too, for the several-endpoints test).
    """
    url = os.environ.get("QUIVER_URL")
    if url:
        server = LiveServer(url, os.environ.get("QUIVER_HTTP_URL"))
        _wait_until_healthy(server, None, Path("/dev/null"))
        yield server
        return

    with _server_process(tmp_path_factory, "quiver-server", "127.0.0.1", "grpc", "--no-relay",
                         "--max-endpoints", "3") as server:
        yield server


@contextlib.contextmanager
def _server_process(tmp_path_factory: pytest.TempPathFactory, name: str, host: str, scheme: str, *args: str,
                    health_kwargs: Optional[dict] = None) -> Iterator[LiveServer]:
    """Starts the server jar on free Flight and HTTP ports with ``args``, waits until healthy, yields it, stops it."""
    jar = Path(os.environ.get("QUIVER_SERVER_JAR", str(DEFAULT_SERVER_JAR)))
    if not jar.is_file():
        pytest.fail(f"the Quiver server jar {jar} is missing; build it from the repository root with "
                    f"`mvn -pl flight-server -am package` (or set QUIVER_URL to a running server)", pytrace=False)
    port, http_port = _free_port(), _free_port()
    log = tmp_path_factory.mktemp(name) / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            ["java", "-jar", str(jar), "--flight-port", str(port), "--http-port", str(http_port),
             "--demo-rows", LIVE_DEMO_ROWS, "--batch-rows", LIVE_BATCH_ROWS, *args],
            cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)
    http_url = f"https://{host}:{http_port}" if scheme == "grpc+tls" else f"http://127.0.0.1:{http_port}"
    server = LiveServer(f"{scheme}://{host}:{port}", http_url)
    try:
        _wait_until_healthy(server, process, log, **(health_kwargs or {}))
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def live_secure_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server started from the jar with users (``LIVE_USER``/``LIVE_PASSWORD``) and TLS (the tests' certificate
    for localhost, ``TLS_CERT``): its ``grpc+tls://localhost:<port>`` URL."""
    with _server_process(tmp_path_factory, "quiver-secure-server", "localhost", "grpc+tls",
                         "--host", "127.0.0.1", "--users", f"{LIVE_USER}:{LIVE_PASSWORD}:read-write",
                         "--tls-cert", str(TLS_CERT), "--tls-key", str(TLS_KEY),
                         health_kwargs={"username": LIVE_USER, "password": LIVE_PASSWORD,
                                        "tls_root_certs": str(TLS_CERT)}) as server:
        yield server.flight_url


@pytest.fixture(scope="session")
def live_server_url(live_server: LiveServer) -> str:
    """The running server's Flight URL (grpc://...)."""
    return live_server.flight_url
