#!/usr/bin/env python3
"""Flight vs HTTP/JSON vs PostgreSQL COPY vs ADBC, flat and nested: the query-path benchmark of `make bench`.

Every figure comes from a real run: a real PostgreSQL (scripts/services.sh), the real flight-server jar started
as a child process on that PostgreSQL, the real pyarrow Flight client, a real HTTP client, the real psql and the
real ADBC PostgreSQL driver (adbc_driver_postgresql, bench/requirements.txt).

The data, in the --schema (default quiver_bench) with the demo shop's tables (shop.sql), made with generate_series
and kept between runs (a table is refilled only when its row count differs, then ANALYZEd): as many orders as the
largest size or --big-rows, 100,000 users (every order's user exists), 10,000 products and 3 order items per order
(each with an existing product); then the keys and indexes of shop-indexes.sql, which the relation lookups use.

What it measures, side by side in one run (a warm-up first, then sizes interleaved, median of --runs runs each):
  flight  GraphQL in -> pyarrow.Table out (DoGet on one gRPC channel, all batches read)
  http    GraphQL in -> the streamed JSON response on one keep-alive connection, timed in two parts: receive (request
          sent to the last byte of the body read) and parse (json.loads into Python objects). The Flight client
          decodes into columns in C++, so "receive + parse" is the like-for-like figure (data usable in Python at
          the end of both) and the Flight >= 10x HTTP/JSON target judges it; "receive" alone is printed and recorded
          as the transport-only comparison. The connections opened are counted (1 when keep-alive held).
  copy    COPY (SELECT the same 6 columns ... LIMIT n) TO STDOUT (FORMAT binary) through one psql process started
          once (one connection, one authentication), its output consumed by psql and discarded (\g /dev/null):
          the server's COPY plus the transfer, with no process start per run. Each run checks the server's
          "COPY n" tag against n; once per size, untimed, the binary output itself is written to a file and its
          tuples counted (header, n tuples of 6 fields, trailer, nothing after).
  adbc    the same SELECT as the COPY through the ADBC PostgreSQL driver (DB-API, one connection opened once like
          the Flight client): cursor.execute, then fetch_arrow_table -> pyarrow.Table, its row count checked.
          The driver hands NUMERIC (total) back as its text (an opaque extension type over strings), where Flight
          gives decimal128; the other 5 columns have the same Arrow types.
  flight_endpoints  the flight query over the same rows split over --endpoints endpoints (default 2, this
          machine's cores), the server started with --max-endpoints that many: GetFlightInfo with "endpoints": k
          (the server cuts the key range of the first n orders by id), then one DoGet per endpoint on k pyarrow
          threads at once, the tables joined in endpoint order; timed from GetFlightInfo to the joined
          pyarrow.Table, its row count checked and the split checked (k endpoints, ascending ids). Its rows are
          the first n by id, where the one-endpoint query may take any n: the same row count and columns.
  flight_roots   the flight query limited to the orders that have items: `orders(where: {id: {lte: n}}, limit: n)`
          (only the first orders of the largest size have items seeded, and without orderBy a scan of the 10M-row
          table may start anywhere: PostgreSQL's synchronized sequential scans)
  flight_nested  the same root rows with each order's user (to-one) and items (to-many), each item with its
          product (to-one): `user { id name } items { quantity product { name price } }`, GraphQL in ->
          pyarrow.Table out (struct and list<struct> columns); checked after the clock stops: n rows, a user on
          each, 3 items per order, a product on each item.
  adbc_nested    what a user without Quiver would run for the same data: the two joins through ADBC into two flat
          pyarrow.Tables, `orders JOIN users` for orders 1..n and `order_items JOIN products` for their items ordered
          by order (n and 3n rows, checked), left flat (no nesting): the PostgreSQL work the nested answer needs.
Ratios per size: flight_vs_copy and flight_vs_adbc (Flight seconds / COPY or ADBC seconds; < 1 means Flight is
faster), endpoints_vs_copy and endpoints_vs_flight (flight_endpoints seconds / COPY or one-endpoint Flight seconds),
adbc_vs_copy, nested_vs_flat (flight_nested seconds / flight_roots seconds), nested_vs_adbc_nested, and the Flight
speedups over HTTP.
Then a --big-rows query (default 10M) through Flight with the server at -Xms = -Xmx (256m) and -XX:+AlwaysPreTouch
(the heap is resident from the start, so RSS only moves with what lives outside it), after a warm-up query,
sampling its heap (from /metrics) and RSS (from /proc) every 100 ms with the rows read so far. Judged over the
first and the last third of the rows: heap max below 90% of -Xmx, and RSS flat (the last third's max at most 32 MiB
above the first third's). With fewer than 2 samples in a third it is not judged (and says so). A failed sample
ends the run.

Targets, at the largest size (printed, and recorded in the JSON's "targets" list with name, target, measured, met):
Flight >= 10x HTTP/JSON (receive + parse) (flight_vs_http_json_speedup), Flight within 1.2x of COPY
(flight_vs_copy <= 1.2), Flight faster than ADBC (flight_faster_than_adbc: flight_vs_adbc < 1.0), nested within
2x of flat (nested_within_2x_of_flat: nested_vs_flat <= 2.0), and the big stream's heap and RSS. A missed
target is reported and the exit status stays 0 (make bench is a measurement); with --strict the run exits 3 when a
target was missed or could not be judged (met false or null).

Writes bench-results/flight.json and prints the tables.
"""
import argparse
import http.client
import json
import os
from concurrent.futures import ThreadPoolExecutor
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from urllib.parse import quote
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.flight as flight
from benchkit import log, size_bytes, free_port, thirds, target, mib, verdict

try:
    import adbc_driver_postgresql.dbapi as adbc_postgresql
except ImportError:
    raise SystemExit("adbc_driver_postgresql is missing; scripts/bench.sh installs it, or: "
                     ".venv/bin/python -m pip install -r bench/requirements.txt") from None

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "flight-server" / "target" / "quiver-flight-server.jar"
DEMO = ROOT / "flight-server" / "src" / "main" / "resources" / "dev" / "quiver" / "flight" / "demo"
SHOP_SQL = DEMO / "shop.sql"
SHOP_INDEXES_SQL = DEMO / "shop-indexes.sql"
COLUMNS_GQL = "id userId status total itemCount createdAt"
NESTED_GQL = COLUMNS_GQL + " user { id name } items { quantity product { name price } }"
COLUMNS_SQL = "id, user_id, status, total, item_count, created_at"
USERS = 100_000  # orders.user_id is 1 + (id * 7919) % USERS
PRODUCTS = 10_000
ITEMS_PER_ORDER = 3
TARGET_FLIGHT_VS_HTTP = 10.0
TARGET_FLIGHT_VS_COPY = 1.2
TARGET_FLIGHT_VS_ADBC = 1.0
TARGET_NESTED_VS_FLAT = 2.0
HEAP_BOUND_FRACTION = 0.9
RSS_MARGIN_BYTES = 32 * 2**20
SAMPLE_SECONDS = 0.1
BIG_WARM_UP_ROWS = 50_000
EXIT_TARGET_MISSED = 3
PGCOPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="10000,100000,1000000", help="row counts to compare (default %(default)s)")
    p.add_argument("--runs", type=int, default=5, help="runs per size and transport; the median is reported (default %(default)s)")
    p.add_argument("--big-rows", type=int, default=10_000_000, help="rows of the flat-memory run; 0 skips it (default %(default)s)")
    p.add_argument("--big-heap", default="256m", help="-Xms and -Xmx of the flat-memory run (default %(default)s)")
    p.add_argument("--pg-host", default=os.environ.get("QUIVER_POSTGRES_HOST", "127.0.0.1"))
    p.add_argument("--pg-port", type=int, default=int(os.environ.get("QUIVER_POSTGRES_PORT", "5432")))
    p.add_argument("--pg-db", default="quiver")
    p.add_argument("--pg-user", default="quiver")
    p.add_argument("--pg-password", default="quiver")
    p.add_argument("--schema", default="quiver_bench", help="PostgreSQL schema holding the bench data (default %(default)s)")
    p.add_argument("--endpoints", type=int, default=2,
                   help="endpoints of the flight_endpoints query, and the server's --max-endpoints (default %(default)s)")
    p.add_argument("--strict", action="store_true", help="exit 3 when a target is missed or could not be judged")
    p.add_argument("--out", default=str(ROOT / "bench-results" / "flight.json"))
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    if args.endpoints < 2:
        p.error("--endpoints must be at least 2 (one endpoint is the flight figure)")
    if args.big_rows < 0:
        p.error("--big-rows must be 0 (skip) or more")
    try:
        args.size_list = [int(x) for x in args.sizes.split(",")]
    except ValueError:
        p.error(f"--sizes must be comma-separated row counts, got '{args.sizes}'")
    if any(n < 1 for n in args.size_list):
        p.error("--sizes must be positive row counts")
    return args


def select_sql(schema, rows):
    return f"SELECT {COLUMNS_SQL} FROM {schema}.orders LIMIT {rows}"


def copy_sql(schema, rows):
    return f"COPY ({select_sql(schema, rows)}) TO STDOUT (FORMAT binary)"


def binary_copy_tuples(data, fields):
    """Counts the tuples of a PostgreSQL binary COPY output and checks its frame: signature, header, tuples of
    `fields` fields, the -1 trailer and nothing after it."""
    if not data.startswith(PGCOPY_SIGNATURE):
        raise ValueError("no PGCOPY signature")
    pos = len(PGCOPY_SIGNATURE) + 4  # flags
    (extension,) = struct.unpack_from("!i", data, pos)
    pos += 4 + extension
    unpack_short, unpack_int = struct.Struct("!h").unpack_from, struct.Struct("!i").unpack_from
    tuples = 0
    try:
        while True:
            (count,) = unpack_short(data, pos)
            pos += 2
            if count == -1:
                break
            if count != fields:
                raise ValueError(f"tuple {tuples + 1} has {count} fields, expected {fields}")
            for _ in range(count):
                (length,) = unpack_int(data, pos)
                pos += 4 + max(length, 0)
            tuples += 1
    except struct.error:
        raise ValueError(f"output ends inside tuple {tuples + 1}, before the trailer") from None
    if pos != len(data):
        raise ValueError(f"{len(data) - pos} bytes after the trailer")
    return tuples


class Postgres:
    def __init__(self, args):
        self.args = args
        self.env = dict(os.environ, PGPASSWORD=args.pg_password)

    def psql_command(self, *extra):
        a = self.args
        return ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", a.pg_host, "-p", str(a.pg_port), "-U", a.pg_user,
                "-d", a.pg_db, "-At", *extra]

    def psql(self, sql):
        """Set-up and checks, untimed: one psql process per statement."""
        done = subprocess.run(self.psql_command("-q", "-c", sql), env=self.env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise SystemExit(f"psql failed ({done.stderr.strip()}) running: {sql[:200]}")
        return done

    def scalar(self, sql):
        return self.psql(sql).stdout.strip()

    def seed(self, orders, item_orders):
        """Creates the shop tables in the bench schema and fills them (kept between runs; a table is refilled only
        when its row count differs): `orders` orders, USERS users, PRODUCTS products and ITEMS_PER_ORDER order
        items for each of the first `item_orders` orders (the nested query reads no further: the flat-memory run's
        10M orders need no items), then the keys and indexes of shop-indexes.sql (the relation lookups use them)."""
        s = self.args.schema
        self.psql(f"CREATE SCHEMA IF NOT EXISTS {s}")
        self.psql(f"SET search_path TO {s}; " + SHOP_SQL.read_text())
        self.fill("orders", orders, f"""INSERT INTO {s}.orders (id, user_id, status, total, item_count, created_at)
            SELECT g, 1 + (g * 7919) % {USERS},
                   (ARRAY['NEW','PAID','SHIPPED','DELIVERED','CANCELLED'])[1 + g % 5],
                   round(((g * 104729) % 100000) / 100.0 + 1, 2), 1 + g % 7,
                   timestamptz '2024-01-01 00:00:00+00' + (g % 31536000) * interval '1 second'
            FROM generate_series(1::bigint, {orders}::bigint) AS g""")
        self.fill("users", USERS, f"""INSERT INTO {s}.users (id, name, email, country, created_at, vip, birth_date)
            SELECT g, 'User ' || g, 'user' || g || '@example.com', (ARRAY['DE','FR','US','GB','JP'])[1 + g % 5],
                   timestamptz '2023-01-01 00:00:00+00' + g * interval '5 minutes', g % 10 = 0,
                   date '1950-01-01' + (g * 37 % 20000)::int
            FROM generate_series(1::bigint, {USERS}::bigint) AS g""")
        self.fill("products", PRODUCTS, f"""INSERT INTO {s}.products (id, name, category, price, stock, rating, barcode)
            SELECT g, 'Product ' || g, (ARRAY['books','games','garden','kitchen','tools','toys'])[1 + g % 6],
                   round(((g * 7919) % 50000) / 100.0 + 1, 2), (g * 31) % 500,
                   CASE WHEN g % 4 = 0 THEN NULL ELSE 1 + (g % 401) / 100.0 END, 4000000000000 + g
            FROM generate_series(1::bigint, {PRODUCTS}::bigint) AS g""")
        items = item_orders * ITEMS_PER_ORDER
        self.fill("order_items", items, f"""INSERT INTO {s}.order_items (id, order_id, product_id, quantity, unit_price)
            SELECT g, 1 + (g - 1) / {ITEMS_PER_ORDER}, 1 + (g * 7919) % {PRODUCTS}, 1 + g % 5,
                   round(((g * 104729) % 50000) / 100.0 + 1, 2)
            FROM generate_series(1::bigint, {items}::bigint) AS g""")
        started = time.monotonic()
        self.psql(f"SET search_path TO {s}; " + SHOP_INDEXES_SQL.read_text())  # IF NOT EXISTS: quick once made
        log(f"keys and indexes of {SHOP_INDEXES_SQL.name} in place ({time.monotonic() - started:.1f} s)")

    def fill(self, table, rows, insert):
        """Refills `table` by `insert` unless it holds `rows` rows already; its indexes are dropped first (bulk
        loading into an unindexed table is faster; shop-indexes.sql creates them again) and it is ANALYZEd."""
        s = self.args.schema
        have = int(self.scalar(f"SELECT count(*) FROM {s}.{table}"))
        if have == rows:
            log(f"{s}.{table} already holds {rows:,} rows")
            return
        log(f"seeding {s}.{table} with {rows:,} rows (generate_series; once per machine)")
        started = time.monotonic()
        indexes = self.scalar(f"SELECT string_agg(quote_ident(indexname), ',') FROM pg_indexes"
                              f" WHERE schemaname = '{s}' AND tablename = '{table}'")
        for index in filter(None, indexes.split(",")):
            self.psql(f"DROP INDEX {s}.{index}")
        self.psql(f"TRUNCATE {s}.{table}")
        self.psql(insert)
        self.psql(f"ANALYZE {s}.{table}")
        log(f"seeded {table} in {time.monotonic() - started:.1f} s")


class CopySession:
    """One psql process, started once: one connection and one authentication for every timed COPY. psql reads the
    binary COPY output off the socket and discards it (\g /dev/null); its stdout then carries the server's
    "COPY n" tag, read here, and a marker line that keeps the two in step."""

    def __init__(self, pg, log_path):
        self.schema = pg.args.schema
        self.stderr = open(log_path, "w")
        self.process = subprocess.Popen(pg.psql_command(), env=pg.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.stderr, text=True, bufsize=1)
        self.log_path = log_path
        self.commands = 0

    def _line(self):
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"psql ended (exit {self.process.poll()}); see {self.log_path}")
        return line.rstrip("\n")

    def copy(self, rows, target):
        """Runs one COPY into `target` (a file name); returns (seconds until the COPY tag, rows in the tag)."""
        self.commands += 1
        marker = f"__bench_copy_{self.commands}__"
        started = time.perf_counter()
        self.process.stdin.write(f"{copy_sql(self.schema, rows)} \\g {target}\n\\echo {marker}\n")
        self.process.stdin.flush()
        tag = self._line()
        elapsed = time.perf_counter() - started
        if self._line() != marker or not tag.startswith("COPY "):
            raise SystemExit(f"psql answered '{tag}' to a COPY; see {self.log_path}")
        return elapsed, int(tag.split()[1])

    def seconds(self, rows):
        elapsed, tagged = self.copy(rows, "/dev/null")
        if tagged != rows:
            raise SystemExit(f"COPY sent {tagged} rows, expected {rows}")
        return elapsed

    def check_output(self, rows):
        """Untimed: the binary output of the same COPY, written to a file, holds exactly `rows` tuples."""
        with tempfile.TemporaryDirectory(prefix="quiver-bench-copy-") as tmp:
            path = Path(tmp) / "copy.bin"
            _, tagged = self.copy(rows, path)
            try:
                tuples = binary_copy_tuples(path.read_bytes(), 6)
            except ValueError as e:
                raise SystemExit(f"COPY of {rows} rows: the binary output is malformed: {e}")
        if tagged != rows or tuples != rows:
            raise SystemExit(f"COPY of {rows} rows: tag said {tagged}, the output holds {tuples} tuples")
        return tuples

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()


class Server:
    """The flight-server jar as a child process on the bench schema."""

    def __init__(self, args, name, jvm_options, server_options=()):
        self.flight_port, self.http_port = free_port(), free_port()
        a = args
        url = f"jdbc:postgresql://{a.pg_host}:{a.pg_port}/{a.pg_db}?currentSchema={a.schema}"
        self.log_path = ROOT / "bench-results" / f"server-{name}.log"
        self.log_file = open(self.log_path, "w")
        cmd = ["java", *jvm_options, "-jar", str(JAR), "--flight-port", str(self.flight_port),
               "--http-port", str(self.http_port), "--jdbc-url", url, "--db-user", a.pg_user, "--db-password", a.pg_password,
               *server_options]
        log(f"starting server ({' '.join(jvm_options)}) on grpc://127.0.0.1:{self.flight_port} and "
            f"http://127.0.0.1:{self.http_port}")
        self.process = subprocess.Popen(cmd, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server exited with {self.process.returncode}; see {self.log_path}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/health", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"server did not answer /health within 60 s; see {self.log_path}")

    def heap_used(self):
        """Bytes of heap in use, from the server's Prometheus /metrics."""
        text = urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/metrics", timeout=10).read().decode()
        total = 0.0
        for line in text.splitlines():
            if line.startswith("jvm_memory_used_bytes{") and 'area="heap"' in line:
                total += float(line.rsplit(" ", 1)[1])
        if total <= 0:
            raise ValueError("no jvm_memory_used_bytes{area=\"heap\"} in /metrics")
        return int(total)

    def rss(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        raise ValueError(f"no VmRSS in /proc/{self.process.pid}/status")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_file.close()


def graphql(rows, fields=COLUMNS_GQL):
    return "{ orders(limit: %d) { %s } }" % (rows, fields)


def graphql_roots(rows, fields=COLUMNS_GQL):
    """The orders 1..rows, which have items (see flight_roots in the docstring)."""
    return "{ orders(where: {id: {lte: %d}}, limit: %d) { %s } }" % (rows, rows, fields)


def flight_table(client, query):
    """(seconds, table): GraphQL in -> pyarrow.Table out, every batch read."""
    ticket = flight.Ticket(json.dumps({"query": query}).encode())
    started = time.perf_counter()
    table = client.do_get(ticket).read_all()
    return time.perf_counter() - started, table


def flight_seconds(client, rows):
    elapsed, table = flight_table(client, graphql(rows))
    if table.num_rows != rows:
        raise SystemExit(f"flight returned {table.num_rows} rows, expected {rows}")
    return elapsed


def flight_roots_seconds(client, rows):
    elapsed, table = flight_table(client, graphql_roots(rows))
    if table.num_rows != rows:
        raise SystemExit(f"flight (roots) returned {table.num_rows} rows, expected {rows}")
    return elapsed


def flight_nested_seconds(client, rows):
    """The same root rows with their user (to-one) and their items (to-many), each with its product (to-one).
    Checked after the clock stops: `rows` orders, a user on each, ITEMS_PER_ORDER items each with a product."""
    elapsed, table = flight_table(client, graphql_roots(rows, NESTED_GQL))
    if table.num_rows != rows:
        raise SystemExit(f"flight (nested) returned {table.num_rows} rows, expected {rows}")
    users = table.column("user").null_count
    items = pc.list_flatten(table.column("items"))
    products = pc.struct_field(items, "product").null_count if len(items) else 0
    if users or products or len(items) != ITEMS_PER_ORDER * rows:
        raise SystemExit(f"flight (nested) of {rows} orders: {users} without a user, {len(items)} items (expected "
                         f"{ITEMS_PER_ORDER * rows}), {products} items without a product")
    return elapsed


class SplitFlight:
    """flight_endpoints: GetFlightInfo asking for `endpoints` endpoints, then one DoGet per endpoint on as many
    threads (pyarrow releases the GIL while it reads), the tables joined in endpoint order."""

    def __init__(self, client, endpoints):
        self.client = client
        self.endpoints = endpoints
        self.pool = ThreadPoolExecutor(max_workers=endpoints, thread_name_prefix="bench-endpoint")

    def table(self, query):
        """(seconds, table, endpoints given): GetFlightInfo in -> one pyarrow.Table out."""
        command = json.dumps({"query": query, "endpoints": self.endpoints}).encode()
        started = time.perf_counter()
        info = self.client.get_flight_info(flight.FlightDescriptor.for_command(command))
        futures = [self.pool.submit(lambda e: self.client.do_get(e.ticket).read_all(), endpoint)
                   for endpoint in info.endpoints]
        table = pa.concat_tables([f.result() for f in futures])
        return time.perf_counter() - started, table, len(info.endpoints)

    def seconds(self, rows):
        elapsed, table, given = self.table(graphql(rows))
        if table.num_rows != rows:
            raise SystemExit(f"flight_endpoints returned {table.num_rows} rows, expected {rows}")
        if given != min(self.endpoints, rows):
            raise SystemExit(f"flight_endpoints: the server gave {given} endpoints for {rows} rows, expected "
                             f"{self.endpoints}; see {ROOT / 'bench-results' / 'server-compare.log'}")
        ids = pc.cast(table.column("id"), pa.int64())
        if rows > 1 and not pc.all(pc.greater(ids[1:], ids[:-1])).as_py():
            raise SystemExit("flight_endpoints: the joined endpoints are not in ascending id order")
        return elapsed

    def close(self):
        self.pool.shutdown()


class Adbc:
    """The ADBC PostgreSQL driver (adbc_driver_postgresql, DB-API): one connection opened once, like the Flight
    client; each run executes the same SELECT as the COPY and fetches it as a pyarrow.Table."""

    def __init__(self, args):
        a = args
        self.schema = a.schema
        self.connection = adbc_postgresql.connect(
            f"postgresql://{quote(a.pg_user, safe='')}:{quote(a.pg_password, safe='')}@{a.pg_host}:{a.pg_port}/"
            f"{quote(a.pg_db, safe='')}", autocommit=True)

    def seconds(self, rows):
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            cursor.execute(select_sql(self.schema, rows))
            table = cursor.fetch_arrow_table()
        elapsed = time.perf_counter() - started
        if table.num_rows != rows:
            raise SystemExit(f"adbc returned {table.num_rows} rows, expected {rows}")
        return elapsed

    def nested_seconds(self, rows):
        """The data of flight_nested as two joined flat tables (see adbc_nested in the docstring)."""
        s = self.schema
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT o.id, o.user_id, o.status, o.total, o.item_count, o.created_at, u.id AS user_key, "
                           f"u.name AS user_name FROM {s}.orders o JOIN {s}.users u ON u.id = o.user_id "
                           f"WHERE o.id <= {rows}")
            orders = cursor.fetch_arrow_table()
            cursor.execute(f"SELECT i.order_id, i.quantity, p.name, p.price FROM {s}.order_items i "
                           f"JOIN {s}.products p ON p.id = i.product_id WHERE i.order_id <= {rows} "
                           f"ORDER BY i.order_id, i.id")
            items = cursor.fetch_arrow_table()
        elapsed = time.perf_counter() - started
        if orders.num_rows != rows or items.num_rows != ITEMS_PER_ORDER * rows:
            raise SystemExit(f"adbc (nested) of {rows} orders returned {orders.num_rows} orders and "
                             f"{items.num_rows} items, expected {rows} and {ITEMS_PER_ORDER * rows}")
        return elapsed

    def close(self):
        self.connection.close()


class HttpJson:
    """POST /graphql on one keep-alive connection; counts the connections it had to open."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.socket = None
        self.connections_opened = 0

    def post(self, query):
        body = json.dumps({"query": query}).encode()
        self.connection.request("POST", "/graphql", body=body, headers={"Content-Type": "application/json"})
        if self.connection.sock is not self.socket:
            self.socket = self.connection.sock
            self.connections_opened += 1
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise SystemExit(f"http answered {response.status}: {data[:300]!r}")
        return data

    def seconds(self, rows):
        """(receive, parse): request sent to the last byte of the body, then json.loads of it."""
        started = time.perf_counter()
        data = self.post(graphql(rows))
        received = time.perf_counter()
        result = json.loads(data)
        parsed = time.perf_counter()
        got = len(result["data"]["orders"])
        if got != rows:
            raise SystemExit(f"http returned {got} rows, expected {rows}")
        return received - started, parsed - received

    def close(self):
        self.connection.close()


def same_rows_as_psql(pg, client, server, rows=2000):
    """pyarrow over Flight, the Java `quiver` CLI (QuiverClient), HTTP/JSON and psql: same ordered rows, same values."""
    gql = "{ orders(limit: %d, orderBy: [{id: ASC}]) { %s } }" % (rows, COLUMNS_GQL)
    table = client.do_get(flight.Ticket(json.dumps({"query": gql}).encode())).read_all()
    via_flight = [(str(r["id"]), str(r["userId"]), r["status"], f"{r['total']:.2f}", r["itemCount"],
                   int(r["createdAt"].timestamp() * 1_000_000)) for r in table.to_pylist()]
    request = urllib.request.Request(f"http://127.0.0.1:{server.http_port}/graphql",
                                     data=json.dumps({"query": gql}).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        via_http = [(str(r["id"]), str(r["userId"]), r["status"], f"{r['total']:.2f}", r["itemCount"], r["createdAt"])
                    for r in json.loads(response.read())["data"]["orders"]]
    out = pg.psql(f"SELECT id, user_id, status, total, item_count, (extract(epoch FROM created_at) * 1000000)::bigint,"
                  f" to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                  f" FROM {pg.args.schema}.orders ORDER BY id LIMIT {rows}").stdout
    via_psql = [line.split("|") for line in out.strip().splitlines()]
    flight_expected = [(c[0], c[1], c[2], c[3], int(c[4]), int(c[5])) for c in via_psql]
    http_expected = [(c[0], c[1], c[2], c[3], int(c[4]), c[6]) for c in via_psql]
    cli = subprocess.run([str(ROOT / "client" / "bin" / "quiver"), "query", gql, "--format", "csv",
                          "--server", f"grpc://127.0.0.1:{server.flight_port}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if cli.returncode != 0:
        raise SystemExit(f"the quiver CLI failed: {cli.stderr.strip()}")
    via_cli = [tuple(line.split(",")) for line in cli.stdout.strip().splitlines()[1:]]
    cli_expected = [(c[0], c[1], c[2], c[3], c[4], c[6]) for c in via_psql]
    if via_cli != cli_expected:
        raise SystemExit("the Java quiver CLI and psql disagree on the first %d orders" % rows)
    if via_flight != flight_expected:
        raise SystemExit("Flight and psql disagree on the first %d orders" % rows)
    if via_http != http_expected:
        raise SystemExit("HTTP/JSON and psql disagree on the first %d orders" % rows)
    log(f"pyarrow over Flight, the Java quiver CLI, HTTP/JSON and psql return the same {rows:,} ordered rows,"
        " value for value")
    return rows


def compare(args, pg, sizes):
    server = Server(args, "compare", ["-Xmx1g"], ["--max-endpoints", str(args.endpoints)])
    copy = client = web = adbc = split = None
    try:
        client = flight.connect(f"grpc://127.0.0.1:{server.flight_port}")
        split = SplitFlight(client, args.endpoints)
        checked = same_rows_as_psql(pg, client, server)
        copy = CopySession(pg, ROOT / "bench-results" / "psql-copy.log")
        copy_checked = {n: copy.check_output(n) for n in sizes}
        log(f"COPY output checked, tuple by tuple: {', '.join(f'{n:,}' for n in copy_checked)} rows")
        web = HttpJson(server.http_port)
        adbc = Adbc(args)
        warm = min(sizes)  # the JIT, the pools and PostgreSQL's buffers, once per transport, not measured
        flight_seconds(client, warm)
        split.seconds(warm)
        web.seconds(warm)
        copy.seconds(warm)
        adbc.seconds(warm)
        flight_roots_seconds(client, warm)
        flight_nested_seconds(client, warm)
        adbc.nested_seconds(warm)
        samples = {n: {"flight": [], "flight_endpoints": [], "http_receive": [], "http_parse": [], "copy": [], "adbc": [],
                       "flight_roots": [], "flight_nested": [], "adbc_nested": []}
                   for n in sizes}
        for run in range(1, args.runs + 1):
            for n in sizes:  # interleaved so drift hits every transport alike
                samples[n]["flight"].append(flight_seconds(client, n))
                samples[n]["flight_endpoints"].append(split.seconds(n))
                receive, parse = web.seconds(n)
                samples[n]["http_receive"].append(receive)
                samples[n]["http_parse"].append(parse)
                samples[n]["copy"].append(copy.seconds(n))
                samples[n]["adbc"].append(adbc.seconds(n))
                samples[n]["flight_roots"].append(flight_roots_seconds(client, n))
                samples[n]["flight_nested"].append(flight_nested_seconds(client, n))
                samples[n]["adbc_nested"].append(adbc.nested_seconds(n))
            log(f"run {run}/{args.runs} done")
        http_connections = web.connections_opened
    finally:
        for closeable in (adbc, web, copy, split, client):
            if closeable is not None:
                closeable.close()
        server.stop()
    results = []
    for n in sizes:
        s = samples[n]
        s["http"] = [r + p for r, p in zip(s["http_receive"], s["http_parse"])]
        med = {k: statistics.median(v) for k, v in s.items()}
        results.append({
            "rows": n,
            "median_seconds": med,
            "samples_seconds": s,
            "rows_per_second": {k: n / med[k] for k in ("flight", "http", "http_receive", "copy", "adbc", "flight_roots",
                                                       "flight_nested", "adbc_nested", "flight_endpoints")},
            "flight_speedup_vs_http": med["http"] / med["flight"],
            "flight_speedup_vs_http_receive_only": med["http_receive"] / med["flight"],
            "flight_vs_copy": med["flight"] / med["copy"],
            "flight_vs_adbc": med["flight"] / med["adbc"],
            "adbc_vs_copy": med["adbc"] / med["copy"],
            "nested_vs_flat": med["flight_nested"] / med["flight_roots"],
            "nested_vs_adbc_nested": med["flight_nested"] / med["adbc_nested"],
            "endpoints_vs_copy": med["flight_endpoints"] / med["copy"],
            "endpoints_vs_flight": med["flight_endpoints"] / med["flight"],
        })
    return {"same_rows_as_psql": checked, "copy_output_tuples_checked": copy_checked, "endpoints": args.endpoints,
            "http_connections_opened": http_connections, "results": results}


def big_stream(args):
    heap_limit = size_bytes(args.big_heap)
    server = Server(args, f"big-{args.big_heap}", [f"-Xms{args.big_heap}", f"-Xmx{args.big_heap}", "-XX:+AlwaysPreTouch"])
    samples = []
    failure = []
    progress = [0]
    done = threading.Event()

    def sample():
        try:
            while not done.is_set():
                samples.append((progress[0], server.heap_used(), server.rss()))
                done.wait(SAMPLE_SECONDS)
        except (OSError, ValueError) as e:  # reported after the stream: a sample that failed ends the run
            failure.append(e)

    try:
        client = flight.connect(f"grpc://127.0.0.1:{server.flight_port}")
        warm = min(BIG_WARM_UP_ROWS, args.big_rows)
        flight_seconds(client, warm)  # the stream measured runs on a warm server
        sampler = threading.Thread(target=sample, daemon=True)
        ticket = flight.Ticket(json.dumps({"query": graphql(args.big_rows)}).encode())
        started = time.perf_counter()
        batches = 0
        reader = client.do_get(ticket)
        sampler.start()
        for chunk in reader:
            progress[0] += chunk.data.num_rows
            batches += 1
            if batches % 20 == 0:
                log(f"big stream: {progress[0]:,} of {args.big_rows:,} rows")
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
        client.close()
    finally:
        done.set()
        server.stop()
    rows = progress[0]
    if failure:
        raise SystemExit(f"memory sampler failed during the big stream: {failure[0]!r}")
    if rows != args.big_rows:
        raise SystemExit(f"big stream returned {rows} rows, expected {args.big_rows}")
    heap_thirds, rss_thirds = thirds(samples, rows, 1), thirds(samples, rows, 2)
    judged = heap_thirds is not None
    heap_max = max(s[1] for s in samples) if samples else None
    return {
        "rows": rows, "batches": batches, "seconds": elapsed, "rows_per_second": rows / elapsed,
        "server_heap": args.big_heap, "server_jvm": f"-Xms{args.big_heap} -Xmx{args.big_heap} -XX:+AlwaysPreTouch",
        "warm_up_rows": warm, "samples": len(samples),
        "heap_max_bytes": heap_max, "rss_max_bytes": max(s[2] for s in samples) if samples else None,
        "heap_max_first_third": heap_thirds[0] if judged else None,
        "heap_max_last_third": heap_thirds[1] if judged else None,
        "rss_max_first_third": rss_thirds[0] if judged else None,
        "rss_max_last_third": rss_thirds[1] if judged else None,
        "heap_bounded": heap_max < HEAP_BOUND_FRACTION * heap_limit if judged else None,
        "rss_flat": rss_thirds[1] <= rss_thirds[0] + RSS_MARGIN_BYTES if judged else None,
        "not_judged_because": None if judged else "fewer than 2 memory samples in the first or the last third of the rows",
    }


def targets_of(compared, big):
    top = compared["results"][-1]
    at = f"at {top['rows']:,} rows"
    targets = [
        target("flight_vs_http_json_speedup", f">= {TARGET_FLIGHT_VS_HTTP:.0f}", top["flight_speedup_vs_http"],
               top["flight_speedup_vs_http"] >= TARGET_FLIGHT_VS_HTTP, "x",
               f"{at}; HTTP timed as receive + json.loads (receive only: {top['flight_speedup_vs_http_receive_only']:.1f}x)"),
        target("flight_vs_copy", f"<= {TARGET_FLIGHT_VS_COPY:g}", top["flight_vs_copy"],
               top["flight_vs_copy"] <= TARGET_FLIGHT_VS_COPY, "x", f"{at}; Flight seconds / COPY seconds"),
        target("flight_faster_than_adbc", f"< {TARGET_FLIGHT_VS_ADBC:g}", top["flight_vs_adbc"],
               top["flight_vs_adbc"] < TARGET_FLIGHT_VS_ADBC, "x", f"{at}; Flight seconds / ADBC seconds"),
        target("nested_within_2x_of_flat", f"<= {TARGET_NESTED_VS_FLAT:g}", top["nested_vs_flat"],
               top["nested_vs_flat"] <= TARGET_NESTED_VS_FLAT, "x",
               f"{at}; Flight nested (user, items.product) seconds / Flight flat seconds, same root rows"),
    ]
    if big:
        targets.append(target("big_stream_heap_below_90pct_of_xmx", f"< 0.9 x {big['server_heap']}",
                              big["heap_max_bytes"], big["heap_bounded"], "bytes", big["not_judged_because"]))
        growth = (big["rss_max_last_third"] - big["rss_max_first_third"]) if big["rss_flat"] is not None else None
        targets.append(target("big_stream_rss_flat", "last third <= first third + 32 MiB", growth, big["rss_flat"],
                              "bytes", big["not_judged_because"]))
    return targets


def print_report(report, out):
    compared, big = report["compare"], report["big_stream"]
    print()
    print(f"Flight vs HTTP/JSON vs COPY vs ADBC (orders, 6 columns; median of {report['runs']} runs; HTTP on "
          f"{compared['http_connections_opened']} keep-alive connection(s); COPY through one psql session; ADBC on "
          f"one connection; roots = Flight flat over orders 1..n, nested = the same with user and items.product; "
          f"endpoints = Flight split over {compared['endpoints']} endpoints read at once)")
    print(f"{'rows':>10} {'flight s':>9} {'http s':>9} {'(recv':>8} {'+ parse)':>9} {'copy s':>9} {'adbc s':>9} "
          f"{'roots s':>9} {'nested s':>9} {'flight rows/s':>14} {'flight/http x':>14} {'(recv only)':>12} {'flight/copy':>12} "
          f"{'flight/adbc':>12} {'adbc/copy':>10} {'nested/flat':>12} {'adbc nested s':>14} {'nested/adbc':>12} "
          f"{'endpoints s':>12} {'endp/copy':>10} {'endp/flight':>12}")
    for r in compared["results"]:
        m = r["median_seconds"]
        print(f"{r['rows']:>10,} {m['flight']:>9.3f} {m['http']:>9.3f} {m['http_receive']:>8.3f} {m['http_parse']:>9.3f} "
              f"{m['copy']:>9.3f} {m['adbc']:>9.3f} {m['flight_roots']:>9.3f} {m['flight_nested']:>9.3f} "
              f"{r['rows_per_second']['flight']:>14,.0f} "
              f"{r['flight_speedup_vs_http']:>13.1f}x {r['flight_speedup_vs_http_receive_only']:>11.1f}x "
              f"{r['flight_vs_copy']:>11.2f}x {r['flight_vs_adbc']:>11.2f}x {r['adbc_vs_copy']:>9.2f}x "
              f"{r['nested_vs_flat']:>11.2f}x {m['adbc_nested']:>14.3f} {r['nested_vs_adbc_nested']:>11.2f}x "
              f"{m['flight_endpoints']:>12.3f} {r['endpoints_vs_copy']:>9.2f}x {r['endpoints_vs_flight']:>11.2f}x")
    if big:
        judged = (f"heap {'bounded' if big['heap_bounded'] else 'NEAR ITS LIMIT'}, RSS "
                  f"{'flat' if big['rss_flat'] else 'GROWING'}" if big["heap_bounded"] is not None
                  else f"not judged: {big['not_judged_because']}")
        print()
        print(f"{big['rows']:,} rows through Flight with the server at {big['server_jvm']}: {big['seconds']:.1f} s "
              f"({big['rows_per_second']:,.0f} rows/s); {big['samples']} samples: heap max {mib(big['heap_max_bytes'])} "
              f"(first third {mib(big['heap_max_first_third'])}, last third {mib(big['heap_max_last_third'])}); "
              f"RSS max {mib(big['rss_max_bytes'])} (first third {mib(big['rss_max_first_third'])}, last third "
              f"{mib(big['rss_max_last_third'])}): {judged}")
    print("targets:")
    for t in report["targets"]:
        measured = t["measured"]
        shown = "-" if measured is None else mib(measured) if t["unit"] == "bytes" else f"{measured:,.2f}{t['unit']}"
        print(f"  {t['name']}: {t['target']}{'' if t['unit'] == 'bytes' else t['unit']}, measured {shown}: "
              f"{verdict(t['met'])}" + (f" ({t['note']})" if t.get("note") else ""))
    print(f"\nwritten to {out}")


def stop_on_sigterm(signum, frame):
    """SIGTERM (a CI timeout, kill) ends the run like Ctrl-C does: through the finally blocks that stop the server."""
    raise SystemExit(f"stopped by signal {signum}")


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    args = parse_args()
    sizes = args.size_list
    if not JAR.exists():
        raise SystemExit(f"{JAR} is missing; build it with: mvn -q -pl flight-server -am package -DskipTests")
    if shutil.which("psql") is None:
        raise SystemExit("psql is missing; scripts/services.sh up installs PostgreSQL and its client")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    (ROOT / "bench-results").mkdir(exist_ok=True)  # the servers' and psql's logs go there whatever --out says
    pg = Postgres(args)
    pg.seed(max(sizes + [args.big_rows]), max(sizes))
    compared = compare(args, pg, sizes)
    big = big_stream(args) if args.big_rows > 0 else None
    report = {"benchmark": "flight", "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
              "runs": args.runs, "compare": compared, "big_stream": big}
    report["targets"] = targets_of(compared, big)
    report["targets_missed"] = [t["name"] for t in report["targets"] if t["met"] is not True]
    report["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    Path(args.out).write_text(json.dumps(report, indent=2))
    print_report(report, args.out)
    if args.strict and report["targets_missed"]:
        print(f"--strict: targets missed or not judged: {', '.join(report['targets_missed'])}", file=sys.stderr)
        sys.exit(EXIT_TARGET_MISSED)


if __name__ == "__main__":
    main()
