"""Quiver's Python client: ask a Quiver server in GraphQL, get ``pyarrow`` tables back over Arrow Flight.

>>> import quiver
>>> with quiver.connect("grpc://localhost:50051") as client:
...     users = client.query('{ users(limit: 5) { id name } }')
...     df = users.to_pandas()
...     shipped = client.mutate('mutation { updateOrderStatus(id: "1", status: "shipped") { id status } }')
"""

from .client import DEFAULT_URL, Client, connect
from .errors import (
    InvalidQuery,
    QuiverError,
    ResourceExhausted,
    ServerError,
    TimedOut,
    Unauthenticated,
    Unauthorized,
    Unavailable,
)

__version__ = "0.1.0"

__all__ = [
    "connect",
    "Client",
    "DEFAULT_URL",
    "QuiverError",
    "InvalidQuery",
    "Unauthenticated",
    "Unauthorized",
    "ResourceExhausted",
    "Unavailable",
    "TimedOut",
    "ServerError",
]
