"""Fixtures: an in-process fake Flight server for the unit tests, and a real Quiver server for the ``live`` tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator, Optional

import pytest

from fake_server import TLS_CERT, TLS_KEY, FakeQuiverServer

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SERVER_JAR = REPO_ROOT / "flight-server" / "target" / "quiver-flight-server.jar"
STARTUP_TIMEOUT_S = 60.0
LIVE_USER = "alice"
LIVE_PASSWORD = "s3cret"


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


def _wait_until_healthy(url: str, process: "subprocess.Popen[bytes] | None", log: Path, **connect_kwargs) -> None:
    import quiver

    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"the Quiver server exited with status {process.returncode} before answering; "
                        f"its output ({log}):\n{_tail(log)}", pytrace=False)
        try:
            with quiver.connect(url, timeout=2, **connect_kwargs) as client:
                if client.health().get("status") == "ok":
                    return
        except quiver.QuiverError as e:
            last_error = e
        time.sleep(0.5)
    pytest.fail(f"the Quiver server at {url} did not answer DoAction('health') with status ok within "
                f"{STARTUP_TIMEOUT_S:.0f} s (last error: {last_error}); its output ({log}):\n{_tail(log)}",
                pytrace=False)


def _tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def _server_jar() -> Path:
    jar = Path(os.environ.get("QUIVER_SERVER_JAR", str(DEFAULT_SERVER_JAR)))
    if not jar.is_file():
        pytest.fail(f"the Quiver server jar {jar} is missing; build it from the repository root with "
                    f"`mvn -pl flight-server -am package` (or set QUIVER_URL to a running server)", pytrace=False)
    return jar


def _http_port_flags(jar: Path) -> list:
    """``--http-port <free>`` when this server has an HTTP endpoint (its ``--help`` lists the flag), else nothing."""
    shown = subprocess.run(["java", "-jar", str(jar), "--help"], cwd=REPO_ROOT, capture_output=True, timeout=60)
    return ["--http-port", str(_free_port())] if b"--http-port" in shown.stdout else []


@contextlib.contextmanager
def _server_process(tmp_path_factory: pytest.TempPathFactory, name: str, host: str, scheme: str,
                    *args: str, health_kwargs: Optional[dict] = None) -> Iterator[str]:
    """Starts the server jar on a free port with ``args``, waits until it is healthy, yields its URL, stops it."""
    jar = _server_jar()
    port = _free_port()
    log = tmp_path_factory.mktemp(name) / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            ["java", "-jar", str(jar), "--port", str(port), *_http_port_flags(jar), *args],
            cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = f"{scheme}://{host}:{port}"
    try:
        _wait_until_healthy(url, process, log, **(health_kwargs or {}))
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a running Quiver server: ``QUIVER_URL`` if set, else one started from the flight-server jar.

    The jar is ``flight-server/target/quiver-flight-server.jar`` (``QUIVER_SERVER_JAR`` overrides); a missing jar
    fails the tests: build it with ``mvn -pl flight-server -am package``.
    """
    url = os.environ.get("QUIVER_URL")
    if url:
        _wait_until_healthy(url, None, Path("/dev/null"))
        yield url
        return
    with _server_process(tmp_path_factory, "quiver-server", "127.0.0.1", "grpc") as started:
        yield started


@pytest.fixture(scope="session")
def live_secure_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server started from the jar with users (``LIVE_USER``/``LIVE_PASSWORD``) and TLS (the tests' certificate
    for localhost, ``TLS_CERT``): its ``grpc+tls://localhost:<port>`` URL."""
    with _server_process(tmp_path_factory, "quiver-secure-server", "localhost", "grpc+tls",
                         "--host", "127.0.0.1", "--users", f"{LIVE_USER}:{LIVE_PASSWORD}",
                         "--tls-cert", str(TLS_CERT), "--tls-key", str(TLS_KEY),
                         health_kwargs={"username": LIVE_USER, "password": LIVE_PASSWORD,
                                        "tls_root_certs": str(TLS_CERT)}) as url:
        yield url
