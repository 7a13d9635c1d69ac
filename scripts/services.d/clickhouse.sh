# ClickHouse from Debian's package (18.16 on bookworm), HTTP on 8123 and native on 9000, run as the unprivileged
# service user.
CLICKHOUSE_PORT=${QUIVER_CLICKHOUSE_HTTP_PORT:-8123}
CLICKHOUSE_NATIVE_PORT=${QUIVER_CLICKHOUSE_NATIVE_PORT:-9000}
CLICKHOUSE_INTERSERVER_PORT=${QUIVER_CLICKHOUSE_INTERSERVER_PORT:-9009}
CLICKHOUSE_RUN_AS=$SVC_USER

clickhouse_install() { apt_install clickhouse-server clickhouse-client; }

clickhouse_prepare() {
  local dir; dir=$(svc_dir clickhouse)
  as_svc mkdir -p "$dir/data" "$dir/log"
  sed -e "s#@DIR@#$dir#g" -e "s#@HTTP_PORT@#$CLICKHOUSE_PORT#g" -e "s#@TCP_PORT@#$CLICKHOUSE_NATIVE_PORT#g" \
    -e "s#@INTERSERVER_PORT@#$CLICKHOUSE_INTERSERVER_PORT#g" \
    "$SERVICES_D/clickhouse-config.xml" | svc_write "$dir/config.xml"
  svc_write "$dir/users.xml" < "$SERVICES_D/clickhouse-users.xml"
}

clickhouse_command() { CMD=(/usr/sbin/clickhouse-server --config-file="$(svc_dir clickhouse)/config.xml"); }

ch_query() { curl -sf -m "${2:-3}" --data-binary "$1" "http://127.0.0.1:$CLICKHOUSE_PORT/"; }

clickhouse_probe() { [ "$(ch_query 'SELECT 1')" = 1 ]; }

clickhouse_version() { ch_query 'SELECT version()'; }
