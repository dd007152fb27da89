#!/usr/bin/env bash
# Brings the whole of Laglig up on this machine (`npm run up`):
#   dependencies -> PostgreSQL + pgvector + Redis -> build -> migrate ->
#   ingest the bundled statutes -> start the five services and the web app.
#
#   scripts/up.sh            bring everything up (stops an earlier run first)
#   scripts/up.sh stop       stop what an earlier run started
#   scripts/up.sh status     show which processes run and their health
#
# Processes run in the background; logs in var/log/<name>.log, pids in
# var/run/<name>.pid. Environment (all optional): DATABASE_URL, REDIS_URL,
# LOG_LEVEL, JWT_SECRET and UNSUBSCRIBE_SECRET (generated into var/secrets/ when unset), PUBLIC_BASE_URL, NG_ALLOWED_HOSTS, UP_SKIP_BUILD=1, UP_SKIP_MIGRATE=1,
# UP_SKIP_INGEST=1,
# UP_HEALTH_TIMEOUT (seconds, default 120). See docs/operations.md.
set -euo pipefail

export LOG_TAG='up'
# shellcheck source=scripts/setup/lib.sh
source "$(dirname "$0")/setup/lib.sh"
ROOT=$(repo_root)
cd "$ROOT"

LOG_DIR=$ROOT/var/log
RUN_DIR=$ROOT/var/run
HEALTH_TIMEOUT=${UP_HEALTH_TIMEOUT:-120}

export NODE_ENV=production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/laglig}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}

# Access tokens are signed by compliance-workflow and verified by the gateway
# with one shared key. Without JWT_SECRET in the environment a key is generated
# once and kept in var/secrets/jwt-secret (mode 600), so sessions survive a restart.
# The same for UNSUBSCRIBE_SECRET (signs the unsubscribe links in the notifier's mails).
secret_from_file() { # <variable> <file name>
  if [ -z "${!1:-}" ]; then
    mkdir -p "$ROOT/var/secrets" && chmod 700 "$ROOT/var/secrets"
    if [ ! -s "$ROOT/var/secrets/$2" ]; then
      (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(48).toString('base64'))" >"$ROOT/var/secrets/$2")
    fi
    printf -v "$1" '%s' "$(cat "$ROOT/var/secrets/$2")"
    export "${1?}"
  fi
}
secret_from_file JWT_SECRET jwt-secret
secret_from_file UNSUBSCRIBE_SECRET unsubscribe-secret
# Served over plain http on localhost: the refresh cookie cannot require TLS here.
export COOKIE_SECURE=${COOKIE_SECURE:-false}

# Ports; docker-compose.yml and k8s/ use the same (libs/deploy-check checks).
declare -A PORTS=(
  [api-gateway]=3000
  [law-catalog]=3001
  [rag]=3002
  [compliance-workflow]=3003
  [notifier]=3004
  [web]=4000
)
GATEWAY_PORT=${PORTS[api-gateway]}
WEB_PORT=${PORTS[web]}

entry_of() {
  if [ "$1" = web ]; then echo "dist/apps/web/server/server.mjs"; else echo "dist/apps/$1/main.js"; fi
}

# --------------------------------------------------------------- processes

# Pid from var/run/<name>.pid if that process is still one of ours.
running_pid() {
  local file=$RUN_DIR/$1.pid pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: the process must run our entry file.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$(entry_of "$1")" || return 1
  echo "$pid"
}

stop_one() {
  local name=$1 pid i
  if pid=$(running_pid "$name"); then
    log "stopping $name (pid $pid)"
    # Each process was started as its own process group (setsid).
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      warn "$name did not stop within 10 s; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$RUN_DIR/$name.pid"
}

stop_all() {
  local i
  # Reverse start order: web and gateway first, so nothing new arrives.
  for ((i = ${#LAGLIG_APPS[@]} - 1; i >= 0; i--)); do stop_one "${LAGLIG_APPS[i]}"; done
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_one() {
  local name=$1 port=${PORTS[$1]} entry
  entry=$(entry_of "$name")
  [ -f "$entry" ] || die "$entry is missing; run the build (scripts/up.sh without UP_SKIP_BUILD)"
  port_busy "$port" && die "port $port (for $name) is already in use by another program:
$(ss -ltnp "sport = :$port" 2>/dev/null | tail -n +2)"
  [ -f "$LOG_DIR/$name.log" ] && mv -f "$LOG_DIR/$name.log" "$LOG_DIR/$name.log.1"
  local extra=()
  # NG_ALLOWED_HOSTS: Angular SSR renders only for these Host headers (it
  # falls back to client-side rendering, or answers 400, for any other).
  [ "$name" = web ] && extra=(GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT"
    PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://localhost:$WEB_PORT}"
    NG_ALLOWED_HOSTS="${NG_ALLOWED_HOSTS:-localhost,127.0.0.1}")
  # setsid: own process group, so `stop` ends the process and its children.
  PORT=$port SERVICE_NAME=$name env "${extra[@]}" setsid node "$entry" \
    </dev/null >>"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  log "started $name (pid $!, port $port, log var/log/$name.log)"
}

# Waits until $url answers 2xx (and, if given, the body matches $pattern).
wait_http() {
  local name=$1 url=$2 pattern=${3:-} deadline=$((SECONDS + HEALTH_TIMEOUT)) body
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! running_pid "$name" >/dev/null; then
      printf '\n--- last lines of var/log/%s.log ---\n' "$name" >&2
      tail -n 40 "$LOG_DIR/$name.log" >&2 || true
      die "$name exited during start-up (see var/log/$name.log)"
    fi
    if body=$(curl -fsS --max-time 3 "$url" 2>/dev/null); then
      if [ -z "$pattern" ] || grep -qE "$pattern" <<<"$body"; then
        log "$name is ready ($url)"
        return 0
      fi
    fi
    sleep 1
  done
  printf '\n--- last lines of var/log/%s.log ---\n' "$name" >&2
  tail -n 40 "$LOG_DIR/$name.log" >&2 || true
  die "$name did not become ready at $url within ${HEALTH_TIMEOUT} s (last answer: ${body:-none})"
}

health_url() {
  case "$1" in
    api-gateway) echo "http://127.0.0.1:${PORTS[$1]}/api/v1/health" ;;
    web) echo "http://127.0.0.1:${PORTS[$1]}/" ;;
    *) echo "http://127.0.0.1:${PORTS[$1]}/health" ;;
  esac
}

status() {
  local name pid port health
  for name in "${LAGLIG_APPS[@]}"; do
    port=${PORTS[$name]}
    if pid=$(running_pid "$name"); then
      health=unhealthy
      curl -fsS --max-time 2 -o /dev/null "$(health_url "$name")" 2>/dev/null && health=healthy
      printf '  %-20s running  pid %-7s port %-5s %s\n' "$name" "$pid" "$port" "$health"
    else
      printf '  %-20s stopped\n' "$name"
    fi
  done
}

# ------------------------------------------------------------ preparation

# Runs a one-shot subcommand of a built service with a time limit, so a
# service without that subcommand (which would start serving) cannot hang us.
run_task() {
  local limit=$1 name=$2
  shift 2
  log "$name: $*"
  local rc=0
  timeout --foreground "$limit" node "$(entry_of "$name")" "$@" || rc=$?
  if [ "$rc" -eq 124 ]; then
    die "'node $(entry_of "$name") $*' did not finish within $limit s (does $name support '$1'?)"
  elif [ "$rc" -ne 0 ]; then
    die "'node $(entry_of "$name") $*' failed (exit $rc)"
  fi
}

migrate_all() {
  local name
  if [ "${UP_SKIP_MIGRATE:-0}" = 1 ]; then
    log "skipping migrations (UP_SKIP_MIGRATE=1)"
    return 0
  fi
  for name in "${LAGLIG_MIGRATING_APPS[@]}"; do
    run_task "${UP_MIGRATE_TIMEOUT:-300}" "$name" migrate
  done
}

ingest_bundled() {
  if [ "${UP_SKIP_INGEST:-0}" = 1 ]; then
    log "skipping ingestion (UP_SKIP_INGEST=1)"
    return 0
  fi
  # Unchanged documents are skipped by content hash, so this is cheap on re-runs.
  run_task "${UP_INGEST_TIMEOUT:-1800}" law-catalog ingest --dir data/sfs
}

STAGE=''
stage() {
  STAGE=$1
  log "== $1"
}
on_exit() {
  local rc=$?
  [ "$rc" -eq 0 ] || [ -z "$STAGE" ] || printf '[up] FAILED during "%s" (exit %d); see the output above\n' "$STAGE" "$rc" >&2
  # All or nothing: do not leave half a stack running.
  if [ "$rc" -ne 0 ] && [ "$STAGE" = starting ]; then stop_all; fi
}

up() {
  local started=$SECONDS
  trap on_exit EXIT
  check_node
  have curl || die "curl is needed for health checks. Run as root: apt-get install -y curl"
  have setsid || die "setsid (util-linux) is needed"
  mkdir -p "$LOG_DIR" "$RUN_DIR"

  stage dependencies
  ensure_node_modules
  stage "PostgreSQL, pgvector, Redis"
  ensure_services
  stage "stopping an earlier run"
  stop_all
  if [ "${UP_SKIP_BUILD:-0}" = 1 ]; then
    log "== build skipped (UP_SKIP_BUILD=1)"
  else
    stage build
    build_apps
  fi
  stage migrations
  migrate_all
  stage "bundled statutes (data/sfs)"
  ingest_bundled
  stage starting
  local name
  for name in "${LAGLIG_APPS[@]}"; do start_one "$name"; done
  for name in law-catalog rag compliance-workflow notifier; do
    wait_http "$name" "$(health_url "$name")"
  done
  wait_http api-gateway "$(health_url api-gateway)" '"status" *: *"ok"'
  wait_http web "$(health_url web)"

  STAGE=''
  cat <<EOF

Laglig is up ($((SECONDS - started)) s).
  Web:      http://localhost:$WEB_PORT
  API:      http://localhost:$GATEWAY_PORT/api/v1
  OpenAPI:  http://localhost:$GATEWAY_PORT/api/docs
  Logs:     $LOG_DIR/<name>.log   (JSON; pipe through 'npx pino-pretty' to read)
  Stop:     npm run up -- stop    (or scripts/up.sh stop)
EOF
  status
}

case "${1:-up}" in
  up | start) up ;;
  stop)
    stop_all
    log "stopped"
    ;;
  restart)
    UP_SKIP_BUILD=${UP_SKIP_BUILD:-1} up
    ;;
  status) status ;;
  *) die "usage: scripts/up.sh [up|stop|status|restart]" ;;
esac
