"""One ClickHouse session of chdb-core's embedded engine, driven by dev.quiver.testsupport.ChdbSession.

Usage: python chdb_session.py DATA_DIR

The session keeps its databases in DATA_DIR. Protocol, one JSON object per line each way:
  - first, on stdout: {"ready": "<chdb-core version>"}, or {"error": "..."} when chdb cannot be imported;
  - then, for each line {"sql": "..."} read from stdin: {"answer": "<result text>"} or {"error": "<ClickHouse's
    message>"}. A statement without a FORMAT clause answers in TabSeparated.
Anything the engine itself prints goes to stderr, never into the protocol. Ends at the end of stdin.
"""
import json
import os
import sys


def main():
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    def reply(**message):
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    try:
        from importlib.metadata import version
        from chdb import session
    except ImportError as e:
        reply(error=f"chdb-core is not installed in {sys.executable}: {e}")
        return 1
    chdb = session.Session(sys.argv[1])
    reply(ready=version("chdb-core"))
    try:
        for line in sys.stdin:
            sql = json.loads(line)["sql"]
            try:
                answer = chdb.query(sql, "TabSeparated").bytes().decode("utf-8")
            except Exception as e:  # ClickHouse's error, reported to the caller as the answer
                reply(error=str(e))
                continue
            reply(answer=answer)
    finally:
        chdb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
