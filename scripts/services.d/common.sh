# Shared machinery for scripts/services.sh: paths, process groups, waiting, status.
# Each service file NAME.sh defines:
#   NAME_PORT                 main port (for status and port-conflict checks)
#   NAME_install              install what is missing (idempotent)
#   NAME_prepare              create data and config on first start (idempotent)
#   NAME_command              set CMD=(server in the foreground ...) and CMD_ENV=(KEY=VALUE ...)
#   NAME_probe                exit 0 when the service answers its readiness probe
#   NAME_version              print the running server's version
#   NAME_after_ready          (optional) one-time setup once it answers
#   NAME_RUN_AS               the unprivileged user the server runs as ($SVC_USER; "" runs it as the invoking user)
#   NAME_outdated             (optional) exit 0 when the running server was started by an older services.sh
#                             and must be restarted to get the current layout (see start_service)
#
# Root never opens, writes or removes a path inside a directory the service user owns: that user (or whoever
# breaks into a service) could have put a symlink there, and root would follow it (security review M12). Such
# files are written through as_svc / svc_write, and each server opens its own log as the service user.

ES_VERSION=${QUIVER_ES_VERSION:-8.19.4}
TOXIPROXY_VERSION=${QUIVER_TOXIPROXY_VERSION:-2.5.0}
NATS_VERSION=${QUIVER_NATS_VERSION:-2.15.2}
SVC_USER=quiver-svc
OPT_DIR=${QUIVER_OPT_DIR:-/opt/quiver}
READY_TIMEOUT=${QUIVER_READY_TIMEOUT:-180}

log()  { printf '[services] %s\n' "$*" >&2; }
die()  { printf '[services] error: %s\n' "$*" >&2; exit 1; }

# True when every ancestor of $1 can be traversed by other users (so the unprivileged
# service user can reach data kept under the checkout).
others_can_reach() {
  local d=$1
  while [ "$d" != "/" ]; do
    [ -d "$d" ] && { local mode; mode=$(stat -c %A "$d"); [ "${mode:9:1}" = "x" ] || [ "${mode:9:1}" = "t" ] || return 1; }
    d=$(dirname "$d")
  done
}

resolve_services_dir() {
  if [ -n "${QUIVER_SERVICES_DIR:-}" ]; then
    SERVICES_DIR=$QUIVER_SERVICES_DIR
  elif others_can_reach "$QUIVER_HOME"; then
    SERVICES_DIR=$QUIVER_HOME/.services
  else
    SERVICES_DIR=/var/lib/quiver/$(printf '%s' "$QUIVER_HOME" | sha1sum | cut -c1-12)
  fi
}
resolve_services_dir

svc_dir()  { printf '%s/%s' "$SERVICES_DIR" "$1"; }
# A service's name as it appears in its functions and variables: nats-c1 -> nats_c1 (nats_c1_probe, NATS_C1_PORT).
svc_id()   { printf '%s' "${1//-/_}"; }
# The value of the service's variable $2, e.g. `svc_var nats-c1 PORT` is $NATS_C1_PORT.
svc_var()  { local v; v=$(svc_id "$1"); v="${v^^}_$2"; printf '%s' "${!v}"; }
pid_file() { printf '%s/run/%s.pid' "$SERVICES_DIR" "$1"; }
log_file() { printf '%s/%s/server.log' "$SERVICES_DIR" "$1"; }

require_service_name() {
  local n
  for n in "${ALL_SERVICES[@]}" "${OPTIONAL_SERVICES[@]}"; do [ "$n" = "$1" ] && return 0; done
  die "unknown service '${1:-}'; one of: ${ALL_SERVICES[*]} ${OPTIONAL_SERVICES[*]}"
}

# Sets GROUP_MEMBERS to the services a group name stands for (nats-cluster: its three nodes), or to the name itself.
group_members() {
  case "$1" in
    nats-cluster) GROUP_MEMBERS=("${NATS_CLUSTER_NODES[@]}") ;;
    *) ( require_service_name "$1" ) 2>/dev/null || die "unknown service or group '${1:-}'; one of: nats-cluster ${ALL_SERVICES[*]} ${OPTIONAL_SERVICES[*]}"
       GROUP_MEMBERS=("$1") ;;
  esac
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ---- installation -------------------------------------------------------------------------

APT_UPDATED=0
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  if [ $APT_UPDATED -eq 0 ]; then as_root apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's maintainer scripts may start system-wide copies; ours run from the checkout instead.
  local unit
  for unit in postgresql redis-server clickhouse-server nats-server; do
    as_root systemctl disable --now "$unit" >/dev/null 2>&1 || true
    as_root service "$unit" stop >/dev/null 2>&1 || true
  done
}

# go_install DEST PACKAGE@VERSION [go install flags...]: builds a Go command from the Go module proxy into DEST
# (the single binary `go install` produces), unless DEST is there already.
go_install() {
  local dest=$1 package=$2; shift 2
  [ -x "$dest" ] && return 0
  [ -d /usr/local/go/bin ] && PATH=$PATH:/usr/local/go/bin
  command -v go >/dev/null || apt_install golang-go
  log "building $package with go install (Go module proxy)"
  local gobin; gobin=$(mktemp -d)
  GOBIN=$gobin GOFLAGS=-trimpath go install "$@" "$package"
  as_root mkdir -p "$(dirname "$dest")"
  as_root mv "$gobin"/* "$dest"
  rm -rf "$gobin"
  as_root chmod 0755 "$(dirname "$dest")" "$dest"   # run by the service user
}

# Runs a command as the unprivileged service user, from /, with umask 027 (nothing it creates is world-readable).
as_svc() { ( cd / && umask 027 && exec setpriv --reuid="$SVC_USER" --regid="$SVC_USER" --init-groups -- "$@" ); }

# Writes standard input to file $1 as the service user.
svc_write() { as_svc sh -c 'cat > "$1"' sh "$1"; }

# The user NAME runs as ("" for the invoking user).
run_as() { svc_var "$1" RUN_AS; }

require_root() {
  [ "$(id -u)" -eq 0 ] || die "starting a service needs root: it switches to the unprivileged user $SVC_USER; run scripts/services.sh with sudo"
}

ensure_service_user() {
  id -u "$SVC_USER" >/dev/null 2>&1 && return 0
  log "creating unprivileged user $SVC_USER (every service runs as it)"
  as_root useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SVC_USER"
}

services_install() {
  apt_install curl unzip ca-certificates util-linux iproute2 postgresql redis-server clickhouse-server clickhouse-client
  ensure_service_user
  local s
  for s in "${ALL_SERVICES[@]}"; do "${s}_install"; done
}

# ---- processes ------------------------------------------------------------------------------

# Pid of the service's process-group leader if it is alive (zombies count as dead).
live_pid() {
  local f pid started
  f=$(pid_file "$1")
  [ -f "$f" ] || return 1
  read -r pid started < "$f" || true
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  # A pid file outlives a reboot or a crash and its pid may since belong to another process: the start time
  # written next to it must match too.
  [ -z "$started" ] || [ "$(proc_start_time "$pid")" = "$started" ] || return 1
  case "$(proc_field "$pid" 3)" in Z|X|"") return 1 ;; esac
  printf '%s' "$pid"
}

# Field N of /proc/PID/stat (N >= 3; fields are counted after the command name, which may hold spaces).
proc_field() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  awk -v n="$(($2 - 2))" '{print $n}' <<<"$stat"
}

# When PID started, in clock ticks since boot: with the pid, it names one process for good.
proc_start_time() { proc_field "$1" 22; }

# Live members of the process group led by $1.
group_alive() { ps -o stat= -g "$1" 2>/dev/null | grep -qv '^Z'; }

port_owner() { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

start_service() {
  local name=$1 pid
  require_root
  if pid=$(live_pid "$name"); then
    local why
    if ! why=$(service_outdated "$name" "$pid"); then
      log "$name already running (pid $pid)"
      prepare_service_dir "$name"
      return 0
    fi
    log "restarting $name: an older scripts/services.sh started it ($why); data stays"
    stop_service "$name"
    wait_port_free "$name"
  fi
  local port; port=$(svc_var "$name" PORT)
  local owner; owner=$(port_owner "$port" || true)
  if [ -n "$owner" ]; then
    die "port $port for $name is taken by pid $owner ($(tr '\0' ' ' < /proc/$owner/cmdline 2>/dev/null | cut -c1-80)); stop it, then run scripts/services.sh up again"
  fi
  mkdir -p "$SERVICES_DIR/run"
  prepare_service_dir "$name"
  "$(svc_id "$name")_prepare"
  CMD=(); CMD_ENV=()
  "$(svc_id "$name")_command"
  local user log dir as_user=()
  user=$(run_as "$name"); log=$(log_file "$name"); dir=$(svc_dir "$name")
  [ -z "$user" ] || as_user=(setpriv --reuid="$user" --regid="$user" --init-groups --)
  log "starting $name as ${user:-$(id -un)} (log: $log)"
  # setsid: the service leads its own process group, so kill/pause reach all its processes. The log is opened by
  # the service user's shell, which then execs the server (same pid): never by root (M12).
  ( cd "$dir" && exec setsid env "${CMD_ENV[@]}" "${as_user[@]}" \
      sh -c 'umask 027; exec "$@" >>"$0" 2>&1' "$log" "${CMD[@]}" ) </dev/null &
  local pid=$!
  echo "$pid $(proc_start_time "$pid")" > "$(pid_file "$name")"
}

# True, printing why, when the running server (group leader $2) must be restarted to match this script: it runs as
# another user than NAME_RUN_AS (services.sh before issue 13 ran nats, redis, clickhouse and toxiproxy as root), or
# NAME_outdated says so.
service_outdated() {
  local name=$1 pid=$2 user
  user=$(run_as "$name")
  if [ -n "$user" ] && [ "$(ps -o uid= -p "$pid" | tr -d ' ')" != "$(id -u "$user")" ]; then
    printf 'it runs as %s, not %s' "$(ps -o user= -p "$pid" | tr -d ' ')" "$user"
    return 0
  fi
  declare -F "$(svc_id "$name")_outdated" >/dev/null && "$(svc_id "$name")_outdated"
}

# The service's directory: owned by its user, mode 0750, nothing in it readable by others. Directories of an older
# services.sh hold files root wrote (logs; every file of the services that ran as root): they are handed to the
# service user, without following symlinks, and leaving out files with other hard links (one to a root file could
# only have been planted; fs.protected_hardlinks forbids that too).
prepare_service_dir() {
  local name=$1 dir user
  dir=$(svc_dir "$name"); user=$(run_as "$name")
  mkdir -p "$dir"
  [ -n "$user" ] || return 0
  find "$dir" -xdev ! -user "$user" \( -type d -o -type l -o -links 1 \) -exec chown -h "$user:$user" {} +
  chmod 0750 "$dir"
  as_svc chmod -R o-rwx "$dir"
}

wait_ready() {
  local name=$1 deadline=$((SECONDS + READY_TIMEOUT))
  until "$(svc_id "$name")_probe" >/dev/null 2>&1; do
    if ! live_pid "$name" >/dev/null; then
      log "$name exited during start; last lines of $(log_file "$name"):"
      as_svc tail -n 20 "$(log_file "$name")" >&2 || true
      die "$name did not start"
    fi
    [ $SECONDS -lt $deadline ] || die "$name did not answer its readiness probe within ${READY_TIMEOUT}s; see $(log_file "$name")"
    sleep 0.5
  done
  if declare -F "$(svc_id "$name")_after_ready" >/dev/null; then "$(svc_id "$name")_after_ready"; fi
}

# Best effort, for stopping: a group already gone is fine.
signal_group() { local pid=$2; kill -s "$1" -- "-$pid" 2>/dev/null || kill -s "$1" "$pid" 2>/dev/null || true; }

# Sends signal $1 to the process group led by $2 (or to the leader alone if it leads no group); fails, with the
# reason on stderr, if no process received it.
send_signal() {
  local sig=$1 pid=$2 err
  err=$(kill -s "$sig" -- "-$pid" 2>&1) && return 0
  kill -s "$sig" "$pid" 2>/dev/null && return 0
  printf '%s' "$err" >&2
  return 1
}

# States (ps STAT) of the live members of the group led by $1, one a line (zombies left out).
group_states() { ps -o stat= -g "$1" 2>/dev/null | grep -v '^Z'; }

# True when the group has live members and every one is stopped (SIGSTOP: state T).
group_stopped() { local states; states=$(group_states "$1") || true; [ -n "$states" ] && ! grep -qv '^T' <<<"$states"; }

# True when no live member of the group is stopped.
group_running() { local states; states=$(group_states "$1") || true; ! grep -q '^T' <<<"$states"; }

# Waits up to $3 seconds until predicate $2 (group_stopped or group_running) holds for the group led by $1:
# a signal is delivered asynchronously.
wait_group() {
  local pid=$1 predicate=$2 deadline=$((SECONDS + $3))
  until "$predicate" "$pid"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# Waits until no live process is left in the group; then gives the reaper a moment, because
# a server that finds its predecessor's zombie pid in a lock file refuses to start.
wait_group_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while group_alive "$pid"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
  deadline=$((SECONDS + 5))
  while [ -n "$(ps -o pid= -g "$pid" 2>/dev/null)" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
}

stop_service() {
  local name=$1 pid
  pid=$(live_pid "$name") || return 0
  log "stopping $name (pid $pid)"
  signal_group CONT "$pid"      # a paused service cannot act on SIGTERM
  signal_group TERM "$pid"
  if ! wait_group_gone "$pid" 30; then
    log "$name ignored SIGTERM for 30 s; sending SIGKILL"
    signal_group KILL "$pid"
    wait_group_gone "$pid" 10 || die "$name (pid $pid) survived SIGKILL"
  fi
}

# kill, pause and resume exit non-zero with a message when they did nothing: a fault test must not go on
# believing it injected a fault that never happened.
# Why NAME has no process of ours: not running, or answering on its port from elsewhere (docker compose, another
# checkout's services), which this script cannot fault.
not_ours() {
  local name=$1 what=$2
  if "$(svc_id "$name")_probe" >/dev/null 2>&1; then
    die "$name answers on its port but was not started by this script (docker compose? another QUIVER_SERVICES_DIR?): cannot $what it; fault tests need the services of scripts/services.sh up"
  fi
  die "$name is not running: nothing to $what${3:+ ($3)}"
}

service_kill() {
  local name=$1 pid
  pid=$(live_pid "$name") || not_ours "$name" kill "start it with: scripts/services.sh restart $name"
  log "SIGKILL $name (process group $pid)"
  send_signal KILL "$pid" || die "SIGKILL to $name (process group $pid) failed"
  wait_group_gone "$pid" 15 || die "$name (pid $pid) survived SIGKILL"
}

service_pause() {
  local name=$1 pid
  pid=$(live_pid "$name") || not_ours "$name" pause
  ! group_stopped "$pid" || die "$name is already paused (process group $pid); resume it with: scripts/services.sh resume $name"
  send_signal STOP "$pid" || die "SIGSTOP to $name (process group $pid) failed"
  wait_group "$pid" group_stopped 10 || die "$name (process group $pid) is not stopped 10 s after SIGSTOP: $(group_states "$pid" | tr '\n' ' ')"
  log "paused $name (SIGSTOP to group $pid)"
}

service_resume() {
  local name=$1 pid
  pid=$(live_pid "$name") || not_ours "$name" resume
  ! group_running "$pid" || die "$name is not paused (process group $pid): nothing to resume"
  send_signal CONT "$pid" || die "SIGCONT to $name (process group $pid) failed"
  wait_group "$pid" group_running 10 || die "$name (process group $pid) is still stopped 10 s after SIGCONT: $(group_states "$pid" | tr '\n' ' ')"
  log "resumed $name (SIGCONT to group $pid)"
}

service_restart() {
  local name=$1
  stop_service "$name"
  wait_port_free "$name"
  start_service "$name"
  wait_ready "$name"
  log "$name restarted"
  print_status_line "$name"
}

wait_port_free() {
  local port deadline=$((SECONDS + 30))
  port=$(svc_var "$1" PORT)
  while [ -n "$(port_owner "$port")" ]; do
    [ $SECONDS -lt $deadline ] || die "port $port is still taken after $1 stopped"
    sleep 0.2
  done
}

# ---- commands -------------------------------------------------------------------------------

services_up() {
  local t0=$SECONDS s
  if [ $# -gt 0 ]; then services_up_only "$@"; return; fi
  services_install
  for s in "${ALL_SERVICES[@]}"; do start_service "$s"; done
  for s in "${ALL_SERVICES[@]}"; do wait_ready "$s"; done
  log "all services up in $((SECONDS - t0)) s"
  services_status
}

# `up GROUP|NAME`: starts only those (e.g. the optional nats-cluster, which a plain `up` leaves alone).
services_up_only() {
  local t0=$SECONDS s
  group_members "$1"
  ensure_service_user
  for s in "${GROUP_MEMBERS[@]}"; do "$(svc_id "$s")_install"; done
  for s in "${GROUP_MEMBERS[@]}"; do start_service "$s"; done
  for s in "${GROUP_MEMBERS[@]}"; do wait_ready "$s"; done
  log "$1 up in $((SECONDS - t0)) s"
  services_status "$1"
}

services_down() {
  local s
  if [ $# -gt 0 ]; then   # `down GROUP|NAME`: only those
    group_members "$1"
    for s in "${GROUP_MEMBERS[@]}"; do stop_service "$s"; done
    log "$1 stopped; data kept in $SERVICES_DIR"
    return
  fi
  for s in "${ALL_SERVICES[@]}" "${OPTIONAL_SERVICES[@]}"; do stop_service "$s"; done
  log "all services stopped; data kept in $SERVICES_DIR"
}

print_status_header() { printf '%-14s %-8s %-6s %-10s %s\n' SERVICE PID PORT VERSION STATE; }

print_status_line() {
  local name=$1 pid state version
  if pid=$(live_pid "$name"); then
    if ps -o stat= -p "$pid" | grep -q '^T'; then state=paused; version=-
    elif "$(svc_id "$name")_probe" >/dev/null 2>&1; then state=up; version=$("$(svc_id "$name")_version" 2>/dev/null || echo '?')
    else state=starting; version=-
    fi
  else
    pid=-; state=down; version=-
  fi
  printf '%-14s %-8s %-6s %-10s %s\n' "$name" "$pid" "$(svc_var "$name" PORT)" "${version:-?}" "$state"
  [ "$state" = up ]
}

# `status`: every default service (exit 1 unless all up), then the optional ones, which do not count;
# `status GROUP|NAME`: only those, exit 1 unless all of them are up.
services_status() {
  local s rc=0
  if [ $# -gt 0 ]; then
    group_members "$1"
    print_status_header
    for s in "${GROUP_MEMBERS[@]}"; do print_status_line "$s" || rc=1; done
    return $rc
  fi
  print_status_header
  for s in "${ALL_SERVICES[@]}"; do print_status_line "$s" || rc=1; done
  echo "optional (not started by up; scripts/services.sh up nats-cluster):"
  for s in "${OPTIONAL_SERVICES[@]}"; do print_status_line "$s" || true; done
  return $rc
}
