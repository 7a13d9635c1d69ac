# PostgreSQL from Debian's package, run as the unprivileged service user.
POSTGRES_PORT=${QUIVER_POSTGRES_PORT:-5432}
POSTGRES_RUN_AS=$SVC_USER
PG_USER=quiver PG_PASSWORD=quiver PG_DB=quiver

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] || die "PostgreSQL binaries not found under /usr/lib/postgresql; run scripts/services.sh install"
  printf '%s/%s' "$d" "$1"
}

postgres_install() { apt_install postgresql; }

postgres_prepare() {
  local dir; dir=$(svc_dir postgres)
  mkdir -p "$dir/sock"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initialising PostgreSQL data in $dir/data"
    printf '%s\n' "$PG_PASSWORD" > "$dir/pwfile"
    chown -R "$SVC_USER:$SVC_USER" "$dir"
    "${AS_SERVICE_USER[@]}" "$(pg_bin initdb)" -D "$dir/data" -U "$PG_USER" --pwfile="$dir/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$dir/pwfile"
    cat >> "$dir/data/postgresql.conf" <<CONF
# --- Quiver local service ---
listen_addresses = '127.0.0.1'
port = $POSTGRES_PORT
unix_socket_directories = '$dir/sock'
max_connections = 200
shared_buffers = 256MB
fsync = on
logging_collector = off
CONF
  fi
  # After a SIGKILL the lock file names a dead postmaster; if that pid is not a live process
  # (or is only an unreaped zombie) PostgreSQL would refuse to start, so drop the stale file.
  local lock=$dir/data/postmaster.pid old
  if [ -f "$lock" ]; then
    old=$(head -1 "$lock")
    if [ ! -r "/proc/$old/stat" ] || awk '{exit !($3 == "Z")}' "/proc/$old/stat"; then rm -f "$lock"; fi
  fi
  chown -R "$SVC_USER:$SVC_USER" "$dir"
}

postgres_command() { CMD=("${AS_SERVICE_USER[@]}" "$(pg_bin postgres)" -D "$(svc_dir postgres)/data"); }

pg_sql() { PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$PG_USER" -d "${2:-$PG_DB}" -tAX -c "$1"; }

postgres_probe() { [ "$(pg_sql 'SELECT 1' postgres 2>/dev/null)" = 1 ]; }

postgres_after_ready() {
  [ "$(pg_sql "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" postgres)" = 1 ] && return 0
  log "creating database $PG_DB"
  pg_sql "CREATE DATABASE $PG_DB OWNER $PG_USER" postgres >/dev/null
}

postgres_version() { pg_sql 'SHOW server_version' | cut -d' ' -f1; }
