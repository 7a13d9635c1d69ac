"""The Quiver client: GraphQL in, Arrow out, over Arrow Flight."""

from __future__ import annotations

import base64
import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.flight as flight

from ._request import check_endpoints, request_json
from .errors import QuiverError, from_flight_error

__all__ = ["Client", "connect", "DEFAULT_URL"]

DEFAULT_URL = "grpc://localhost:50051"
_SCHEMES = ("grpc", "grpc+tcp", "grpc+tls")
_REUSE_CONNECTION = "arrow-flight-reuse-connection"

Header = Tuple[bytes, bytes]


def connect(url: str = DEFAULT_URL, *, username: Optional[str] = None, password: Optional[str] = None,
            token: Optional[str] = None, tls_root_certs: Union[str, bytes, os.PathLike, None] = None,
            timeout: Optional[float] = None) -> "Client":
    """Connects to a Quiver Flight server and, when credentials are given, authenticates.

    :param url: ``grpc://host:port`` (``grpc+tls://`` for TLS); default ``grpc://localhost:50051``
    :param username: basic authentication, exchanged once for a bearer token; needs ``password``
    :param password: the password for ``username``
    :param token: a bearer token, instead of ``username``/``password``
    :param tls_root_certs: PEM certificates to trust for ``grpc+tls://``: the PEM bytes or a file path
    :param timeout: seconds each call may take, including reading a whole result; ``None`` for no deadline
    :raises Unauthenticated: wrong credentials
    :raises Unavailable: no server answers at ``url`` (only when authenticating; otherwise on the first call)
    """
    return Client(url, username=username, password=password, token=token, tls_root_certs=tls_root_certs,
                  timeout=timeout)


def _check_url(url: str) -> str:
    if not isinstance(url, str) or not url:
        raise ValueError(f"the server URL must be a string such as {DEFAULT_URL}")
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        raise ValueError(f"{url} is HTTP; the Flight server is at a grpc:// URL such as {DEFAULT_URL} "
                         "(the HTTP endpoint serves GraphQL/JSON, not Arrow Flight)")
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise ValueError(f"server URL {url!r} must look like grpc://host:port or grpc+tls://host:port, "
                         f"e.g. {DEFAULT_URL}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        raise ValueError(f"server URL {url!r} needs a port, e.g. {DEFAULT_URL}")
    return url


def _read_certs(tls_root_certs: Union[str, bytes, os.PathLike, None]) -> Optional[bytes]:
    if tls_root_certs is None or isinstance(tls_root_certs, bytes):
        return tls_root_certs
    with open(tls_root_certs, "rb") as pem:
        return pem.read()


class Client:
    """A connection to a Quiver server. Use :func:`connect`; close it (or use ``with``) when done.

    Each query is one ``GetFlightInfo`` (schema, row estimate, endpoints) and one ``DoGet`` per endpoint; an
    endpoint with a location is read from that server (authenticated the same way), without one from this one.
    With ``endpoints=n`` (n > 1) a query asks the server to split its answer over up to n endpoints (it gives at
    most its ``--max-endpoints``, and one for a query it cannot split by key) and reads them at once on up to n
    threads, the result still in endpoint order.
    Each mutation (:meth:`mutate`) is one ``DoExchange`` with this server.
    """

    def __init__(self, url: str = DEFAULT_URL, *, username: Optional[str] = None, password: Optional[str] = None,
                 token: Optional[str] = None, tls_root_certs: Union[str, bytes, os.PathLike, None] = None,
                 timeout: Optional[float] = None):
        self._url = _check_url(url)
        if (username is None) != (password is None):
            raise ValueError("give both username and password, or neither")
        if token is not None and username is not None:
            raise ValueError("give either username and password or a token, not both")
        if timeout is not None and timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
        if tls_root_certs is not None and not url.startswith("grpc+tls://"):
            raise ValueError("tls_root_certs only applies to grpc+tls:// servers")
        self._username = username
        self._password = password
        self._token = token
        self._timeout = timeout
        self._tls_root_certs = _read_certs(tls_root_certs)
        self._clients: Dict[str, Tuple[flight.FlightClient, flight.FlightCallOptions]] = {}
        self._closed = False
        self._primary, self._options = self._open(self._url)

    @property
    def url(self) -> str:
        return self._url

    def _open(self, url: str) -> Tuple[flight.FlightClient, flight.FlightCallOptions]:
        kwargs: Dict[str, Any] = {}
        if self._tls_root_certs is not None:
            kwargs["tls_root_certs"] = self._tls_root_certs
        client = flight.FlightClient(url, **kwargs)
        try:
            headers = self._auth_headers(client, url)
        except BaseException:
            client.close()
            raise
        options = flight.FlightCallOptions(timeout=self._timeout, headers=headers)
        self._clients[url] = (client, options)
        return client, options

    def _auth_headers(self, client: flight.FlightClient, url: str) -> List[Header]:
        if self._username is not None:
            try:
                header = client.authenticate_basic_token(
                    self._username, self._password, flight.FlightCallOptions(timeout=self._timeout))
            except (flight.FlightError, pa.ArrowException) as e:
                raise from_flight_error(e, url) from None
            if header and header[0]:
                return [header]
            # no token came back: send the basic credentials on every call
            basic = base64.b64encode(f"{self._username}:{self._password}".encode("utf-8"))
            return [(b"authorization", b"Basic " + basic)]
        if self._token is not None:
            return [(b"authorization", b"Bearer " + self._token.encode("utf-8"))]
        return []

    def _for_endpoint(self, endpoint: flight.FlightEndpoint) -> Tuple[str, flight.FlightClient,
                                                                        flight.FlightCallOptions]:
        for location in endpoint.locations:
            uri = location.uri.decode("utf-8") if isinstance(location.uri, bytes) else str(location.uri)
            if uri.startswith(_REUSE_CONNECTION) or uri == self._url:
                break
            if uri not in self._clients:
                self._open(uri)
            client, options = self._clients[uri]
            return uri, client, options
        return self._url, self._primary, self._options

    def _check_open(self) -> None:
        if self._closed:
            raise QuiverError("the client is closed", server=self._url, code="CLOSED")

    def flight_info(self, graphql: str, variables: Optional[Mapping[str, Any]] = None,
                    operation_name: Optional[str] = None, *, endpoints: int = 1) -> flight.FlightInfo:
        """The query's ``FlightInfo``: its Arrow ``schema``, ``total_records`` and ``endpoints``.

        ``total_records`` is the server's row estimate (PostgreSQL's planner's guess, which may be off either way),
        not a count; -1 when the server gives none, as on its embedded demo database. ``endpoints`` asks for up to
        that many endpoints, each a range of the key (see :class:`Client`).

        :raises InvalidQuery: the server rejected the query; the message says why
        """
        self._check_open()
        descriptor = flight.FlightDescriptor.for_command(
            request_json(graphql, variables, operation_name, check_endpoints(endpoints)))
        try:
            return self._primary.get_flight_info(descriptor, self._options)
        except (flight.FlightError, pa.ArrowException) as e:
            raise from_flight_error(e, self._url) from None

    def query_batches(self, graphql: str, variables: Optional[Mapping[str, Any]] = None,
                      operation_name: Optional[str] = None, *, endpoints: int = 1) -> Iterator[pa.RecordBatch]:
        """Runs the query and yields its record batches as they arrive (endpoints in order).

        The query is checked by the server before this returns; errors while streaming are raised from the iterator.
        With ``endpoints`` > 1 and several endpoints given, they are read at once and each endpoint's batches are
        held until its turn, so memory holds up to the whole answer.
        """
        info = self.flight_info(graphql, variables, operation_name, endpoints=endpoints)
        if endpoints > 1 and len(info.endpoints) > 1:
            return self._parallel_batches(info, endpoints)
        return self._batches(info)

    def _read_endpoint(self, target: Tuple[str, flight.FlightClient, flight.FlightCallOptions],
                       endpoint: flight.FlightEndpoint) -> pa.Table:
        uri, client, options = target
        try:
            return client.do_get(endpoint.ticket, options).read_all()
        except (flight.FlightError, pa.ArrowException) as e:
            raise from_flight_error(e, uri) from None

    def _read_all_parallel(self, info: flight.FlightInfo, workers: int) -> Iterator[pa.Table]:
        """Each endpoint's whole table, in endpoint order, read on up to ``workers`` threads at once (pyarrow releases
        the GIL while it reads). Connections to other servers are opened first, on this thread."""
        targets = [self._for_endpoint(endpoint) for endpoint in info.endpoints]
        pool = ThreadPoolExecutor(max_workers=min(workers, len(targets)), thread_name_prefix="quiver-endpoint")
        try:
            futures = [pool.submit(self._read_endpoint, target, endpoint)
                       for target, endpoint in zip(targets, info.endpoints)]
            for future in futures:
                yield future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _parallel_batches(self, info: flight.FlightInfo, workers: int) -> Iterator[pa.RecordBatch]:
        for table in self._read_all_parallel(info, workers):
            yield from table.to_batches()

    def _batches(self, info: flight.FlightInfo) -> Iterator[pa.RecordBatch]:
        for endpoint in info.endpoints:
            uri, client, options = self._for_endpoint(endpoint)
            try:
                reader = client.do_get(endpoint.ticket, options)
                for chunk in reader:
                    yield chunk.data
            except (flight.FlightError, pa.ArrowException) as e:
                raise from_flight_error(e, uri) from None

    def query(self, graphql: str, variables: Optional[Mapping[str, Any]] = None,
              operation_name: Optional[str] = None, *, endpoints: int = 1) -> pa.Table:
        """Runs the query and returns the whole result as one ``pyarrow.Table``.

        ``endpoints=n`` asks the server to split the answer over up to n endpoints and reads them at once; the table
        is the same (a plain list with a ``limit``, which has no order, holds its first rows by key).

        >>> users = client.query('{ users(limit: 5) { id name } }')
        >>> users.to_pandas()          # or polars.from_arrow(users)
        """
        info = self.flight_info(graphql, variables, operation_name, endpoints=endpoints)
        if endpoints > 1 and len(info.endpoints) > 1:
            tables = list(self._read_all_parallel(info, endpoints))
        else:
            tables = [self._read_endpoint(self._for_endpoint(endpoint), endpoint) for endpoint in info.endpoints]
        if not tables:
            return info.schema.empty_table()
        return tables[0] if len(tables) == 1 else pa.concat_tables(tables)

    def mutate(self, graphql: str, variables: Optional[Mapping[str, Any]] = None,
               operation_name: Optional[str] = None) -> pa.Table:
        """Runs a GraphQL ``mutation`` once and returns the row it changed, with the fields it selects.

        The mutation goes as one ``DoExchange`` to this client's server (the request JSON is the descriptor's
        command; nothing is uploaded) and the changed row comes back as one batch. The server runs writes only this
        way: :meth:`query` of a mutation raises :class:`InvalidQuery` (and ``mutate`` of a query too), so reading a
        result twice or retrying a read never writes twice.

        The client never resends a mutation. One that failed with :class:`TimedOut`, or :class:`Unavailable` once the
        server had it, may still have been applied: read the row back before sending it again, whatever
        ``error.retryable`` says.

        >>> client.mutate('mutation($id: ID!) { updateOrderStatus(id: $id, status: "shipped") { id status } }',
        ...               {"id": "1"}).to_pylist()
        [{'id': '1', 'status': 'shipped'}]

        :raises InvalidQuery: the server rejected the mutation (or it is not one); the message says why
        """
        self._check_open()
        descriptor = flight.FlightDescriptor.for_command(request_json(graphql, variables, operation_name))
        try:
            writer, reader = self._primary.do_exchange(descriptor, self._options)
            with writer:
                writer.done_writing()  # the request is all in the descriptor: nothing to upload
                return reader.read_all()
        except (flight.FlightError, pa.ArrowException) as e:
            raise from_flight_error(e, self._url) from None

    def _action(self, name: str) -> bytes:
        self._check_open()
        try:
            results = list(self._primary.do_action(flight.Action(name, b""), self._options))
        except (flight.FlightError, pa.ArrowException) as e:
            raise from_flight_error(e, self._url) from None
        return b"".join(result.body.to_pybytes() for result in results)

    def health(self) -> Dict[str, Any]:
        """The server's ``health`` action: a dict with ``"status": "ok"`` when healthy."""
        body = self._action("health")
        try:
            answer = json.loads(body.decode("utf-8"))
        except ValueError as e:
            raise QuiverError(f"the health answer is not JSON: {e}", server=self._url, code="INTERNAL") from None
        if not isinstance(answer, dict):
            raise QuiverError("the health answer is not a JSON object", server=self._url, code="INTERNAL")
        return answer

    def sdl(self) -> str:
        """The server's GraphQL schema as SDL text."""
        return self._action("sdl").decode("utf-8")

    def close(self) -> None:
        """Closes every connection; further calls raise :class:`QuiverError`."""
        if self._closed:
            return
        self._closed = True
        clients, self._clients = self._clients, {}
        for client, _ in clients.values():
            client.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        auth = "basic" if self._username else "token" if self._token else "none"
        state = "closed" if self._closed else "open"
        return f"<quiver.Client {self._url} auth={auth} {state}>"
