#!/usr/bin/env python3
"""Event pipeline benchmark of `make bench`: NATS JetStream -> event-bridge -> ClickHouse + Elasticsearch.

Every figure comes from a real run: the real services of scripts/services.sh, the real event-bridge jar as a child
process, events published by the real generator (`quiver events generate`), counts read back from ClickHouse and
Elasticsearch. Each run uses its own stream, ClickHouse database and index prefix, removed afterwards.

Phases:
  offered   --rate events/s for --seconds into both sinks: sustained events/s per sink, and produce -> visible in
            ClickHouse latency p50/p99 (each event's occurred_at against the moment a 100 ms poll first saw it)
  backlog   --backlog events published while the bridge is stopped, then drained by a bridge feeding ClickHouse
            only: the maximum ClickHouse rate, and the bridge's heap and RSS while it drains (flat = bounded)
  es-max    --es-backlog events drained by a bridge feeding Elasticsearch only: the maximum Elasticsearch rate
Writes bench-results/events.json and prints the table.
"""
import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRIDGE_JAR = ROOT / "event-bridge" / "target" / "quiver-event-bridge.jar"
TOOL = "dev.quiver.bridge.tools.QuiverEventsTool"
TARGETS = {"clickhouse_events_per_second": 50_000, "elasticsearch_events_per_second": 10_000, "p99_seconds": 2.0}


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rate", type=int, default=10_000, help="offered load, events/s (default %(default)s)")
    p.add_argument("--seconds", type=int, default=30, help="how long the offered load runs (default %(default)s)")
    p.add_argument("--backlog", type=int, default=1_000_000, help="events drained by the ClickHouse-only bridge (default %(default)s)")
    p.add_argument("--es-backlog", type=int, default=200_000, help="events drained by the Elasticsearch-only bridge (default %(default)s)")
    p.add_argument("--payload-bytes", type=int, default=200)
    p.add_argument("--bridge-heap", default="512m", help="-Xmx of the bridge (default %(default)s)")
    p.add_argument("--nats-url", default="nats://127.0.0.1:4222")
    p.add_argument("--clickhouse-url", default="http://127.0.0.1:8123")
    p.add_argument("--elasticsearch-url", default="http://127.0.0.1:9200")
    p.add_argument("--phases", default="offered,backlog,es-max")
    p.add_argument("--out", default=str(ROOT / "bench-results" / "events.json"))
    return p.parse_args()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url, body=None, method=None):
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


def nats_request(nats_url, subject, timeout=10.0):
    """One request over the plain NATS protocol (no client library needed); returns the reply's payload."""
    host, port = nats_url.split("://", 1)[-1].rsplit(":", 1)
    inbox = f"_INBOX.bench.{uuid.uuid4().hex}"
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        reader = sock.makefile("rb")
        reader.readline()  # INFO {...}
        sock.sendall(f'CONNECT {{"verbose":false,"pedantic":false}}\r\nSUB {inbox} 1\r\n'
                     f"PUB {subject} {inbox} 0\r\n\r\n".encode())
        while True:
            line = reader.readline()
            if not line:
                raise OSError(f"NATS closed the connection before answering {subject}")
            if line.startswith(b"PING"):
                sock.sendall(b"PONG\r\n")
            elif line.startswith(b"-ERR"):
                raise OSError(f"NATS refused {subject}: {line.decode().strip()}")
            elif line.startswith(b"MSG"):
                size = int(line.split()[-1])
                return reader.read(size + 2)[:size].decode()


class Run:
    """Names unique to one phase: stream, subjects, ClickHouse database, index prefix, Redis key prefix."""

    def __init__(self, args, phase):
        tag = uuid.uuid4().hex[:8]
        self.args = args
        self.phase = phase
        self.stream = f"BENCH_{tag.upper()}"
        self.subjects = f"bench{tag}.events"
        self.database = f"quiver_bench_{tag}"
        self.index = f"quiver-bench-{tag}"
        self.redis_prefix = f"quiver:bench:{tag}"

    def ch(self, sql):
        return http(self.args.clickhouse_url + "/", sql).strip()

    def ch_count(self):
        try:
            return int(self.ch(f"SELECT count() FROM {self.database}.events FORMAT TabSeparated") or 0)
        except OSError:
            return 0

    def ch_distinct(self):
        return int(self.ch(f"SELECT uniqExact(event_id) FROM {self.database}.events FORMAT TabSeparated"))

    def es_count(self):
        http(f"{self.args.elasticsearch_url}/{self.index}-*/_refresh", b"", "POST")
        return json.loads(http(f"{self.args.elasticsearch_url}/{self.index}-*/_count"))["count"]

    def cleanup(self):
        """Drops what the phase created: its JetStream streams (events and the bridge's dead letters), ClickHouse
        database, index and template."""
        for stream in (self.stream, f"{self.stream}_DLQ"):
            try:
                reply = json.loads(nats_request(self.args.nats_url, f"$JS.API.STREAM.DELETE.{stream}"))
                if "error" in reply and reply["error"].get("err_code") != 10059:  # 10059: stream not found
                    log(f"could not delete stream {stream}: {reply['error']}")
            except (OSError, ValueError) as e:
                log(f"could not delete stream {stream}: {e}")
        try:
            self.ch(f"DROP DATABASE IF EXISTS {self.database}")
        except OSError as e:
            log(f"could not drop {self.database}: {e}")
        try:
            http(f"{self.args.elasticsearch_url}/{self.index}-*", None, "DELETE")
            http(f"{self.args.elasticsearch_url}/_index_template/{self.index}", None, "DELETE")
        except OSError:
            pass

    def generate(self, count, rate):
        """Publishes with the real generator; returns its summary (every event acknowledged by JetStream)."""
        cmd = ["java", "-cp", str(BRIDGE_JAR), TOOL, "generate", "--count", str(count), "--rate", str(rate),
               "--payload-bytes", str(self.args.payload_bytes), "--nats-url", self.args.nats_url,
               "--subject-prefix", self.subjects, "--max-in-flight", "5000"]
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        if done.returncode != 0 or summary["acknowledged"] != count:
            raise SystemExit(f"generator failed: {summary}")
        return summary


class Bridge:
    def __init__(self, run, sinks):
        self.port = free_port()
        a = run.args
        self.log_path = ROOT / "bench-results" / f"bridge-{run.phase}.log"
        self.log_file = open(self.log_path, "a")
        cmd = ["java", f"-Xmx{a.bridge_heap}", "-jar", str(BRIDGE_JAR), "--sinks", sinks, "--nats-url", a.nats_url,
               "--events-stream", run.stream, "--events-subject-prefix", run.subjects,
               "--dlq-stream", run.stream + "_DLQ", "--dlq-subject-prefix", run.subjects.replace(".events", ".dlq"),
               "--dedup-key-prefix", run.redis_prefix, "--http-port", str(self.port),
               "--clickhouse-url", a.clickhouse_url, "--clickhouse-database", run.database,
               "--elasticsearch-url", a.elasticsearch_url, "--elasticsearch-index", run.index,
               "--lag-interval", "1s"]
        self.process = subprocess.Popen(cmd, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bridge exited with {self.process.returncode}; see {self.log_path}")
            try:
                http(f"http://127.0.0.1:{self.port}/health")
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"bridge did not answer /health within 90 s; see {self.log_path}")

    def metrics(self):
        values = {}
        for line in http(f"http://127.0.0.1:{self.port}/metrics").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            name_labels, value = line.rsplit(" ", 1)
            values[name_labels] = float(value)
        return values

    def stored(self, sink):
        return self.metrics().get(f'quiver_bridge_events_stored_total{{sink="{sink}"}}', 0.0)

    def heap_and_rss(self):
        heap = sum(v for k, v in self.metrics().items() if k.startswith("jvm_memory_used_bytes{") and 'area="heap"' in k)
        with open(f"/proc/{self.process.pid}/status") as status:
            rss = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
        return heap, rss

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log_file.close()


def wait_for(what, predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(0.1)
    raise SystemExit(f"timed out after {timeout} s waiting for {what}")


def occurred_column(run):
    has_us = run.ch(f"SELECT count() FROM system.columns WHERE database = '{run.database}' AND table = 'events'"
                    f" AND name = 'occurred_at_us' FORMAT TabSeparated")
    return "occurred_at_us" if int(has_us) else "toUnixTimestamp64Micro(occurred_at)"


def offered(args):
    run = Run(args, "offered")
    count = args.rate * args.seconds
    bridge = Bridge(run, "clickhouse,elasticsearch")
    latencies = []
    done = threading.Event()

    def poll_latency():
        column, seen_us = None, 0
        while not done.is_set():
            try:
                column = column or occurred_column(run)
                rows = run.ch(f"SELECT {column} FROM {run.database}.events WHERE {column} > {seen_us} FORMAT TabSeparated")
                now_us = time.time() * 1e6
                for line in rows.splitlines():
                    us = int(line)
                    latencies.append((now_us - us) / 1e6)
                    seen_us = max(seen_us, us)
            except (OSError, ValueError):
                column = None
            done.wait(0.1)

    try:
        poller = threading.Thread(target=poll_latency, daemon=True)
        poller.start()
        log(f"offered load: {count:,} events at {args.rate:,}/s into both sinks")
        started = time.monotonic()
        summary = run.generate(count, args.rate)
        finished = {}
        for sink in ("clickhouse", "elasticsearch"):
            finished[sink] = wait_for(f"{sink} to store {count:,}", lambda: bridge.stored(sink) >= count, 600)
        done.set()
        poller.join()
        result = {"offered_rate": args.rate, "events": count, "generator": summary,
                  "sustained_events_per_second": {s: count / (t - started) for s, t in finished.items()},
                  "clickhouse_distinct": run.ch_distinct(), "elasticsearch_documents": run.es_count()}
        latencies.sort()
        result["clickhouse_latency_seconds"] = {
            "samples": len(latencies), "p50": statistics.median(latencies),
            "p99": latencies[int(len(latencies) * 0.99) - 1]}
    finally:
        done.set()
        bridge.stop()
        run.cleanup()
    if result["clickhouse_distinct"] != count or result["elasticsearch_documents"] != count:
        raise SystemExit(f"counts do not reconcile: {result}")
    return result


def drain(args, phase, sinks, backlog):
    """Publishes `backlog` events while no bridge runs, then drains them with a bridge feeding `sinks`."""
    run = Run(args, phase)
    try:
        Bridge(run, sinks).stop()  # creates the stream and the durable consumer, so the backlog waits for it
        log(f"{phase}: publishing a backlog of {backlog:,} events (as fast as JetStream acknowledges)")
        published = run.generate(backlog, 0)
        bridge = Bridge(run, sinks)
        samples = []
        try:
            started = time.monotonic()
            sink = sinks
            last_log = 0
            while bridge.stored(sink) < backlog:
                samples.append((time.monotonic() - started, *bridge.heap_and_rss(), bridge.stored(sink)))
                if time.monotonic() - last_log > 10:
                    last_log = time.monotonic()
                    log(f"{phase}: {int(samples[-1][3]):,} of {backlog:,} stored")
                if time.monotonic() - started > 1200:
                    raise SystemExit(f"{phase}: not drained within 20 minutes")
                time.sleep(0.25)
            seconds = time.monotonic() - started
        finally:
            bridge.stop()
        counted = run.ch_distinct() if sink == "clickhouse" else run.es_count()
        if counted != backlog:
            raise SystemExit(f"{phase}: {counted} stored, expected {backlog}")
        third = max(1, len(samples) // 3)
        return {"sink": sink, "backlog": backlog, "publish": published, "seconds": seconds,
                "events_per_second": backlog / seconds, "stored_and_counted": counted,
                "heap_max_bytes": max(s[1] for s in samples), "rss_max_bytes": max(s[2] for s in samples),
                "heap_max_first_third": max(s[1] for s in samples[:third]),
                "heap_max_last_third": max(s[1] for s in samples[-third:]),
                "bridge_xmx": args.bridge_heap}
    finally:
        run.cleanup()


def mib(b):
    return f"{b / 2**20:,.0f} MiB"


def stop_on_sigterm(signum, frame):
    """SIGTERM (a CI timeout, kill) ends the run like Ctrl-C does: through the finally blocks that clean up."""
    raise SystemExit(f"stopped by signal {signum}; cleaning up")


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    args = parse_args()
    if not BRIDGE_JAR.exists():
        raise SystemExit(f"{BRIDGE_JAR} is missing; build it with: mvn -q -pl event-bridge -am package -DskipTests")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    (ROOT / "bench-results").mkdir(exist_ok=True)  # the bridges' logs go there whatever --out says
    phases = set(args.phases.split(","))
    report = {"benchmark": "events", "machine": {"cpus": os.cpu_count()}, "targets": TARGETS}
    if "offered" in phases:
        report["offered"] = offered(args)
    if "backlog" in phases:
        report["clickhouse_max"] = drain(args, "backlog", "clickhouse", args.backlog)
    if "es-max" in phases:
        report["elasticsearch_max"] = drain(args, "es-max", "elasticsearch", args.es_backlog)
    report["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    Path(args.out).write_text(json.dumps(report, indent=2))

    print()
    print("Event pipeline (NATS JetStream -> event-bridge -> sinks), every count reconciled exactly")
    if "offered" in report:
        o = report["offered"]
        lat = o["clickhouse_latency_seconds"]
        print(f"  offered {o['offered_rate']:,}/s for {o['events']:,} events: sustained ClickHouse "
              f"{o['sustained_events_per_second']['clickhouse']:,.0f}/s, Elasticsearch "
              f"{o['sustained_events_per_second']['elasticsearch']:,.0f}/s; produce->visible in ClickHouse p50 "
              f"{lat['p50']:.2f} s, p99 {lat['p99']:.2f} s (target < {TARGETS['p99_seconds']} s: "
              f"{'met' if lat['p99'] < TARGETS['p99_seconds'] else 'MISSED'})")
    for key, target in (("clickhouse_max", "clickhouse_events_per_second"), ("elasticsearch_max", "elasticsearch_events_per_second")):
        if key in report:
            m = report[key]
            print(f"  max {m['sink']}: {m['backlog']:,} backlog drained in {m['seconds']:.1f} s = "
                  f"{m['events_per_second']:,.0f}/s (target {TARGETS[target]:,}/s: "
                  f"{'met' if m['events_per_second'] >= TARGETS[target] else 'MISSED'}); bridge heap max "
                  f"{mib(m['heap_max_bytes'])} (first third {mib(m['heap_max_first_third'])}, last third "
                  f"{mib(m['heap_max_last_third'])}), RSS max {mib(m['rss_max_bytes'])}, -Xmx{m['bridge_xmx']}")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
