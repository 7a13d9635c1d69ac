"""What both benchmarks share: logging, sizes, ports, and how a target is judged and recorded."""
import socket
import sys


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def size_bytes(text):
    """-Xmx style sizes: 256m, 1g, 262144k, 268435456."""
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    text = text.strip().lower()
    return int(text[:-1]) * units[text[-1]] if text[-1] in units else int(text)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def thirds(samples, total, index):
    """Max of samples[index] over the first and the last third of the progress (samples are (progress, ...): rows
    read, events stored); None when a third has fewer than 2 samples."""
    first = [s[index] for s in samples if s[0] < total / 3]
    last = [s[index] for s in samples if s[0] >= 2 * total / 3]
    if len(first) < 2 or len(last) < 2:
        return None
    return max(first), max(last)


def target(name, wanted, measured, met, unit, note=None):
    """One target as recorded in the JSON: met is True, False or None (not judged)."""
    entry = {"name": name, "target": wanted, "measured": measured, "unit": unit, "met": met}
    if note:
        entry["note"] = note
    return entry


def verdict(met):
    return {True: "met", False: "MISSED", None: "NOT JUDGED"}[met]


def mib(b):
    return "-" if b is None else f"{b / 2**20:,.0f} MiB"
