"""An in-process stand-in for the Quiver Flight server, for the unit tests.

It answers every query with the same three users in two record batches, records the commands, tickets and
authenticated users it sees, and fails on request. Like the real server it runs a mutation only as a ``DoExchange``
(answering with one changed row) and refuses one on ``GetFlightInfo``; which is which it tells by whether the
request's document starts with ``mutation``. With ``users`` it authenticates like a Quiver server: basic
credentials in the handshake are exchanged for a bearer token (sent back in the ``authorization`` header), and
later calls must carry a known ``Bearer`` token.
"""

from __future__ import annotations

import base64
import secrets
import threading
from pathlib import Path
from typing import Dict, List, Optional

import pyarrow as pa
import pyarrow.flight as flight

SCHEMA = pa.schema([
    pa.field("id", pa.string(), nullable=False),
    pa.field("name", pa.string()),
    pa.field("age", pa.int32()),
    pa.field("manager", pa.struct([("id", pa.string()), ("name", pa.string())])),
    pa.field("orders", pa.list_(pa.struct([("id", pa.string()), ("total", pa.float64())]))),
])

ROWS = [
    {"id": "u1", "name": "Ada Lovelace", "age": 36, "manager": {"id": "u9", "name": "Grace Hopper"},
     "orders": [{"id": "o1", "total": 12.5}, {"id": "o2", "total": 3.0}]},
    {"id": "u2", "name": "Lin, \"Bob\"", "age": None, "manager": None, "orders": []},
    {"id": "u3", "name": "Zoë", "age": 41, "manager": {"id": "u1", "name": "Ada Lovelace"},
     "orders": [{"id": "o3", "total": 100.0}]},
]

BATCHES = [pa.RecordBatch.from_pylist(ROWS[:2], schema=SCHEMA), pa.RecordBatch.from_pylist(ROWS[2:], schema=SCHEMA)]

# the answer to every mutation: the changed row
MUTATION_SCHEMA = pa.schema([pa.field("id", pa.string(), nullable=False), pa.field("status", pa.string())])
CHANGED_ROW = {"id": "o7", "status": "shipped"}
# what the real server answers a mutation sent with GetFlightInfo or DoGet
MUTATIONS_USE_DO_EXCHANGE = ("a mutation is a write: send it with DoExchange (a command descriptor holding this "
                             "request JSON; the changed row comes back as one batch), so that it runs exactly once. "
                             "GetFlightInfo and DoGet only read")

HEALTH = b'{"status":"ok","source":"fake"}'
SDL = "type Query {\n  users(limit: Int): [User!]!\n}\n"
STATIC_TOKEN = "static-token-123"

# the Java tests' self-signed certificate for localhost (see its README.md)
TLS_DIR = Path(__file__).resolve().parents[2] / "src" / "test" / "resources" / "tls"
TLS_CERT = TLS_DIR / "server.crt"
TLS_KEY = TLS_DIR / "server.key"


def _header(headers: Dict[str, List[str]], name: str) -> Optional[str]:
    for key, values in headers.items():
        if key.lower() == name and values:
            value = values[0]
            return value.decode() if isinstance(value, bytes) else value
    return None


class _Authenticated(flight.ServerMiddleware):
    def __init__(self, user: str, new_token: Optional[str]):
        self.user = user
        self._new_token = new_token

    def sending_headers(self):
        return {"authorization": f"Bearer {self._new_token}"} if self._new_token else {}


class _BearerAuthFactory(flight.ServerMiddlewareFactory):
    """Basic credentials give a new bearer token; a bearer token must be one we issued (or the static one)."""

    def __init__(self, users: Dict[str, str]):
        super().__init__()
        self._users = users
        self._tokens = {STATIC_TOKEN: "token-holder"}
        self._lock = threading.Lock()

    def start_call(self, info, headers):
        auth = _header(headers, "authorization")
        if not auth:
            raise flight.FlightUnauthenticatedError("no credentials; send a user name and password, or a token")
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "basic":
            user, _, password = base64.b64decode(value).decode("utf-8").partition(":")
            if self._users.get(user) != password:
                raise flight.FlightUnauthenticatedError("wrong user name or password")
            token = secrets.token_urlsafe(16)
            with self._lock:
                self._tokens[token] = user
            return _Authenticated(user, token)
        if scheme.lower() == "bearer":
            with self._lock:
                user = self._tokens.get(value)
            if user is None:
                raise flight.FlightUnauthenticatedError("unknown or expired token")
            return _Authenticated(user, None)
        raise flight.FlightUnauthenticatedError(f"unsupported authorization scheme {scheme!r}")


class _NoOpHandshake(flight.ServerAuthHandler):
    """The handshake itself does nothing: the middleware above checks the headers of every call, this one too."""

    def authenticate(self, outgoing, incoming):
        pass

    def is_valid(self, token):
        return ""


PARTS_SCHEMA = pa.schema([("id", pa.string()), ("part", pa.int32())])
PART_ROWS = 10
PART_WAIT = 10


def part_ids(parts: int) -> List[str]:
    """Every id of a split answer of ``parts`` endpoints, in endpoint order."""
    return [f"{p}-{r}" for p in range(parts) for r in range(PART_ROWS)]


class FakeQuiverServer(flight.FlightServerBase):
    def __init__(self, users: Optional[Dict[str, str]] = None, tls: bool = False):
        kwargs = {}
        if users is not None:
            kwargs = {"auth_handler": _NoOpHandshake(), "middleware": {"auth": _BearerAuthFactory(users)}}
        if tls:
            kwargs["tls_certificates"] = [flight.CertKeyPair(TLS_CERT.read_bytes(), TLS_KEY.read_bytes())]
        super().__init__("grpc+tls://127.0.0.1:0" if tls else "grpc://127.0.0.1:0", **kwargs)
        self._tls = tls
        self.commands: List[bytes] = []
        self.tickets: List[bytes] = []
        self.exchanges: List[bytes] = []
        self.exchange_error: Optional[Exception] = None
        self.peers: List[str] = []
        self.flight_info_error: Optional[Exception] = None
        self.stream_error: Optional[Exception] = None
        self.second_location: Optional[str] = None
        self.no_endpoints = False
        # parts > 0: every query is split over that many endpoints (see _parts_info)
        self.parts = 0
        self.failing_part: Optional[int] = None
        self.overlapped = False
        self._second_started = threading.Event()

    @property
    def url(self) -> str:
        return f"grpc+tls://localhost:{self.port}" if self._tls else f"grpc://127.0.0.1:{self.port}"

    @property
    def alternate_url(self) -> str:
        """The same server under another name, so a client opens a second connection to it."""
        return f"grpc://localhost:{self.port}"

    def get_flight_info(self, context, descriptor):
        self.commands.append(descriptor.command)
        auth = context.get_middleware("auth")
        self.peers.append(auth.user if auth is not None else "")
        if self.flight_info_error is not None:
            raise self.flight_info_error
        if _is_mutation(descriptor):
            raise pa.ArrowInvalid(MUTATIONS_USE_DO_EXCHANGE)  # pyarrow's server sends it as INVALID_ARGUMENT
        if self.parts:
            endpoints = [flight.FlightEndpoint(f"part-{p}".encode(), []) for p in range(self.parts)]
            return flight.FlightInfo(PARTS_SCHEMA, descriptor, endpoints, self.parts * PART_ROWS, -1)
        if self.no_endpoints:
            endpoints = []
        elif self.second_location:
            endpoints = [flight.FlightEndpoint(b"batch-0", []),
                         flight.FlightEndpoint(b"batch-1", [flight.Location(self.second_location)])]
        else:
            endpoints = [flight.FlightEndpoint(b"all", [])]
        return flight.FlightInfo(SCHEMA, descriptor, endpoints, 0 if self.no_endpoints else len(ROWS), -1)

    def do_get(self, context, ticket):
        self.tickets.append(ticket.ticket)
        if ticket.ticket.startswith(b"part-"):
            return self._part(int(ticket.ticket.decode()[len("part-"):]))
        if ticket.ticket == b"all":
            batches = BATCHES
        else:
            batches = [BATCHES[int(ticket.ticket.decode().split("-")[1])]]
        error = self.stream_error

        def stream():
            for batch in batches:
                yield batch
                if error is not None:
                    raise error

        return flight.GeneratorStream(SCHEMA, stream())

    def _part(self, part: int):
        """Endpoint ``part`` of a split answer: PART_ROWS rows in two batches, ids ``part-row``. The first endpoint
        holds its second batch back until the second endpoint has started (``overlapped``), so a client reading the
        endpoints one after another waits PART_WAIT seconds and leaves ``overlapped`` false."""
        if part == 1:
            self._second_started.set()
        half = PART_ROWS // 2

        def batch(rows: range) -> pa.RecordBatch:
            return pa.record_batch([pa.array([f"{part}-{r}" for r in rows]), pa.array([part] * len(rows), pa.int32())],
                                   schema=PARTS_SCHEMA)

        def stream():
            yield batch(range(0, half))
            if part == self.failing_part:
                raise pa.ArrowException(f"part {part} broke")
            if part == 0:
                self.overlapped = self._second_started.wait(PART_WAIT)
            yield batch(range(half, PART_ROWS))

        return flight.GeneratorStream(PARTS_SCHEMA, stream())

    def do_exchange(self, context, descriptor, reader, writer):
        self.exchanges.append(descriptor.command)
        if self.exchange_error is not None:
            raise self.exchange_error
        if not _is_mutation(descriptor):
            raise pa.ArrowInvalid("DoExchange runs mutations; this request is a query: read it with GetFlightInfo "
                                  "and DoGet")
        writer.begin(MUTATION_SCHEMA)
        writer.write_batch(pa.RecordBatch.from_pylist([CHANGED_ROW], schema=MUTATION_SCHEMA))

    def do_action(self, context, action):
        if action.type == "health":
            return [flight.Result(HEALTH)]
        if action.type == "sdl":
            return [flight.Result(SDL.encode())]
        raise NotImplementedError(f"unknown action {action.type}")


def _is_mutation(descriptor: flight.FlightDescriptor) -> bool:
    return descriptor.command.startswith(b'{"query":"mutation')
