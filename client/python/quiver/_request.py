"""The request JSON of the Quiver Flight contract: ``{"query": ..., "variables": {...} | null, "operationName": ...}``."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from typing import Any, Mapping, Optional


def _default(value: Any) -> Any:
    """JSON for the values people pass as variables that ``json`` does not know."""
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"variable value {value!r} of type {type(value).__name__} cannot be sent as JSON")


def request_json(graphql: str, variables: Optional[Mapping[str, Any]] = None,
                 operation_name: Optional[str] = None) -> bytes:
    """The UTF-8 request for one GraphQL query: the Flight command of ``GetFlightInfo`` (and a valid raw ticket)."""
    if not isinstance(graphql, str) or not graphql.strip():
        raise ValueError("the query is empty; give a GraphQL document such as '{ users(limit: 5) { id name } }'")
    if variables is not None and not isinstance(variables, Mapping):
        raise TypeError(f"variables must be a mapping of name to value, not {type(variables).__name__}")
    if operation_name is not None and not isinstance(operation_name, str):
        raise TypeError(f"operation_name must be a string, not {type(operation_name).__name__}")
    body = {
        "query": graphql,
        "variables": dict(variables) if variables else None,
        "operationName": operation_name,
    }
    try:
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_default)
    except ValueError as e:  # NaN or infinity
        raise ValueError(f"variables cannot be sent as JSON: {e}") from None
    return text.encode("utf-8")
