#!/usr/bin/env python3
"""Flight vs HTTP/JSON vs PostgreSQL COPY: the query-path benchmark of `make bench`.

Every figure comes from a real run: a real PostgreSQL (scripts/services.sh), the real flight-server jar started
as a child process on that PostgreSQL, the real pyarrow Flight client, a real HTTP client and the real psql.

What it measures, side by side in one run (sizes interleaved, median of --runs runs each):
  flight  GraphQL in -> pyarrow.Table out (DoGet, all batches read)
  http    GraphQL in -> the streamed JSON response read and parsed into Python objects
  copy    psql -c "COPY (SELECT the same 6 columns ... LIMIT n) TO STDOUT (FORMAT binary)" > /dev/null: the floor
Then a --big-rows query (default 10M) through Flight with the server at -Xmx256m, sampling its heap (from
/metrics) and RSS (from /proc) to show memory stays flat while the stream runs.

Writes bench-results/flight.json and prints the tables.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pyarrow.flight as flight

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "flight-server" / "target" / "quiver-flight-server.jar"
SHOP_SQL = ROOT / "flight-server" / "src" / "main" / "resources" / "dev" / "quiver" / "flight" / "demo" / "shop.sql"
COLUMNS_GQL = "id userId status total itemCount createdAt"
COLUMNS_SQL = "id, user_id, status, total, item_count, created_at"
TARGET_FLIGHT_VS_HTTP = 10.0
TARGET_FLIGHT_VS_COPY = 2.0


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="10000,100000,1000000", help="row counts to compare (default %(default)s)")
    p.add_argument("--runs", type=int, default=5, help="runs per size and transport; the median is reported (default %(default)s)")
    p.add_argument("--big-rows", type=int, default=10_000_000, help="rows of the flat-heap run at -Xmx256m; 0 skips it (default %(default)s)")
    p.add_argument("--big-heap", default="256m", help="-Xmx of the flat-heap run (default %(default)s)")
    p.add_argument("--pg-host", default=os.environ.get("QUIVER_POSTGRES_HOST", "127.0.0.1"))
    p.add_argument("--pg-port", type=int, default=int(os.environ.get("QUIVER_POSTGRES_PORT", "5432")))
    p.add_argument("--pg-db", default="quiver")
    p.add_argument("--pg-user", default="quiver")
    p.add_argument("--pg-password", default="quiver")
    p.add_argument("--schema", default="quiver_bench", help="PostgreSQL schema holding the bench data (default %(default)s)")
    p.add_argument("--out", default=str(ROOT / "bench-results" / "flight.json"))
    return p.parse_args()


class Postgres:
    def __init__(self, args):
        self.args = args
        self.env = dict(os.environ, PGPASSWORD=args.pg_password)

    def psql(self, sql, out=subprocess.PIPE):
        a = self.args
        done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", a.pg_host, "-p", str(a.pg_port),
                               "-U", a.pg_user, "-d", a.pg_db, "-At", "-c", sql],
                              env=self.env, stdout=out, stderr=subprocess.PIPE, text=out is subprocess.PIPE)
        if done.returncode != 0:
            error = done.stderr if isinstance(done.stderr, str) else done.stderr.decode(errors="replace")
            raise SystemExit(f"psql failed ({error.strip()}) running: {sql[:200]}")
        return done

    def scalar(self, sql):
        return self.psql(sql).stdout.strip()

    def seed(self, orders):
        """Creates the shop tables in the bench schema and fills orders with `orders` rows (kept between runs)."""
        s = self.args.schema
        self.psql(f"CREATE SCHEMA IF NOT EXISTS {s}")
        self.psql(f"SET search_path TO {s}; " + SHOP_SQL.read_text())
        have = int(self.scalar(f"SELECT count(*) FROM {s}.orders"))
        if have == orders:
            log(f"{s}.orders already holds {orders:,} rows")
            return
        log(f"seeding {s}.orders with {orders:,} rows (generate_series; once per machine)")
        started = time.monotonic()
        self.psql(f"TRUNCATE {s}.orders")
        self.psql(f"""INSERT INTO {s}.orders (id, user_id, status, total, item_count, created_at)
            SELECT g, 1 + (g * 7919) % 100000,
                   (ARRAY['NEW','PAID','SHIPPED','DELIVERED','CANCELLED'])[1 + g % 5],
                   round(((g * 104729) % 100000) / 100.0 + 1, 2), 1 + g % 7,
                   timestamptz '2024-01-01 00:00:00+00' + (g % 31536000) * interval '1 second'
            FROM generate_series(1::bigint, {orders}::bigint) AS g""")
        self.psql(f"ANALYZE {s}.orders")
        log(f"seeded in {time.monotonic() - started:.1f} s")

    def copy_seconds(self, rows):
        sql = f"COPY (SELECT {COLUMNS_SQL} FROM {self.args.schema}.orders LIMIT {rows}) TO STDOUT (FORMAT binary)"
        with open(os.devnull, "wb") as devnull:
            started = time.perf_counter()
            self.psql(sql, out=devnull)
            return time.perf_counter() - started


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The flight-server jar as a child process on the bench schema."""

    def __init__(self, args, heap):
        self.flight_port, self.http_port = free_port(), free_port()
        a = args
        url = f"jdbc:postgresql://{a.pg_host}:{a.pg_port}/{a.pg_db}?currentSchema={a.schema}"
        self.log_path = ROOT / "bench-results" / f"server-{heap}.log"
        self.log_file = open(self.log_path, "w")
        cmd = ["java", f"-Xmx{heap}", "-jar", str(JAR), "--port", str(self.flight_port),
               "--http-port", str(self.http_port), "--jdbc-url", url, "--db-user", a.pg_user, "--db-password", a.pg_password]
        log(f"starting server (-Xmx{heap}) on grpc://127.0.0.1:{self.flight_port} and http://127.0.0.1:{self.http_port}")
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
        raise SystemExit(f"server did not answer /health within 60 s; see {self.log_path}")

    def heap_used(self):
        """Bytes of heap in use, from the server's Prometheus /metrics."""
        text = urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/metrics", timeout=5).read().decode()
        total = 0.0
        for line in text.splitlines():
            if line.startswith("jvm_memory_used_bytes{") and 'area="heap"' in line:
                total += float(line.rsplit(" ", 1)[1])
        return total

    def rss(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log_file.close()


def graphql(rows):
    return "{ orders(limit: %d) { %s } }" % (rows, COLUMNS_GQL)


def flight_seconds(client, rows):
    ticket = flight.Ticket(json.dumps({"query": graphql(rows)}).encode())
    started = time.perf_counter()
    table = client.do_get(ticket).read_all()
    elapsed = time.perf_counter() - started
    if table.num_rows != rows:
        raise SystemExit(f"flight returned {table.num_rows} rows, expected {rows}")
    return elapsed


def http_seconds(server, rows):
    body = json.dumps({"query": graphql(rows)}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{server.http_port}/graphql", data=body,
                                     headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        result = json.loads(response.read())
    elapsed = time.perf_counter() - started
    got = len(result["data"]["orders"])
    if got != rows:
        raise SystemExit(f"http returned {got} rows, expected {rows}")
    return elapsed


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
    server = Server(args, "1g")
    try:
        client = flight.connect(f"grpc://127.0.0.1:{server.flight_port}")
        checked = same_rows_as_psql(pg, client, server)
        flight_seconds(client, 1000)  # warm the JIT and the pools once, not measured
        http_seconds(server, 1000)
        samples = {n: {"flight": [], "http": [], "copy": []} for n in sizes}
        for run in range(1, args.runs + 1):
            for n in sizes:  # interleaved so drift hits every transport alike
                samples[n]["flight"].append(flight_seconds(client, n))
                samples[n]["http"].append(http_seconds(server, n))
                samples[n]["copy"].append(pg.copy_seconds(n))
            log(f"run {run}/{args.runs} done")
        client.close()
    finally:
        server.stop()
    results = []
    for n in sizes:
        med = {k: statistics.median(v) for k, v in samples[n].items()}
        results.append({
            "rows": n,
            "median_seconds": med,
            "samples_seconds": samples[n],
            "rows_per_second": {k: n / v for k, v in med.items()},
            "flight_speedup_vs_http": med["http"] / med["flight"],
            "flight_vs_copy": med["flight"] / med["copy"],
        })
    return checked, results


def big_stream(args):
    server = Server(args, args.big_heap)
    samples = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            try:
                samples.append((time.monotonic(), server.heap_used(), server.rss()))
            except OSError:
                pass
            done.wait(0.25)

    try:
        client = flight.connect(f"grpc://127.0.0.1:{server.flight_port}")
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        ticket = flight.Ticket(json.dumps({"query": graphql(args.big_rows)}).encode())
        started = time.perf_counter()
        rows = batches = 0
        reader = client.do_get(ticket)
        for chunk in reader:
            rows += chunk.data.num_rows
            batches += 1
            if batches % 20 == 0:
                log(f"big stream: {rows:,} of {args.big_rows:,} rows")
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
        client.close()
    finally:
        done.set()
        server.stop()
    if rows != args.big_rows:
        raise SystemExit(f"big stream returned {rows} rows, expected {args.big_rows}")
    third = max(1, len(samples) // 3)
    first, last = samples[:third], samples[-third:]
    result = {
        "rows": rows, "batches": batches, "seconds": elapsed, "rows_per_second": rows / elapsed,
        "server_xmx": args.big_heap, "samples": len(samples),
        "heap_max_bytes": max(s[1] for s in samples), "rss_max_bytes": max(s[2] for s in samples),
        "heap_max_first_third": max(s[1] for s in first), "heap_max_last_third": max(s[1] for s in last),
        "rss_first_third_max": max(s[2] for s in first), "rss_last_third_max": max(s[2] for s in last),
    }
    # flat: the last third of the stream needs no more memory than the first third, give or take GC timing
    result["rss_flat"] = result["rss_last_third_max"] <= result["rss_first_third_max"] * 1.25
    return result


def mib(b):
    return f"{b / 2**20:,.0f} MiB"


def main():
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if not JAR.exists():
        raise SystemExit(f"{JAR} is missing; build it with: mvn -q -pl flight-server -am package -DskipTests")
    if shutil.which("psql") is None:
        raise SystemExit("psql is missing; scripts/services.sh up installs PostgreSQL and its client")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    pg = Postgres(args)
    pg.seed(max(sizes + [args.big_rows]))
    checked, results = compare(args, pg, sizes)
    big = big_stream(args) if args.big_rows > 0 else None

    print()
    print("Flight vs HTTP/JSON vs COPY (orders, 6 columns; median of %d runs)" % args.runs)
    print(f"{'rows':>10} {'flight s':>9} {'http s':>9} {'copy s':>9} {'flight rows/s':>14} {'flight/http x':>14} {'flight/copy':>12}")
    for r in results:
        m = r["median_seconds"]
        print(f"{r['rows']:>10,} {m['flight']:>9.3f} {m['http']:>9.3f} {m['copy']:>9.3f} "
              f"{r['rows_per_second']['flight']:>14,.0f} {r['flight_speedup_vs_http']:>13.1f}x {r['flight_vs_copy']:>11.2f}x")
    top = results[-1]
    targets = {
        "flight_at_least_10x_http": top["flight_speedup_vs_http"] >= TARGET_FLIGHT_VS_HTTP,
        "flight_within_2x_copy": top["flight_vs_copy"] <= TARGET_FLIGHT_VS_COPY,
    }
    print(f"targets at {top['rows']:,} rows: Flight >= {TARGET_FLIGHT_VS_HTTP:.0f}x HTTP/JSON: "
          f"{'met' if targets['flight_at_least_10x_http'] else 'MISSED'} ({top['flight_speedup_vs_http']:.1f}x); "
          f"Flight within {TARGET_FLIGHT_VS_COPY:.0f}x of COPY: {'met' if targets['flight_within_2x_copy'] else 'MISSED'} "
          f"({top['flight_vs_copy']:.2f}x)")
    if big:
        print()
        print(f"{big['rows']:,} rows through Flight with the server at -Xmx{big['server_xmx']}: {big['seconds']:.1f} s "
              f"({big['rows_per_second']:,.0f} rows/s); heap max {mib(big['heap_max_bytes'])} "
              f"(first third {mib(big['heap_max_first_third'])}, last third {mib(big['heap_max_last_third'])}); "
              f"RSS max {mib(big['rss_max_bytes'])} (first third {mib(big['rss_first_third_max'])}, last third "
              f"{mib(big['rss_last_third_max'])}): {'flat' if big['rss_flat'] else 'GROWING'}")
        targets["big_stream_flat"] = big["rss_flat"]
    report = {"benchmark": "flight", "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
              "runs": args.runs, "same_rows_as_psql": checked, "results": results, "big_stream": big, "targets": targets,
              "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
