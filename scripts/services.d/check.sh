# scripts/services.sh check-security: checks, on the running services, what issue 13 asks of them (security review
# M12 and M13). Prints one line per check and exits 1 if any failed; `make test` runs it after `services`.

check_ok()   { printf 'ok    %s\n' "$*"; CHECKS_PASSED=$((CHECKS_PASSED + 1)); }
check_fail() { printf 'FAIL  %s\n' "$*"; CHECKS_FAILED=$((CHECKS_FAILED + 1)); }

is_loopback() { case "$1" in 127.*|'[::1]'|'[::ffff:127.'*|localhost) return 0 ;; *) return 1 ;; esac; }

# Every process of the service's group runs as its unprivileged user.
check_processes() {
  local name=$1 pgid=$2 uid=$3 others
  others=$(ps -o uid=,pid=,comm= -g "$pgid" | awk -v uid="$uid" '$1 != uid {print "pid " $2 " (" $3 ") uid " $1}')
  if [ -z "$others" ]; then check_ok "$name: every process runs as $SVC_USER"
  else check_fail "$name: processes not running as $SVC_USER: $(tr '\n' ';' <<<"$others")"; fi
}

# Every TCP socket the service's processes listen on is on loopback (for toxiproxy: its API and every proxy).
check_listeners() {
  local name=$1 pgid=$2 pids off
  pids=" $(ps -o pid= -g "$pgid" | tr -s ' \n' '  ') "
  off=$(ss -Hltnp 2>/dev/null | awk -v pids="$pids" '{
      local = $4; host = local; sub(/:[0-9]+$/, "", host)
      s = $0
      while (match(s, /pid=[0-9]+/)) {
        pid = substr(s, RSTART + 4, RLENGTH - 4); s = substr(s, RSTART + RLENGTH)
        if (index(pids, " " pid " ") && host !~ /^(127\.|\[::1\]$|\[::ffff:127\.)/) { print local; break }
      }
    }' | sort -u | tr '\n' ' ')
  if [ -z "$off" ]; then check_ok "$name: listens on loopback only"
  else check_fail "$name: listens off loopback on $off"; fi
}

# The service's directory belongs to its user, is closed to others, and holds nothing root created.
check_files() {
  local name=$1 dir owner mode foreign
  dir=$(svc_dir "$name")
  owner=$(stat -c %U "$dir"); mode=$(stat -c %a "$dir")
  if [ "$owner" = "$SVC_USER" ] && [ "${mode: -1}" = 0 ]; then check_ok "$name: $dir is $SVC_USER's, mode $mode"
  else check_fail "$name: $dir is owned by $owner with mode $mode (want $SVC_USER, no access for others)"; fi
  foreign=$(find "$dir" -xdev ! -user "$SVC_USER" -print 2>/dev/null | head -3 | tr '\n' ' ')
  if [ -z "$foreign" ]; then check_ok "$name: every file in $dir is $SVC_USER's (logs are opened as $SVC_USER)"
  else check_fail "$name: files in $dir not owned by $SVC_USER (written by root?): $foreign"; fi
}

check_postgres() {
  local dir flags trust sock_mode sock_owner
  dir=$(svc_dir postgres)
  flags=$(pg_sql "SELECT rolsuper, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = current_user" \
    2>&1 | tr '\n' ' ')
  if [ "$flags" = "f|f|f|f " ]; then check_ok "postgres: role $PG_USER is not a superuser (nor CREATEROLE, REPLICATION, BYPASSRLS)"
  else check_fail "postgres: role $PG_USER has rolsuper|rolcreaterole|rolreplication|rolbypassrls = $flags"; fi
  trust=$(as_svc cat "$dir/data/pg_hba.conf" 2>&1 | grep -Ev '^[[:space:]]*(#|$)' | grep -Ew 'trust|password|ident' | tr -s ' \n' ' ' || true)
  if [ -z "$trust" ]; then check_ok "postgres: pg_hba.conf has no trust (nor plaintext password or ident) line"
  else check_fail "postgres: pg_hba.conf allows: $trust"; fi
  if PGCONNECT_TIMEOUT=3 psql -w -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$PG_ADMIN" -d postgres -tAX -c 'SELECT 1' >/dev/null 2>&1; then
    check_fail "postgres: the superuser $PG_ADMIN logs in over TCP without a password"
  else check_ok "postgres: the superuser $PG_ADMIN cannot log in over TCP"; fi
  sock_owner=$(stat -c %U "$(pg_sock)"); sock_mode=$(stat -c %a "$(pg_sock)")
  if [ "$sock_owner" = "$SVC_USER" ] && [ "$sock_mode" = 700 ]; then check_ok "postgres: socket directory $(pg_sock) is $SVC_USER's, mode 700"
  else check_fail "postgres: socket directory $(pg_sock) is owned by $sock_owner with mode $sock_mode (want $SVC_USER, 700)"; fi
}

# Toxiproxy cannot be told to refuse proxies off loopback: a proxy someone added on 0.0.0.0 shows up here.
check_toxiproxy_proxies() {
  local proxies off="" l
  proxies=$(curl -sf -m 3 "http://127.0.0.1:$TOXIPROXY_PORT/proxies") \
    || { check_fail "toxiproxy: cannot list proxies on 127.0.0.1:$TOXIPROXY_PORT"; return; }
  for l in $(grep -o '"listen":"[^"]*"' <<<"$proxies" | cut -d'"' -f4 || true); do is_loopback "${l%:*}" || off+="$l "; done
  if [ -z "$off" ]; then check_ok "toxiproxy: every proxy listens on loopback"
  else check_fail "toxiproxy: proxies listen off loopback on $off(anyone on the network reaches the service behind)"; fi
}

services_check_security() {
  CHECKS_PASSED=0 CHECKS_FAILED=0
  local uid s pid
  uid=$(id -u "$SVC_USER" 2>/dev/null) || die "no user $SVC_USER: run scripts/services.sh up"
  for s in "${ALL_SERVICES[@]}"; do
    if ! pid=$(live_pid "$s"); then check_fail "$s: not running (scripts/services.sh up starts it)"; continue; fi
    check_processes "$s" "$pid" "$uid"
    check_listeners "$s" "$pid"
    check_files "$s"
  done
  for s in "${OPTIONAL_SERVICES[@]}"; do   # checked when running; not started by up
    pid=$(live_pid "$s") || continue
    check_processes "$s" "$pid" "$uid"
    check_listeners "$s" "$pid"
    check_files "$s"
  done
  live_pid postgres >/dev/null && check_postgres
  live_pid toxiproxy >/dev/null && check_toxiproxy_proxies
  if [ "$CHECKS_FAILED" -gt 0 ]; then
    log "$CHECKS_FAILED of $((CHECKS_PASSED + CHECKS_FAILED)) security checks failed; services started by an older scripts/services.sh are restarted (and PostgreSQL data migrated) by: scripts/services.sh up"
    return 1
  fi
  log "all $CHECKS_PASSED security checks passed"
}
