"""The errors a Quiver call raises: one class per kind of failure, each carrying the server's own message.

How the Flight (gRPC) status maps; ``error.code`` is the status name, or the one in brackets:

- INVALID_ARGUMENT   -> InvalidQuery [INVALID_QUERY]: fix the query (``Client.sdl()`` prints the schema)
- UNAUTHENTICATED    -> Unauthenticated: give (other) credentials
- PERMISSION_DENIED  -> Unauthorized [UNAUTHORIZED]: these credentials may not do this
- RESOURCE_EXHAUSTED -> ResourceExhausted: narrow the query, or try again later
- UNAVAILABLE        -> Unavailable: start the server (``make run``), or try again shortly
- DEADLINE_EXCEEDED  -> TimedOut [TIMED_OUT]: raise ``timeout`` or narrow the query
- INTERNAL           -> ServerError [INTERNAL]: the server failed; its log has the details
- anything else      -> QuiverError
"""

from __future__ import annotations

import re
from typing import Optional

import pyarrow as pa
import pyarrow.flight as flight

__all__ = [
    "QuiverError",
    "InvalidQuery",
    "Unauthenticated",
    "Unauthorized",
    "ResourceExhausted",
    "Unavailable",
    "TimedOut",
    "ServerError",
]


class QuiverError(Exception):
    """A Quiver call failed. ``str(error)`` is the server's message; ``code`` names the kind of failure,
    ``server`` the URL that answered (or could not be reached), ``retryable`` whether the same call may work later."""

    code = "UNKNOWN"
    retryable = False

    def __init__(self, message: str, *, server: Optional[str] = None, code: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.server = server
        if code is not None:
            self.code = code


class InvalidQuery(QuiverError):
    """The GraphQL request is wrong: syntax, an unknown field or argument, a bad variable."""

    code = "INVALID_QUERY"


class Unauthenticated(QuiverError):
    """No credentials, wrong credentials, or an unknown or expired token."""

    code = "UNAUTHENTICATED"


class Unauthorized(QuiverError):
    """Authenticated, but not allowed to do this."""

    code = "UNAUTHORIZED"


class ResourceExhausted(QuiverError):
    """A server limit was hit (rows, depth, concurrent queries)."""

    code = "RESOURCE_EXHAUSTED"
    retryable = True


class Unavailable(QuiverError):
    """The server, or a source behind it, cannot be reached right now."""

    code = "UNAVAILABLE"
    retryable = True


class TimedOut(QuiverError):
    """The call's deadline (``timeout``) passed."""

    code = "TIMED_OUT"
    retryable = True


class ServerError(QuiverError):
    """The server failed (INTERNAL)."""

    code = "INTERNAL"


# "Flight returned invalid argument error, with message: ..." (from a Java server through gRPC)
_PREFIX = re.compile(r"^(?:Flight|gRPC) returned [a-z ]+ error, with message: ", re.IGNORECASE)
# what the C++ client appends after the server's message
_SUFFIXES = (". Detail: ", ". gRPC client debug context: ", ". Client context: ")
_UNREACHABLE = ("failed to connect", "connection refused", "dns resolution failed", "connect failed",
                "name resolution", "no route to host", "socket closed")


def server_message(error: BaseException) -> str:
    """The server's message inside a pyarrow error text, without the transport's prefix and debug suffixes."""
    text = str(error)
    text = _PREFIX.sub("", text, count=1)
    for suffix in _SUFFIXES:
        cut = text.find(suffix)
        if cut >= 0:
            text = text[:cut]
    text = text.strip()
    return text or type(error).__name__


def from_flight_error(error: BaseException, server: Optional[str]) -> QuiverError:
    """Maps an exception raised by ``pyarrow.flight`` to the matching :class:`QuiverError`."""
    raw = str(error)
    message = server_message(error)
    if isinstance(error, flight.FlightUnauthenticatedError):
        return Unauthenticated(message, server=server)
    if isinstance(error, flight.FlightUnauthorizedError):
        return Unauthorized(message, server=server)
    if isinstance(error, flight.FlightUnavailableError):
        if "handshake" in raw.lower() or "ssl" in raw.lower():
            message = f"TLS handshake with {server} failed ({message}); check the URL and tls_root_certs"
        elif any(marker in raw.lower() for marker in _UNREACHABLE):
            message = f"server not reachable at {server} ({message})"
        return Unavailable(message, server=server)
    if isinstance(error, flight.FlightTimedOutError):
        return TimedOut(message or f"no answer from {server} within the timeout", server=server)
    if isinstance(error, (flight.FlightInternalError, flight.FlightServerError)):
        return ServerError(message, server=server)
    if isinstance(error, flight.FlightCancelledError):
        return QuiverError(message, server=server, code="CANCELLED")
    if isinstance(error, pa.ArrowInvalid):
        # gRPC RESOURCE_EXHAUSTED reaches pyarrow as ArrowInvalid; only its text tells them apart
        if "resource exhausted" in raw.lower():
            return ResourceExhausted(message, server=server)
        return InvalidQuery(message, server=server)
    if isinstance(error, pa.ArrowNotImplementedError):
        return QuiverError(message, server=server, code="UNIMPLEMENTED")
    return QuiverError(message, server=server)
