# Redis from Debian's package, run as the unprivileged service user.
REDIS_PORT=${QUIVER_REDIS_PORT:-6379}
REDIS_RUN_AS=$SVC_USER

redis_install() { apt_install redis-server; }

redis_prepare() { as_svc mkdir -p "$(svc_dir redis)/data"; }

redis_command() {
  CMD=(redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$(svc_dir redis)/data"
       --daemonize no --appendonly yes --appendfsync everysec --save "" --protected-mode yes)
}

redis_probe() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_version() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info server | tr -d '\r' | grep '^redis_version:' | cut -d: -f2; }
