# Toxiproxy built from the Go module proxy; fronts each service for fault tests. Runs as the unprivileged service
# user with its API on loopback. Toxiproxy 2.5 has no setting that limits where a proxy may listen: any local
# process can ask the API for one on 0.0.0.0 (security review M13); `scripts/services.sh check-security` fails
# when a proxy listens off loopback.
TOXIPROXY_PORT=${QUIVER_TOXIPROXY_PORT:-8474}
TOXIPROXY_RUN_AS=$SVC_USER
TOXIPROXY_BIN=$OPT_DIR/toxiproxy-$TOXIPROXY_VERSION/toxiproxy-server

toxiproxy_install() {
  go_install "$TOXIPROXY_BIN" "github.com/Shopify/toxiproxy/v2/cmd/server@v$TOXIPROXY_VERSION" \
    -ldflags "-X github.com/Shopify/toxiproxy/v2.Version=$TOXIPROXY_VERSION"
}

toxiproxy_prepare() { :; }

toxiproxy_command() { CMD=("$TOXIPROXY_BIN" -host 127.0.0.1 -port "$TOXIPROXY_PORT"); }

toxiproxy_probe() { curl -sf -m 2 "http://127.0.0.1:$TOXIPROXY_PORT/version" >/dev/null; }

toxiproxy_version() { curl -sf -m 2 "http://127.0.0.1:$TOXIPROXY_PORT/version" | tr -d '"{} \n' | sed 's/^version://'; }

# Fronts named after the services: clients that connect to the front port go through toxics. A front listens
# 10000 above its service's port (15432 for 5432, ...), so a second set of services on other ports gets its own.
toxiproxy_after_ready() {
  local fronts
  fronts=$(printf '[%s]' "$(printf '{"name":"%s","listen":"127.0.0.1:%s","upstream":"127.0.0.1:%s","enabled":true},' \
    postgres $((POSTGRES_PORT + 10000)) "$POSTGRES_PORT" \
    nats $((NATS_PORT + 10000)) "$NATS_PORT" \
    redis $((REDIS_PORT + 10000)) "$REDIS_PORT" \
    clickhouse $((CLICKHOUSE_PORT + 10000)) "$CLICKHOUSE_PORT" \
    elasticsearch $((ELASTICSEARCH_PORT + 10000)) "$ELASTICSEARCH_PORT" | sed 's/,$//')")
  curl -sf -m 5 -X POST -H 'Content-Type: application/json' --data "$fronts" \
    "http://127.0.0.1:$TOXIPROXY_PORT/populate" >/dev/null || die "could not create the toxiproxy fronts"
}
