#!/usr/bin/env python3
"""Event pipeline benchmark of `make bench`: NATS JetStream -> event-bridge -> ClickHouse + Elasticsearch.

Every figure comes from a real run: the real services of scripts/services.sh, the real event-bridge jar as a child
process, events published by the real generator (`quiver events generate`), counts read back from ClickHouse and
Elasticsearch. Each phase uses its own JetStream stream (BENCH_*), ClickHouse database (quiver_bench_*), index prefix
(quiver-bench-*) and Redis key prefix; the stream (and its dead-letter stream), database, indices and index template
are removed when the phase ends, also on Ctrl-C or SIGTERM (the Redis de-duplication keys expire after the bridge's
10-minute window).

Each phase first warms up, unmeasured: the bridge stores --warm-up events into both its sinks, which creates the
ClickHouse table and the Elasticsearch index (over 10 s on a freshly started Elasticsearch). Then it measures
--repeats runs (at least 3) and reports each run and their median. Every run publishes its events under an entity
type of its own (BenchRun1, BenchRun2, ...), so each run is counted and reconciled on its own.

Phases:
  offered   --rate events/s for --seconds into a bridge feeding both sinks. Per run:
            - produce -> visible in ClickHouse latency, for EVERY event: a poller asks ClickHouse every 100 ms for
              the events of the run it has not seen yet (by entity number, which the generator makes 1..count) and
              records, per event id, the moment the answer arrived minus the event's occurred_at (set by the
              generator just before the publish; same machine clock). That is an upper bound, late by at most one
              poll interval plus the query's own time (both recorded). The run fails unless the samples equal the
              events. p50/p99/max per run; the target judges the median of the runs' p99.
            - per sink, each watched on its own (every 100 ms, from the bridge's stored-events counter):
              seconds_behind_last_publish (sink holds every event of the run, minus the last event's occurred_at:
              how far the sink trailed the producer) and delivered_per_second_under_offered_load (events / (sink
              holds them all - first event's occurred_at)). The latter is "kept up or not": it cannot exceed the
              offered rate. Both start at the first publish, so the generator's JVM start-up is not in them.
            - published_per_second: the rate the generator actually achieved (first to last occurred_at), printed
              beside the offered one: on a slow disk JetStream's acknowledgements can hold it below --rate.
  backlog   --backlog events published while no bridge runs, then drained by a bridge feeding ClickHouse only (its
            metrics sampled every 0.5 s, every 0.1 s once the end is near):
            the maximum ClickHouse rate. The rate counts only what was stored between the bridge's first metrics
            sample (after it answers /health) and the moment the backlog is all stored: events stored during
            start-up are left out of both numerator and time. Meanwhile the bridge's heap and RSS are sampled; the
            bridge runs with -Xms = -Xmx and -XX:+AlwaysPreTouch, so its heap is resident from the start and RSS
            only moves with what lives outside it. Judged per run, over the stream's thirds by progress: heap max
            below 90% of -Xmx, and RSS flat (last third's max at most 32 MiB above the first third's). With fewer
            than 2 samples in a third it is not judged (and says so).
  es-max    --es-backlog events drained the same way by a bridge feeding Elasticsearch only: the maximum
            Elasticsearch rate, with the same memory judgement.
  Ceilings, in both drain phases, each run right after a bridge run: the same events straight into the sink with no
            bridge, one client, one request at a time, --batch-size events a request (the bridge's default batch):
            ClickHouse gets them as JSONEachRow INSERTs into the sink's own table, Elasticsearch as _bulk index
            requests into the sink's own index (its mapping), _id = event_id. The events are the ones the bridge
            run just stored, read back untimed with a fresh event_id and an entity type of their own (CeilingRun1,
            ...) and cut into request bodies before the clock starts; the clock covers the requests only. Counted
            back exactly like the bridge's runs. Printed beside the bridge's rate as the bridge's share of it
            (vs_ceiling).
  JetStream floor, in both drain phases, each run right after a bridge run and before the ceiling: the run's events
            pulled and acknowledged again by `quiver events consume` (a consumer of its own, pull requests of
            --batch-size, an ack per event, nothing decoded or stored): what NATS JetStream and its Java client alone
            cost on this machine, so the most any bridge can reach here. Printed as vs_jetstream_floor.
  CPU per event, in both drain phases: the bridge's and the NATS server's CPU seconds (/proc) over the measured
            part of each run, divided by its events; the same for the floor runs (the consumer's own CPU from the JVM,
            the NATS server's from /proc). The NATS server is found through scripts/services.sh's pid file, so its
            column is empty when --nats-url points elsewhere.

Targets (printed, and recorded in the JSON's "targets" list with name, target, measured, met): ClickHouse drain
>= 50,000 events/s and Elasticsearch drain >= 10,000 events/s (median of the runs), p99 < 2 s, bridge memory
bounded and flat. A missed target is reported, and the exit status stays 0 (make bench is a measurement); with
--strict the run exits 3 when a target was missed or could not be judged (met false or null).
Writes bench-results/events.json and prints the table.
"""
import argparse
import json
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import http.client as http_client
import urllib.request
import uuid
from pathlib import Path
from benchkit import log, size_bytes, free_port, thirds, target, mib, verdict

ROOT = Path(__file__).resolve().parent.parent
BRIDGE_JAR = ROOT / "event-bridge" / "target" / "quiver-event-bridge.jar"
CLI_JAR = ROOT / "cli" / "target" / "quiver-cli.jar"
DEFAULT_NATS_URL = "nats://127.0.0.1:4222"
CLICKHOUSE_TARGET = 50_000
ELASTICSEARCH_TARGET = 10_000
P99_TARGET_SECONDS = 2.0
HEAP_BOUND_FRACTION = 0.9
RSS_MARGIN_BYTES = 32 * 2**20
POLL_SECONDS = 0.1
DRAIN_POLL_SECONDS = 0.5
EVENT_ID = re.compile(r'"event_id":"[^"]*"')
EXIT_TARGET_MISSED = 3


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rate", type=int, default=10_000, help="offered load, events/s (default %(default)s)")
    p.add_argument("--seconds", type=int, default=30, help="how long each offered run lasts (default %(default)s)")
    p.add_argument("--backlog", type=int, default=1_000_000, help="events drained by the ClickHouse-only bridge, per run (default %(default)s)")
    p.add_argument("--es-backlog", type=int, default=200_000, help="events drained by the Elasticsearch-only bridge, per run (default %(default)s)")
    p.add_argument("--repeats", type=int, default=3, help="measured runs per phase, at least 3; medians are reported (default %(default)s)")
    p.add_argument("--warm-up", type=int, default=5_000, help="unmeasured events each phase stores first (default %(default)s)")
    p.add_argument("--payload-bytes", type=int, default=200)
    p.add_argument("--batch-size", type=int, default=10_000,
                   help="events per request of the ceiling runs, the bridge's default --batch-size (default %(default)s)")
    p.add_argument("--max-in-flight", type=int, default=1000,
                   help="the generator's unacknowledged publishes at most; JetStream must acknowledge each within the"
                        " NATS client's request cleanup interval (5 s by default), which a deep queue on a slow disk misses (default %(default)s)")
    p.add_argument("--bridge-heap", default="256m", help="-Xms and -Xmx of the bridge (default %(default)s)")
    p.add_argument("--nats-url", default=DEFAULT_NATS_URL)
    p.add_argument("--clickhouse-url", default="http://127.0.0.1:8123")
    p.add_argument("--elasticsearch-url", default="http://127.0.0.1:9200")
    p.add_argument("--phases", default="offered,backlog,es-max", help="comma-separated (default %(default)s)")
    p.add_argument("--strict", action="store_true", help="exit 3 when a target is missed or could not be judged")
    p.add_argument("--out", default=str(ROOT / "bench-results" / "events.json"))
    args = p.parse_args(argv)
    if args.repeats < 3:
        p.error("--repeats must be at least 3 (the figures are medians of at least 3 runs)")
    for name in ("rate", "seconds", "backlog", "es_backlog", "warm_up", "max_in_flight", "batch_size"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    unknown = set(args.phases.split(",")) - {"offered", "backlog", "es-max"}
    if unknown:
        p.error(f"unknown phases {sorted(unknown)}; use offered, backlog, es-max")
    return args


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


def nearest_rank(sorted_values, fraction):
    """The nearest-rank percentile: the smallest value with at least `fraction` of the values at or below it."""
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


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

    def ch_distinct(self, entity_type):
        return int(self.ch(f"SELECT uniqExact(event_id) FROM {self.database}.events"
                           f" WHERE entity_type = '{entity_type}' FORMAT TabSeparated"))

    def es_count(self, entity_type):
        http(f"{self.args.elasticsearch_url}/{self.index}-*/_refresh", b"", "POST")
        query = json.dumps({"query": {"term": {"entity_type": entity_type}}})
        return json.loads(http(f"{self.args.elasticsearch_url}/{self.index}-*/_count", query, "POST"))["count"]

    def occurred_us_column(self):
        """The event's instant in microseconds, in either table layout (18.16's occurred_at_us, or DateTime64)."""
        has_us = self.ch(f"SELECT count() FROM system.columns WHERE database = '{self.database}' AND table = 'events'"
                         f" AND name = 'occurred_at_us' FORMAT TabSeparated")
        return "occurred_at_us" if int(has_us) else "toUnixTimestamp64Micro(occurred_at)"

    def purge_stream(self):
        """Empties the events stream once a run is reconciled, so repeated backlogs do not pile up in NATS."""
        reply = json.loads(nats_request(self.args.nats_url, f"$JS.API.STREAM.PURGE.{self.stream}"))
        if "error" in reply:
            raise SystemExit(f"could not purge stream {self.stream}: {reply['error']}")

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
        try:  # by name: Elasticsearch 8 refuses to delete indices by wildcard (action.destructive_requires_name)
            indices = http(f"{self.args.elasticsearch_url}/_cat/indices/{self.index}-*?h=index").split()
        except OSError as e:
            indices = []
            log(f"could not list the indices {self.index}-*: {e}")
        for path in indices + [f"_index_template/{self.index}"]:
            try:
                http(f"{self.args.elasticsearch_url}/{path}", None, "DELETE")
            except urllib.error.HTTPError as e:
                if e.code != 404:  # the phase ended before the bridge created the template
                    log(f"could not delete {path}: {e}")
            except OSError as e:
                log(f"could not delete {path}: {e}")

    def generator_command(self, count, rate, entity_type):
        return ["java", "-jar", str(CLI_JAR), "events", "generate", "--count", str(count), "--rate", str(rate),
                "--payload-bytes", str(self.args.payload_bytes), "--nats-url", self.args.nats_url,
                "--events-subject-prefix", self.subjects, "--entity-type", entity_type,
                "--max-in-flight", str(self.args.max_in_flight)]

    def consume(self, count, entity_type):
        """Pulls and acknowledges the `count` events of `entity_type` with `quiver events consume` (a consumer of its
        own, the bridge's batch size, nothing stored); returns its summary."""
        command = ["java", "-jar", str(CLI_JAR), "events", "consume", "--count", str(count),
                   "--batch-size", str(self.args.batch_size), "--nats-url", self.args.nats_url,
                   "--events-stream", self.stream, "--events-subject-prefix", self.subjects,
                   "--subject", f"{self.subjects}.{entity_type}.>"]
        process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            summary = json.loads(process.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            raise SystemExit(f"events consume exited with {process.returncode} without a summary: {process.stderr[-500:]!r}")
        if process.returncode != 0 or summary["consumed"] != count:
            raise SystemExit(f"events consume failed (exit {process.returncode}): {summary}; {process.stderr[-300:]!r}")
        return summary

    def generate(self, count, rate, entity_type):
        """Publishes with the real generator and waits for it; returns its summary."""
        return generator_summary(subprocess.Popen(self.generator_command(count, rate, entity_type),
                                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True), count)


def generator_summary(process, count):
    """The generator's closing JSON line, once every event was acknowledged by JetStream; fails otherwise."""
    out, _ = process.communicate()
    lines = out.strip().splitlines()
    try:
        summary = json.loads(lines[-1])
    except (IndexError, ValueError):
        raise SystemExit(f"generator exited with {process.returncode} without a summary: {out[-500:]!r}")
    if process.returncode != 0 or summary["acknowledged"] != count:
        raise SystemExit(f"generator failed (exit {process.returncode}): {summary}")
    return summary


class Bridge:
    def __init__(self, run, sinks):
        self.port = free_port()
        a = run.args
        self.heap_limit = size_bytes(a.bridge_heap)
        self.log_path = ROOT / "bench-results" / f"bridge-{run.phase}.log"
        self.log_file = open(self.log_path, "a")
        cmd = ["java", f"-Xms{a.bridge_heap}", f"-Xmx{a.bridge_heap}", "-XX:+AlwaysPreTouch", "-jar", str(BRIDGE_JAR),
               "--sinks", sinks, "--nats-url", a.nats_url,
               "--events-stream", run.stream, "--events-subject-prefix", run.subjects,
               "--dlq-stream", run.stream + "_DLQ", "--dlq-subject-prefix", run.subjects.replace(".events", ".dlq"),
               "--dedup-key-prefix", run.redis_prefix, "--http-port", str(self.port),
               "--clickhouse-url", a.clickhouse_url, "--clickhouse-database", run.database,
               "--elasticsearch-url", a.elasticsearch_url, "--elasticsearch-index-prefix", run.index,
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
        self.stop()
        raise SystemExit(f"bridge did not answer /health within 90 s; see {self.log_path}")

    def metrics(self):
        values = {}
        for line in http(f"http://127.0.0.1:{self.port}/metrics").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            name_labels, value = line.rsplit(" ", 1)
            values[name_labels] = float(value)
        return values

    @staticmethod
    def stored_in(metrics, sink):
        return int(metrics.get(f'quiver_bridge_events_stored_total{{sink="{sink}"}}', 0.0))

    @staticmethod
    def heap_in(metrics):
        return int(sum(v for k, v in metrics.items() if k.startswith("jvm_memory_used_bytes{") and 'area="heap"' in k))

    def stored(self, sink):
        return self.stored_in(self.metrics(), sink)

    def rss(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))

    def stop(self):
        if self.process.poll() is None:
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
            return
        time.sleep(POLL_SECONDS)
    raise SystemExit(f"timed out after {timeout} s waiting for {what}")


def cpu_seconds(pid):
    """User + system CPU seconds of process `pid` so far (Linux /proc), or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def nats_server_pid(args):
    """The pid of the NATS server of scripts/services.sh (its pid file), when --nats-url is that server; else None,
    and the NATS CPU columns stay empty."""
    if args.nats_url != DEFAULT_NATS_URL:
        return None
    services = Path(os.environ.get("QUIVER_SERVICES_DIR", ROOT / ".services"))
    try:
        pid = int((services / "run" / "nats.pid").read_text().split()[0])  # "<pid> <start time>"
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return pid if b"nats-server" in cmdline.read() else None
    except (OSError, ValueError):
        return None


class CpuMeter:
    """CPU seconds spent by a set of processes between start() and stop(), per process name."""

    def __init__(self, pids):
        self.pids = {name: pid for name, pid in pids.items() if pid is not None}
        self.started = {}

    def start(self):
        self.started = {name: cpu_seconds(pid) for name, pid in self.pids.items()}

    def stop(self):
        spent = {}
        for name, pid in self.pids.items():
            now, then = cpu_seconds(pid), self.started.get(name)
            spent[name] = None if now is None or then is None else now - then
        return spent


def per_event_micros(spent, events):
    """CPU microseconds per event from CpuMeter.stop()'s seconds."""
    return {name: (None if seconds is None or events <= 0 else seconds * 1e6 / events) for name, seconds in spent.items()}


def warm_up(run, bridge, sinks, count):
    """Unmeasured: the first write creates the ClickHouse table and the Elasticsearch index."""
    log(f"{run.phase}: warm-up, {count:,} events into {', '.join(sinks)} (not measured)")
    run.generate(count, 0, "BenchWarmUp")
    for sink in sinks:
        wait_for(f"{sink} to store the {count:,} warm-up events", lambda: bridge.stored(sink) >= count, 300)


class LatencyPoller(threading.Thread):
    """Sees every event of one run appear in ClickHouse: each poll asks for the run's entity numbers (1..count) not
    seen yet and records, per event id, when the answer arrived minus the event's occurred_at."""

    MAX_EXCLUDED_RANGES = 100

    def __init__(self, run, entity_type, count):
        super().__init__(daemon=True)
        self.run_ = run
        self.entity_type = entity_type
        self.count = count
        self.seen = bytearray(count + 1)  # by entity number; 0 is not an entity
        self.seen[0] = 1
        self.latency_by_event = {}
        self.occurred_us = []
        self.poll_gaps = []
        self.query_seconds = []
        self.error = None
        self.stop_requested = threading.Event()
        self.column = run.occurred_us_column()

    def unseen_condition(self):
        """SQL selecting the entity numbers not seen yet: from the lowest unseen one up, minus the seen ranges."""
        low = self.seen.find(0)
        ranges, pos = [], low
        while len(ranges) < self.MAX_EXCLUDED_RANGES:
            start = self.seen.find(1, pos)
            if start < 0:
                break
            end = self.seen.find(0, start)
            end = len(self.seen) if end < 0 else end
            ranges.append(f"n BETWEEN {start} AND {end - 1}")
            pos = end
        return f"n >= {low}" + (f" AND NOT ({' OR '.join(ranges)})" if ranges else "")

    def poll_once(self):
        if self.seen.find(0) < 0:
            return
        sql = (f"SELECT n, event_id, us FROM (SELECT toUInt64(entity_id) AS n, event_id, {self.column} AS us"
               f" FROM {self.run_.database}.events WHERE entity_type = '{self.entity_type}') WHERE "
               f"{self.unseen_condition()} FORMAT TabSeparated")
        sent = time.monotonic()
        rows = self.run_.ch(sql)
        now_us = time.time() * 1e6
        answered = time.monotonic()
        if self.query_seconds:
            self.poll_gaps.append(answered - self.last_answer)
        self.last_answer = answered
        self.query_seconds.append(answered - sent)
        for line in rows.splitlines():
            n, event_id, us = line.split("\t")
            n, us = int(n), int(us)
            if not 1 <= n <= self.count:
                raise ValueError(f"entity number {n} outside 1..{self.count} in {self.entity_type}")
            if event_id in self.latency_by_event:
                continue  # the same event stored twice (a redelivery before merges): its first sighting counts
            if self.seen[n]:
                raise ValueError(f"entity {n} of {self.entity_type} arrived with a second event id {event_id}")
            self.seen[n] = 1
            self.latency_by_event[event_id] = (now_us - us) / 1e6
            self.occurred_us.append(us)

    def run(self):
        try:
            while not self.stop_requested.is_set():
                self.poll_once()
                self.stop_requested.wait(POLL_SECONDS)
        except (OSError, ValueError) as e:
            self.error = e

    def finish(self):
        """Stops polling after a last poll (the caller knows ClickHouse holds every event); fails unless samples ==
        events."""
        self.stop_requested.set()
        self.join()
        if self.error is not None:
            raise SystemExit(f"latency poller failed: {self.error}")
        self.poll_once()
        samples = len(self.latency_by_event)
        if samples != self.count:
            raise SystemExit(f"latency: {samples:,} samples for {self.count:,} events of {self.entity_type};"
                             f" unseen entity numbers start at {self.seen.find(0)}")
        values = sorted(self.latency_by_event.values())
        return {"samples": samples, "events": self.count, "p50": nearest_rank(values, 0.5),
                "p99": nearest_rank(values, 0.99), "max": values[-1],
                "poll_gap_seconds": {"median": statistics.median(self.poll_gaps) if self.poll_gaps else None,
                                     "max": max(self.poll_gaps) if self.poll_gaps else None},
                "query_seconds": {"median": statistics.median(self.query_seconds), "max": max(self.query_seconds)}}


def offered_run(args, run, bridge, number):
    entity_type = f"BenchRun{number}"
    count = args.rate * args.seconds
    sinks = ("clickhouse", "elasticsearch")
    before = bridge.metrics()
    baseline = {s: Bridge.stored_in(before, s) for s in sinks}
    poller = LatencyPoller(run, entity_type, count)
    poller.start()
    log(f"offered run {number}/{args.repeats}: {count:,} events at {args.rate:,}/s into both sinks")
    generator = subprocess.Popen(run.generator_command(count, args.rate, entity_type), stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
    finished = {}
    deadline = time.monotonic() + max(600, 10 * args.seconds)
    try:
        while len(finished) < len(sinks):  # each sink's finish is seen on its own, whichever comes first
            if time.monotonic() > deadline:
                raise SystemExit(f"offered run {number}: sinks not done in time; stored {finished}")
            metrics = bridge.metrics()
            now = time.time()
            for sink in sinks:
                if sink not in finished and Bridge.stored_in(metrics, sink) - baseline[sink] >= count:
                    finished[sink] = now
            if generator.poll() is not None and generator.returncode != 0:
                break
            time.sleep(POLL_SECONDS)
        summary = generator_summary(generator, count)
    finally:
        if generator.poll() is None:
            generator.kill()
            generator.wait()
        poller.stop_requested.set()
    latency = poller.finish()
    after = bridge.metrics()
    counter_delta = {s: Bridge.stored_in(after, s) - baseline[s] for s in sinks}
    for sink, delta in counter_delta.items():
        if delta != count:  # a redelivery stored twice: this sink's finish (from the counter) may be early
            log(f"offered run {number}: the bridge counted {delta:,} {sink} writes for {count:,} events; its finish"
                " time may be early")
    first_s, last_s = min(poller.occurred_us) / 1e6, max(poller.occurred_us) / 1e6
    counted = {"clickhouse": run.ch_distinct(entity_type), "elasticsearch": run.es_count(entity_type)}
    if any(c != count for c in counted.values()):
        raise SystemExit(f"offered run {number}: counts do not reconcile, {counted} for {count:,} events")
    return {"entity_type": entity_type, "events": count, "generator": summary, "counted": counted,
            "publish_seconds": last_s - first_s, "published_per_second": count / max(last_s - first_s, 1e-6),
            "clickhouse_latency_seconds": latency,
            "sinks": {s: {"stored_counter_delta": counter_delta[s],
                          "seconds_behind_last_publish": finished[s] - last_s,
                          "delivered_per_second_under_offered_load": count / (finished[s] - first_s)} for s in sinks}}


def offered(args):
    run = Run(args, "offered")
    bridge = None
    try:
        bridge = Bridge(run, "clickhouse,elasticsearch")
        warm_up(run, bridge, ("clickhouse", "elasticsearch"), args.warm_up)
        runs = [offered_run(args, run, bridge, n) for n in range(1, args.repeats + 1)]
    finally:
        if bridge is not None:
            bridge.stop()
        run.cleanup()
    median = {"published_per_second": statistics.median(r["published_per_second"] for r in runs),
              "clickhouse_latency_p50": statistics.median(r["clickhouse_latency_seconds"]["p50"] for r in runs),
              "clickhouse_latency_p99": statistics.median(r["clickhouse_latency_seconds"]["p99"] for r in runs)}
    for sink in ("clickhouse", "elasticsearch"):
        for key in ("seconds_behind_last_publish", "delivered_per_second_under_offered_load"):
            median[f"{sink}_{key}"] = statistics.median(r["sinks"][sink][key] for r in runs)
    return {"offered_rate": args.rate, "events_per_run": args.rate * args.seconds, "warm_up_events": args.warm_up,
            "runs": runs, "median": median}


def memory_judgement(samples, total, heap_limit):
    """Heap bounded (max < 90% of -Xmx) and RSS flat (last third <= first third + 32 MiB), by thirds of progress."""
    heap_thirds, rss_thirds = thirds(samples, total, 1), thirds(samples, total, 2)
    heap_max = max(s[1] for s in samples) if samples else None
    judged = heap_thirds is not None
    return {
        "samples": len(samples),
        "heap_max_bytes": heap_max, "rss_max_bytes": max(s[2] for s in samples) if samples else None,
        "heap_max_first_third": heap_thirds[0] if judged else None,
        "heap_max_last_third": heap_thirds[1] if judged else None,
        "rss_max_first_third": rss_thirds[0] if judged else None,
        "rss_max_last_third": rss_thirds[1] if judged else None,
        "heap_bounded": (heap_max < HEAP_BOUND_FRACTION * heap_limit) if judged else None,
        "rss_flat": (rss_thirds[1] <= rss_thirds[0] + RSS_MARGIN_BYTES) if judged else None,
        "not_judged_because": None if judged else "fewer than 2 memory samples in the first or the last third",
    }


def drain_run(args, run, sink, backlog, number):
    entity_type = f"BenchRun{number}"
    log(f"{run.phase} run {number}/{args.repeats}: publishing a backlog of {backlog:,} events while no bridge runs")
    published = run.generate(backlog, 0, entity_type)
    bridge = Bridge(run, sink)
    samples = []
    cpu = CpuMeter({"bridge": bridge.process.pid, "nats_server": nats_server_pid(args)})
    try:
        metrics = bridge.metrics()
        cpu.start()
        started = time.monotonic()
        stored_at_start = Bridge.stored_in(metrics, sink)
        if stored_at_start >= backlog:
            raise SystemExit(f"{run.phase}: the bridge drained all {backlog:,} events before its first metrics sample;"
                             " use a larger backlog")
        last_log = started
        while True:
            stored = Bridge.stored_in(metrics, sink)
            now = time.monotonic()
            samples.append((stored, Bridge.heap_in(metrics), bridge.rss()))
            if stored >= backlog:
                break
            if now - last_log > 10:
                last_log = now
                log(f"{run.phase}: {stored:,} of {backlog:,} stored")
            if now - started > 1200:
                raise SystemExit(f"{run.phase}: not drained within 20 minutes")
            time.sleep(drain_poll_seconds(stored - stored_at_start, now - started, backlog - stored))
            metrics = bridge.metrics()
        seconds = now - started
        spent = cpu.stop()
    finally:
        bridge.stop()
    counted = run.ch_distinct(entity_type) if sink == "clickhouse" else run.es_count(entity_type)
    if counted != backlog:
        raise SystemExit(f"{run.phase} run {number}: {counted:,} stored, expected {backlog:,}")
    measured = backlog - stored_at_start
    return {"entity_type": entity_type, "backlog": backlog, "publish": published, "counted": counted,
            "stored_before_first_sample": stored_at_start, "measured_events": measured,
            "seconds": seconds, "events_per_second": measured / seconds,
            "cpu_seconds": spent, "cpu_micros_per_event": per_event_micros(spent, measured),
            "memory": memory_judgement(samples, backlog, bridge.heap_limit)}


def drain_poll_seconds(stored, seconds, left):
    """How long a drain run waits before its next metrics sample: POLL_SECONDS once the end is under two seconds
    away at the rate so far, DRAIN_POLL_SECONDS before. Each sample is a Prometheus scrape that costs the bridge CPU
    (5% of it when sampled every 100 ms in a profile), so the run samples sparsely and still sees its end
    to within POLL_SECONDS."""
    rate = stored / seconds if seconds > 0 else 0
    return POLL_SECONDS if rate <= 0 or left / rate < 2 else DRAIN_POLL_SECONDS


def jetstream_floor(args, run, entity_type, count, number):
    """The same events pulled and acknowledged again by `quiver events consume`, storing nothing: what JetStream and
    its Java client alone cost, and so the most the bridge can reach here. Its consumer is its own; the bridge's
    consumer has acknowledged them all already."""
    log(f"{run.phase}: jetstream floor run {number}: {count:,} events pulled and acknowledged, nothing stored")
    cpu = CpuMeter({"nats_server": nats_server_pid(args)})
    cpu.start()
    summary = run.consume(count, entity_type)
    spent = cpu.stop()
    spent["consumer"] = summary["clientCpuSeconds"] if summary["clientCpuSeconds"] >= 0 else None
    return {"entity_type": entity_type, "events": summary["consumed"], "seconds": summary["seconds"],
            "events_per_second": summary["eventsPerSecond"], "cpu_seconds": spent,
            "cpu_micros_per_event": per_event_micros(spent, summary["consumed"])}


class Ceiling:
    """The sink's own ingest rate for the events a bridge run stored (see Ceilings in the docstring): one keep-alive
    HTTP connection, one request at a time."""

    def __init__(self, args, run, sink):
        self.args, self.run, self.sink = args, run, sink
        url = args.clickhouse_url if sink == "clickhouse" else args.elasticsearch_url
        self.host, self.port = url.split("://", 1)[-1].rstrip("/").rsplit(":", 1)

    def measure(self, source_entity_type, count, number):
        entity_type = f"CeilingRun{number}"
        bodies = self.clickhouse_bodies(source_entity_type, entity_type) if self.sink == "clickhouse" \
            else self.elasticsearch_bodies(source_entity_type, entity_type)
        events = sum(n for n, _ in bodies)
        if events != count:
            raise SystemExit(f"{self.sink} ceiling: read back {events:,} events of {source_entity_type}, expected {count:,}")
        log(f"{self.run.phase}: ceiling run {number}: {count:,} events straight into {self.sink}, "
            f"{len(bodies)} requests of up to {self.args.batch_size:,}")
        connection = http_client.HTTPConnection(self.host, int(self.port), timeout=600)
        try:
            started = time.monotonic()
            for _, body in bodies:
                self.send(connection, body)
            seconds = time.monotonic() - started
        finally:
            connection.close()
        counted = self.run.ch_distinct(entity_type) if self.sink == "clickhouse" else self.run.es_count(entity_type)
        if counted != count:
            raise SystemExit(f"{self.sink} ceiling run {number}: {counted:,} stored, expected {count:,}")
        return {"entity_type": entity_type, "events": count, "requests": len(bodies), "seconds": seconds,
                "events_per_second": count / seconds, "counted": counted}

    def send(self, connection, body):
        if self.sink == "clickhouse":
            path = "/?query=" + urllib.parse.quote(f"INSERT INTO {self.run.database}.events FORMAT JSONEachRow")
            connection.request("POST", path, body=body)
        else:
            connection.request("POST", "/_bulk?filter_path=errors,items.*.error", body=body,
                               headers={"Content-Type": "application/x-ndjson"})
        response = connection.getresponse()
        answer = response.read()
        if response.status != 200 or (self.sink == "elasticsearch" and json.loads(answer).get("errors")):
            raise SystemExit(f"{self.sink} ceiling request failed ({response.status}): {answer[:500]!r}")

    def batches(self, lines):
        size = self.args.batch_size
        return [(len(lines[i:i + size]), b"".join(lines[i:i + size])) for i in range(0, len(lines), size)]

    def clickhouse_bodies(self, source, entity_type):
        """The stored rows of `source` as JSONEachRow lines with a new event_id and `entity_type` (untimed; the
        text is edited in place, as ClickHouse 18.16 has no SELECT * REPLACE)."""
        rows = http(self.args.clickhouse_url + "/", f"SELECT * FROM {self.run.database}.events FINAL"
                    f" WHERE entity_type = '{source}' FORMAT JSONEachRow")
        old_type, new_type = f'"entity_type":"{source}"', f'"entity_type":"{entity_type}"'
        lines = []
        for line in rows.splitlines():
            if not line:
                continue
            edited, ids = EVENT_ID.subn(lambda _: f'"event_id":"{uuid.uuid4()}"', line.replace(old_type, new_type, 1), 1)
            if ids != 1 or new_type not in edited:
                raise SystemExit(f"clickhouse ceiling: a stored row without event_id or entity_type: {line[:300]}")
            lines.append(edited.encode() + b"\n")
        return self.batches(lines)

    def elasticsearch_bodies(self, source, entity_type):
        """The stored documents of `source` as _bulk index actions into their own index, each with a new
        event_id (its _id) and `entity_type` (untimed; read with a scroll)."""
        es = self.args.elasticsearch_url
        http(f"{es}/{self.run.index}-*/_refresh", b"", "POST")
        query = json.dumps({"size": 10_000, "query": {"term": {"entity_type": source}}})
        page = json.loads(http(f"{es}/{self.run.index}-*/_search?scroll=2m", query, "POST"))
        lines = []
        try:
            while page["hits"]["hits"]:
                for hit in page["hits"]["hits"]:
                    document = dict(hit["_source"], entity_type=entity_type, event_id=str(uuid.uuid4()))
                    lines.append((json.dumps({"index": {"_index": hit["_index"], "_id": document["event_id"]}})
                                  + "\n" + json.dumps(document) + "\n").encode())
                page = json.loads(http(f"{es}/_search/scroll", json.dumps({"scroll": "2m",
                                                                            "scroll_id": page["_scroll_id"]}), "POST"))
        finally:
            http(f"{es}/_search/scroll", json.dumps({"scroll_id": page["_scroll_id"]}), "DELETE")
        return self.batches(lines)


def drain(args, phase, sink, backlog):
    """Per run: publishes `backlog` events while no bridge runs, then drains them with a bridge feeding `sink`; then
    the same events straight into the sink (the ceiling)."""
    run = Run(args, phase)
    try:
        bridge = Bridge(run, sink)  # creates the stream and the durable consumer, so the backlogs wait for it
        try:
            warm_up(run, bridge, (sink,), args.warm_up)
        finally:
            bridge.stop()
        run.purge_stream()  # each backlog then holds only its run's events
        ceiling = Ceiling(args, run, sink)
        runs, ceilings, floors = [], [], []
        for n in range(1, args.repeats + 1):  # interleaved, so drift hits the bridge, floor and ceiling alike
            runs.append(drain_run(args, run, sink, backlog, n))
            floors.append(jetstream_floor(args, run, runs[-1]["entity_type"], backlog, n))
            run.purge_stream()
            ceilings.append(ceiling.measure(runs[-1]["entity_type"], backlog, n))
    finally:
        run.cleanup()
    median = statistics.median(r["events_per_second"] for r in runs)
    ceiling_median = statistics.median(c["events_per_second"] for c in ceilings)
    floor_median = statistics.median(f["events_per_second"] for f in floors)
    return {"sink": sink, "backlog": backlog, "bridge_heap": args.bridge_heap, "warm_up_events": args.warm_up,
            "runs": runs, "median_events_per_second": median,
            "cpu_micros_per_event": median_per_name(r["cpu_micros_per_event"] for r in runs),
            "ceiling": {"batch_size": args.batch_size, "runs": ceilings, "median_events_per_second": ceiling_median},
            "ceiling_events_per_second": ceiling_median, "vs_ceiling": median / ceiling_median,
            "jetstream_floor": {"batch_size": args.batch_size, "runs": floors, "median_events_per_second": floor_median,
                                "cpu_micros_per_event": median_per_name(f["cpu_micros_per_event"] for f in floors)},
            "jetstream_floor_events_per_second": floor_median, "vs_jetstream_floor": median / floor_median}


def median_per_name(dicts):
    """{name: median of the non-empty values} over dicts of {name: value or None}."""
    values = {}
    for d in dicts:
        for name, value in d.items():
            values.setdefault(name, [])
            if value is not None:
                values[name].append(value)
    return {name: (statistics.median(v) if v else None) for name, v in values.items()}


def all_judged(values):
    """True or False when every run was judged; None when any run could not be."""
    return None if any(v is None for v in values) else all(values)


def targets_of(report):
    targets = []
    if "offered" in report:
        p99 = report["offered"]["median"]["clickhouse_latency_p99"]
        targets.append(target("clickhouse_produce_to_visible_p99", f"< {P99_TARGET_SECONDS}", p99,
                              p99 < P99_TARGET_SECONDS, "s", "median of the runs' p99"))
    for key, wanted, name in (("clickhouse_max", CLICKHOUSE_TARGET, "clickhouse_drain_rate"),
                              ("elasticsearch_max", ELASTICSEARCH_TARGET, "elasticsearch_drain_rate")):
        if key not in report:
            continue
        m = report[key]
        targets.append(target(name, f">= {wanted}", m["median_events_per_second"],
                              m["median_events_per_second"] >= wanted, "events/s", "median of the runs"))
        memories = [r["memory"] for r in m["runs"]]
        targets.append(target(f"{m['sink']}_drain_bridge_heap_below_90pct_of_xmx", f"< 0.9 x {m['bridge_heap']}",
                              max(x["heap_max_bytes"] for x in memories), all_judged(x["heap_bounded"] for x in memories),
                              "bytes", "largest heap sample of all runs; every run judged"))
        growths = [x["rss_max_last_third"] - x["rss_max_first_third"] for x in memories if x["rss_flat"] is not None]
        targets.append(target(f"{m['sink']}_drain_bridge_rss_flat", "last third <= first third + 32 MiB",
                              max(growths) if growths else None, all_judged(x["rss_flat"] for x in memories), "bytes",
                              "largest growth of all runs; every run judged"))
    return targets


def micros(per_name):
    """'bridge 31.2 us, nats_server 12.0 us' from {name: microseconds or None}."""
    return ", ".join(f"{name} {'-' if v is None else f'{v:.1f} us'}" for name, v in per_name.items())


def print_report(report, out):
    print()
    print("Event pipeline (NATS JetStream -> event-bridge -> sinks), every run's counts reconciled exactly")
    if "offered" in report:
        o = report["offered"]
        print(f"  offered {o['offered_rate']:,}/s, {o['events_per_run']:,} events a run, {len(o['runs'])} runs "
              f"after a {o['warm_up_events']:,}-event warm-up:")
        for i, r in enumerate(o["runs"], 1):
            lat = r["clickhouse_latency_seconds"]
            ch, es = r["sinks"]["clickhouse"], r["sinks"]["elasticsearch"]
            print(f"    run {i}: published {r['published_per_second']:,.0f}/s; produce->visible in ClickHouse ({lat['samples']:,} samples = {lat['events']:,} events, "
                  f"poll every {lat['poll_gap_seconds']['median'] or 0:.2f} s) p50 {lat['p50']:.2f} s, p99 "
                  f"{lat['p99']:.2f} s, max {lat['max']:.2f} s; behind the last publish: ClickHouse "
                  f"{ch['seconds_behind_last_publish']:.2f} s, Elasticsearch {es['seconds_behind_last_publish']:.2f} s;"
                  f" delivered under load: ClickHouse {ch['delivered_per_second_under_offered_load']:,.0f}/s, "
                  f"Elasticsearch {es['delivered_per_second_under_offered_load']:,.0f}/s")
        m = o["median"]
        print(f"    median: published {m['published_per_second']:,.0f}/s (first to last occurred_at; below the offered "
              f"rate when the generator and JetStream could not keep it), p50 {m['clickhouse_latency_p50']:.2f} s, p99 {m['clickhouse_latency_p99']:.2f} s; behind "
              f"the last publish ClickHouse {m['clickhouse_seconds_behind_last_publish']:.2f} s, Elasticsearch "
              f"{m['elasticsearch_seconds_behind_last_publish']:.2f} s (delivered under load cannot exceed the "
              f"offered rate: it says whether the sinks kept up, not what they can do)")
    for key in ("clickhouse_max", "elasticsearch_max"):
        if key not in report:
            continue
        m = report[key]
        print(f"  max {m['sink']} ({m['backlog']:,}-event backlog per run, bridge -Xms=-Xmx{m['bridge_heap']}):")
        for i, r in enumerate(m["runs"], 1):
            mem = r["memory"]
            judged = (f"heap {'bounded' if mem['heap_bounded'] else 'NEAR ITS LIMIT'}, RSS "
                      f"{'flat' if mem['rss_flat'] else 'GROWING'}" if mem["heap_bounded"] is not None
                      else f"memory not judged: {mem['not_judged_because']}")
            print(f"    run {i}: {r['measured_events']:,} events in {r['seconds']:.1f} s = {r['events_per_second']:,.0f}/s "
                  f"({r['stored_before_first_sample']:,} stored during start-up, not counted); heap max "
                  f"{mib(mem['heap_max_bytes'])}, RSS first/last third {mib(mem['rss_max_first_third'])}/"
                  f"{mib(mem['rss_max_last_third'])} over {mem['samples']} samples: {judged}")
        for i, f in enumerate(m["jetstream_floor"]["runs"], 1):
            print(f"    jetstream floor run {i}: the same {f['events']:,} events pulled and acknowledged, nothing stored,"
                  f" {f['seconds']:.1f} s = {f['events_per_second']:,.0f}/s")
        for i, c in enumerate(m["ceiling"]["runs"], 1):
            print(f"    ceiling run {i}: {c['events']:,} events straight into {m['sink']} in {c['requests']} requests, "
                  f"{c['seconds']:.1f} s = {c['events_per_second']:,.0f}/s")
        print(f"    median {m['median_events_per_second']:,.0f}/s through the bridge, {m['ceiling_events_per_second']:,.0f}/s"
              f" straight in: the bridge reaches {m['vs_ceiling']:.0%} of the sink's own rate")
        print(f"    JetStream alone (pull + ack, no sink) {m['jetstream_floor_events_per_second']:,.0f}/s: the bridge reaches "
              f"{m['vs_jetstream_floor']:.0%} of it")
        print(f"    CPU per event (median of runs): through the bridge: {micros(m['cpu_micros_per_event'])}; "
              f"JetStream alone: {micros(m['jetstream_floor']['cpu_micros_per_event'])}")
    print("  targets:")
    for t in report["targets"]:
        measured = t["measured"]
        shown = ("-" if measured is None else mib(measured) if t["unit"] == "bytes" else f"{measured:,.2f} {t['unit']}")
        print(f"    {t['name']}: {t['target']}{'' if t['unit'] == 'bytes' else ' ' + t['unit']}, measured {shown}: "
              f"{verdict(t['met'])}")
    print(f"\nwritten to {out}")


def stop_on_sigterm(signum, frame):
    """SIGTERM (a CI timeout, kill) ends the run like Ctrl-C does: through the finally blocks that clean up."""
    raise SystemExit(f"stopped by signal {signum}; cleaning up")


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    args = parse_args()
    for jar in (BRIDGE_JAR, CLI_JAR):
        if not jar.exists():
            raise SystemExit(f"{jar} is missing; build it with: mvn -q -pl event-bridge,cli -am package -DskipTests")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    (ROOT / "bench-results").mkdir(exist_ok=True)  # the bridges' logs go there whatever --out says
    phases = set(args.phases.split(","))
    report = {"benchmark": "events", "machine": {"cpus": os.cpu_count()},
              "settings": {k: v for k, v in vars(args).items() if k != "out"}}
    if "offered" in phases:
        report["offered"] = offered(args)
    if "backlog" in phases:
        report["clickhouse_max"] = drain(args, "backlog", "clickhouse", args.backlog)
    if "es-max" in phases:
        report["elasticsearch_max"] = drain(args, "es-max", "elasticsearch", args.es_backlog)
    report["targets"] = targets_of(report)
    report["targets_missed"] = [t["name"] for t in report["targets"] if t["met"] is not True]
    report["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    Path(args.out).write_text(json.dumps(report, indent=2))
    print_report(report, args.out)
    if args.strict and report["targets_missed"]:
        print(f"--strict: targets missed or not judged: {', '.join(report['targets_missed'])}", file=sys.stderr)
        sys.exit(EXIT_TARGET_MISSED)


if __name__ == "__main__":
    main()
