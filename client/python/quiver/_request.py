"""The request JSON of the Quiver Flight contract: ``{"query": ..., "variables": {...} | null, "operationName": ...}``."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from typing import Any, Mapping, Optional


class _Encoder:
    """Turns variables into JSON, writing each ``Decimal`` as a JSON number with exactly its digits.

    ``json`` can only write a ``Decimal`` through ``float``, which keeps about 17 significant digits: a
    ``numeric(38, 9)`` value would arrive changed. So each finite ``Decimal`` is first written as a placeholder
    string unique to this request, and the placeholder (quotes included) is then replaced by ``str(decimal)``,
    which is valid JSON number text (``12.50``, ``-0.000000001``, ``1E+3``). The server reads such numbers
    exactly (as BigDecimal) and its ``Decimal``, ``Float`` and ``Int`` variables all take a JSON number.
    """

    def __init__(self) -> None:
        self._token = f"quiver-decimal-{uuid.uuid4().hex}-"
        self._decimals: list = []

    def default(self, value: Any) -> Any:
        """JSON for the values people pass as variables that ``json`` does not know."""
        if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
            return value.isoformat()
        if isinstance(value, uuid.UUID):
            return str(value)
        if isinstance(value, decimal.Decimal):
            if not value.is_finite():
                raise ValueError(f"the Decimal {value} is not a number JSON can carry")
            self._decimals.append(str(value))
            return f"{self._token}{len(self._decimals) - 1}"
        if hasattr(value, "item") and callable(value.item):  # numpy scalars
            return value.item()
        if isinstance(value, (set, frozenset, tuple)):
            return list(value)
        raise TypeError(f"variable value {value!r} of type {type(value).__name__} cannot be sent as JSON")

    def finish(self, text: str) -> str:
        """The JSON text with every placeholder replaced by its decimal's digits."""
        if not self._decimals:
            return text
        # the token is random, so it appears exactly once per decimal, as its placeholder; checked all the same
        if text.count(self._token) != len(self._decimals):
            raise RuntimeError("a Decimal placeholder was not found exactly once in the request JSON")
        for index, digits in enumerate(self._decimals):
            text = text.replace(f'"{self._token}{index}"', digits)  # the closing quote: 1 does not match 10
        return text


def request_json(graphql: str, variables: Optional[Mapping[str, Any]] = None,
                 operation_name: Optional[str] = None, endpoints: int = 1) -> bytes:
    """The UTF-8 request for one GraphQL request: the Flight command of ``GetFlightInfo`` (and a valid raw ticket) for
    a query, of ``DoExchange`` for a mutation. ``endpoints`` > 1 adds ``"endpoints": n``: the most endpoints the
    server may split the query's answer over."""
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
    if endpoints != 1:
        body["endpoints"] = check_endpoints(endpoints)
    encoder = _Encoder()
    try:
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=encoder.default)
    except ValueError as e:  # NaN or infinity
        raise ValueError(f"variables cannot be sent as JSON: {e}") from None
    return encoder.finish(text).encode("utf-8")


def check_endpoints(endpoints: Any) -> int:
    """``endpoints`` if it is a whole number of 1 or more."""
    if isinstance(endpoints, bool) or not isinstance(endpoints, int) or endpoints < 1:
        raise ValueError(f"endpoints must be a whole number of 1 or more, not {endpoints!r}")
    return endpoints
