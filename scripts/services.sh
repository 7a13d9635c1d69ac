#!/usr/bin/env bash
# Quiver's real local services as plain processes on loopback (no Docker needed).
# See ../README.md and shared DESIGN.md for the ports. Run `scripts/services.sh --help`.
set -euo pipefail

QUIVER_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES_D="$QUIVER_HOME/scripts/services.d"
# shellcheck source=services.d/common.sh
. "$SERVICES_D/common.sh"

ALL_SERVICES=(postgres nats redis clickhouse elasticsearch toxiproxy)
for s in "${ALL_SERVICES[@]}"; do
  # shellcheck source=/dev/null
  . "$SERVICES_D/$s.sh"
done
# Not started by a plain `up`: the 3-node NATS cluster (`up nats-cluster`), for the scenario that needs it.
# shellcheck source=services.d/nats-cluster.sh
. "$SERVICES_D/nats-cluster.sh"
OPTIONAL_SERVICES=("${NATS_CLUSTER_NODES[@]}")
# shellcheck source=services.d/check.sh
. "$SERVICES_D/check.sh"

usage() {
  cat <<USAGE
Usage: scripts/services.sh COMMAND [NAME]

Runs Quiver's real services as plain processes on 127.0.0.1, each as the unprivileged user
${SVC_USER}, data under ${SERVICES_DIR} (override with QUIVER_SERVICES_DIR).
Starting services needs root (run it with sudo).

Commands
  up              install what is missing, start every service, wait until each
                  answers its readiness probe, create the toxiproxy fronts, print status.
                  Idempotent: services already up are left alone, except those an older services.sh
                  started (as root, or PostgreSQL with quiver as its superuser): they are restarted,
                  and PostgreSQL's data is migrated.
  up nats-cluster start only the optional 3-node NATS JetStream cluster (nats-c1..3; a plain up
                  leaves it alone); waits until each node has JetStream and knows the meta leader.
                  Also: up NAME for one service.
  down [GROUP]    stop every service gracefully (SIGTERM, then SIGKILL after 30 s), the cluster's nodes
                  too; down nats-cluster (or down NAME) stops only those. Data stays.
  status [GROUP]  table of service, pid, port, version, state. Exit 1 if any is not up (the optional
                  cluster's nodes are listed but do not count; status nats-cluster checks only them).
  kill NAME       SIGKILL the service's whole process group (crash test) and wait until it is gone.
                  Data stays. Fails if NAME is not running.
  restart NAME    stop NAME (if running) and start it again on the same data; waits until ready.
  pause NAME      SIGSTOP the service's process group (freeze test) and wait until it is stopped.
                  Fails if NAME is not running or already paused.
  resume NAME     SIGCONT a paused service. Fails if NAME is not running or not paused.
                  kill, pause and resume exit 1 with a message whenever they did nothing.
  install         only install what is missing (Debian packages, Elasticsearch, toxiproxy).
  check-security  check the running services: every process runs as ${SVC_USER} and listens on
                  loopback only (toxiproxy's API and proxies included), service directories are
                  ${SVC_USER}'s and closed to others, PostgreSQL's role quiver is no superuser, no
                  trust in pg_hba.conf, socket directory 0700. Exit 1 if any check fails.

Services and ports (toxiproxy front in brackets)
  postgres       5432  [15432]   PostgreSQL, db/user/password quiver/quiver/quiver (no superuser; the
                                 superuser postgres only over the unix socket as ${SVC_USER})
  nats           4222  [14222]   NATS with JetStream, monitoring on 8222
  redis          6379  [16379]   Redis
  clickhouse     8123  [18123]   ClickHouse HTTP (native protocol on 9000), user default
  elasticsearch  9200  [19200]   Elasticsearch ${ES_VERSION} (integ-test distribution, no security)
  toxiproxy      8474            Toxiproxy API; fronts are named after the services

Optional (scripts/services.sh up nats-cluster; kill, restart, pause, resume take each node's name)
  nats-c1..3     4231..4233      NATS JetStream cluster ${NATS_CLUSTER_NAME} on loopback: routes on
                                 6231..6233, monitoring on 8231..8233, server_name quiver-c1..3,
                                 each its own store, sync_interval: always; for replicated streams

Environment
  QUIVER_SERVICES_DIR  where data, logs and pid files live (default: .services in the checkout,
                       or /var/lib/quiver/<checkout-hash> if an unprivileged user cannot reach it)
  QUIVER_OPT_DIR       where downloaded Elasticsearch and toxiproxy are kept (default /opt/quiver)
  QUIVER_ES_HEAP       Elasticsearch heap (default 512m)
  QUIVER_POSTGRES_PORT, QUIVER_NATS_PORT, QUIVER_NATS_MONITOR_PORT, QUIVER_REDIS_PORT,
  QUIVER_CLICKHOUSE_HTTP_PORT, QUIVER_CLICKHOUSE_NATIVE_PORT, QUIVER_CLICKHOUSE_INTERSERVER_PORT,
  QUIVER_ELASTICSEARCH_PORT, QUIVER_ELASTICSEARCH_TRANSPORT_PORT, QUIVER_TOXIPROXY_PORT,
  QUIVER_NATS_CLUSTER_PORT, QUIVER_NATS_CLUSTER_ROUTE_PORT, QUIVER_NATS_CLUSTER_MONITOR_PORT (first node's;
  the others +1, +2)
                       move a service off its port, e.g. to run a second, separate set of services
                       (with its own QUIVER_SERVICES_DIR) for a test that kills them; fronts follow (+10000)
USAGE
}

cmd=${1:-}
name=${2:-}
case "$cmd" in
  up)       services_up ${name:+"$name"} ;;
  down)     services_down ${name:+"$name"} ;;
  status)   services_status ${name:+"$name"} ;;
  install)  services_install ;;
  check-security) services_check_security ;;
  kill|restart|pause|resume)
            require_service_name "$name"
            "service_$cmd" "$name" ;;
  -h|--help|help) usage ;;
  *)        usage >&2; [ -n "$cmd" ] && echo "unknown command: $cmd" >&2; exit 2 ;;
esac
