"""Fixtures: an in-process fake Flight server for the unit tests, and a real Quiver server for the ``live`` tests."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

from fake_server import FakeQuiverServer

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SERVER_JAR = REPO_ROOT / "flight-server" / "target" / "quiver-flight-server.jar"
STARTUP_TIMEOUT_S = 60.0


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


def _wait_until_healthy(url: str, process: "subprocess.Popen[bytes] | None", log: Path) -> None:
    import quiver

    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"the Quiver server exited with status {process.returncode} before answering; "
                        f"its output ({log}):\n{_tail(log)}", pytrace=False)
        try:
            with quiver.connect(url, timeout=2) as client:
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

    jar = Path(os.environ.get("QUIVER_SERVER_JAR", str(DEFAULT_SERVER_JAR)))
    if not jar.is_file():
        pytest.fail(f"the Quiver server jar {jar} is missing; build it from the repository root with "
                    f"`mvn -pl flight-server -am package` (or set QUIVER_URL to a running server)", pytrace=False)
    port, http_port = _free_port(), _free_port()
    log = tmp_path_factory.mktemp("quiver-server") / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            ["java", "-jar", str(jar), "--port", str(port), "--http-port", str(http_port)],
            cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = f"grpc://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
