#!/usr/bin/env bash
# Makes PostgreSQL (>= 15, with the pgvector extension) and Redis (7) available
# for Laglig, and makes sure the application database exists.
#
#   bash scripts/setup/ensure-services.sh
#
# Order of preference, for each of the two services:
#   1. DATABASE_URL / REDIS_URL set and reachable -> use them, change nothing
#      (only check that pgvector is available in that PostgreSQL).
#   2. a local server on 127.0.0.1:5432 / 127.0.0.1:6379 -> use it.
#   3. Debian packages: install (apt-get) and start them (no systemd needed).
# Then: create the database (default `laglig`) and, when the `vector` extension
# is not available, build pgvector from Debian's source package (Debian has no
# binary pgvector package for PostgreSQL 15).
#
# Idempotent: a second run only checks. Exits non-zero with a message saying
# what to do when something cannot be done (e.g. not root and a package is
# missing). Never prints passwords.
set -euo pipefail

readonly DEFAULT_DATABASE_URL='postgres://postgres@127.0.0.1:5432/laglig'
readonly DEFAULT_REDIS_URL='redis://127.0.0.1:6379'
readonly PGVECTOR_SRC_LIST=/etc/apt/sources.list.d/laglig-pgvector-src.list
readonly PGVECTOR_SUITE=${LAGLIG_PGVECTOR_SUITE:-trixie}

log() { printf '[ensure-services] %s\n' "$*"; }
warn() { printf '[ensure-services] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[ensure-services] ERROR: %s\n' "$*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# Prints a URL with any password replaced by ***.
redact() { printf '%s' "$1" | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#'; }

# Splits a URL into shell variables <prefix>_HOST, _PORT, _USER, _DB (node's
# WHATWG URL parser; node is a prerequisite of the project anyway).
parse_url() {
  local prefix=$1 url=$2 default_port=$3 out
  have node || die "node is required (Node 20.19+); install it first"
  out=$(node -e '
    const u = new URL(process.argv[1]);
    const q = (s) => "\x27" + String(s).replace(/\x27/g, "\x27\\\x27\x27") + "\x27";
    const host = u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
    console.log(`${process.argv[2]}_HOST=${q(host)}`);
    console.log(`${process.argv[2]}_PORT=${q(u.port || process.argv[3])}`);
    console.log(`${process.argv[2]}_USER=${q(decodeURIComponent(u.username))}`);
    console.log(`${process.argv[2]}_DB=${q(decodeURIComponent(u.pathname.replace(/^\//, "")))}`);
  ' "$url" "$prefix" "$default_port") || die "cannot parse URL: $(redact "$url")"
  eval "$out"
}

is_loopback() { case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

APT_UPDATED=0
apt_update_once() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
}
apt_install() {
  apt_update_once
  log "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---------------------------------------------------------------- PostgreSQL

# Runs psql against the configured server; extra args follow.
# PGPASSWORD etc. are taken from the URL by libpq itself.
pg_query() {
  local db=$1
  shift
  PGCONNECT_TIMEOUT=5 psql "$(pg_url_for_db "$db")" -X -v ON_ERROR_STOP=1 -Atq "$@"
}

# The configured URL with its database name replaced.
pg_url_for_db() {
  node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString());' \
    "$PG_URL" "$1"
}

ensure_psql_client() {
  have psql && return 0
  if is_root && have apt-get; then
    apt_install postgresql-client
  else
    die "psql is missing. Run as root: apt-get update && apt-get install -y postgresql-client"
  fi
}

pg_reachable() { pg_query "$1" -c 'select 1' >/dev/null 2>&1; }

# Starts (or installs, then starts) the Debian cluster on the URL's port.
start_local_postgres() {
  if ! have pg_lsclusters; then
    if is_root && have apt-get; then
      apt_install postgresql postgresql-contrib
      LOCAL_PG_INSTALLED=1
    else
      die "PostgreSQL is not installed and this is not root. Run as root:
  apt-get update && apt-get install -y postgresql
  pg_ctlcluster --skip-systemctl-redirect \$(ls /usr/lib/postgresql | sort -n | tail -1) main start
then run this script again."
    fi
  fi
  local ver name status
  # The newest cluster listening on the wanted port.
  read -r ver name _ status _ < <(pg_lsclusters --no-header | awk -v p="$PG_PORT" '$3 == p' | sort -k1,1n | tail -1) || true
  if [ -z "${ver:-}" ]; then
    if is_root; then
      ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
      name=main
      [ ! -d "/etc/postgresql/$ver/main" ] || name="laglig$PG_PORT"
      log "creating PostgreSQL $ver cluster '$name' on port $PG_PORT"
      pg_createcluster --port "$PG_PORT" "$ver" "$name" >/dev/null
      status=down
      LOCAL_PG_INSTALLED=1
    else
      die "no PostgreSQL cluster on port $PG_PORT. Run as root: pg_createcluster --port $PG_PORT <version> main --start"
    fi
  fi
  if [ "${LOCAL_PG_INSTALLED:-0}" -eq 1 ]; then
    trust_loopback "$ver" "$name"
  fi
  if [ "$status" != online ]; then
    log "starting PostgreSQL $ver/$name on port $PG_PORT"
    if is_root; then
      pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start
    else
      die "PostgreSQL $ver/$name is down. Run: sudo pg_ctlcluster --skip-systemctl-redirect $ver $name start"
    fi
  elif [ "${LOCAL_PG_INSTALLED:-0}" -eq 1 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload
  fi
}

# A cluster this script installed is a development database on loopback: let
# local TCP connections in without a password (as the default DATABASE_URL
# expects). Clusters that existed before are never changed.
trust_loopback() {
  local hba="/etc/postgresql/$1/$2/pg_hba.conf"
  [ -f "$hba" ] || return 0
  grep -q '^# laglig: trust loopback' "$hba" && return 0
  log "allowing password-less TCP connections from loopback in $hba (new development cluster)"
  local tmp
  tmp=$(mktemp)
  {
    echo '# laglig: trust loopback (added by scripts/setup/ensure-services.sh for a development cluster)'
    echo 'host    all             all             127.0.0.1/32            trust'
    echo 'host    all             all             ::1/128                 trust'
    cat "$hba"
  } >"$tmp"
  cat "$tmp" >"$hba"
  rm -f "$tmp"
}

wait_for_postgres() {
  local _
  for _ in $(seq 1 30); do
    pg_reachable postgres && return 0
    sleep 1
  done
  return 1
}

ensure_postgres() {
  ensure_psql_client
  if [ -n "${DATABASE_URL:-}" ]; then
    PG_URL=$DATABASE_URL
    PG_SOURCE='DATABASE_URL'
  else
    PG_URL=$DEFAULT_DATABASE_URL
    PG_SOURCE='default'
  fi
  parse_url PG "$PG_URL" 5432
  [ -n "$PG_DB" ] || PG_DB=laglig
  PG_URL=$(pg_url_for_db "$PG_DB")

  if pg_reachable "$PG_DB"; then
    log "PostgreSQL reachable at $(redact "$PG_URL") ($PG_SOURCE)"
  elif pg_reachable postgres; then
    log "PostgreSQL reachable at $(redact "$(pg_url_for_db postgres)") ($PG_SOURCE)"
  elif is_loopback "$PG_HOST"; then
    log "no PostgreSQL answering at $(redact "$PG_URL"); using a local server"
    start_local_postgres
    wait_for_postgres || die "PostgreSQL on $PG_HOST:$PG_PORT did not accept connections as '$PG_USER'.
If it asks for a password, set DATABASE_URL with credentials, e.g.
  export DATABASE_URL='postgres://USER:PASSWORD@127.0.0.1:$PG_PORT/laglig'
or allow loopback connections in pg_hba.conf:
  host all all 127.0.0.1/32 trust"
    log "PostgreSQL is up on $PG_HOST:$PG_PORT"
  else
    die "DATABASE_URL is set but PostgreSQL at $(redact "$PG_URL") is not reachable.
Fix the URL or the server, or unset DATABASE_URL to use a local PostgreSQL on 127.0.0.1:5432."
  fi

  local version_num
  version_num=$(pg_query postgres -c 'show server_version_num')
  PG_MAJOR=$((version_num / 10000))
  [ "$PG_MAJOR" -ge 15 ] || die "PostgreSQL $PG_MAJOR found; Laglig needs PostgreSQL 15 or newer"
  log "PostgreSQL server version $(pg_query postgres -c 'show server_version')"

  if pg_reachable "$PG_DB"; then
    log "database '$PG_DB' exists"
  else
    log "creating database '$PG_DB'"
    pg_query postgres -c "create database \"${PG_DB//\"/\"\"}\"" ||
      die "could not create database '$PG_DB' (the user needs CREATEDB, or create it yourself)"
  fi
}

# ------------------------------------------------------------------ pgvector

pgvector_available() {
  [ "$(pg_query postgres -c "select 1 from pg_available_extensions where name = 'vector'")" = 1 ]
}

# The mirror this machine's apt uses for the main Debian archive.
debian_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' |
    grep -E '/debian/?$' | head -1 || true)
  if [ -z "$uri" ]; then
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|ftp):/) { print $i; break } }' |
      grep -E '/debian/?$' | head -1 || true)
  fi
  printf '%s' "${uri:-http://deb.debian.org/debian}"
}

pgvector_manual_steps() {
  local major=$1
  cat <<EOF
Run these as root, then this script again:
  echo 'deb-src $(debian_mirror) $PGVECTOR_SUITE main' > $PGVECTOR_SRC_LIST
  apt-get update
  apt-get install -y postgresql-server-dev-$major build-essential dpkg-dev
  cd "\$(mktemp -d)" && apt-get source pgvector && cd pgvector-*/
  make OPTFLAGS= PG_CONFIG=/usr/lib/postgresql/$major/bin/pg_config
  make install PG_CONFIG=/usr/lib/postgresql/$major/bin/pg_config
EOF
}

build_pgvector() {
  local major=$PG_MAJOR
  # The extension must be installed into the server that answers, so the
  # server must be a local Debian cluster of the same major version.
  if ! is_loopback "$PG_HOST" || ! have pg_lsclusters ||
    ! pg_lsclusters --no-header | awk -v p="$PG_PORT" -v v="$major" '$3 == p && $1 == v && $4 == "online"' | grep -q .; then
    die "the pgvector extension ('vector') is not available in PostgreSQL at $(redact "$PG_URL").
Install pgvector on that server (e.g. the image pgvector/pgvector:pg$major, or your provider's extension),
or, on a Debian host running it, run this script there."
  fi
  if ! is_root; then
    die "the pgvector extension is missing and building it needs root.
$(pgvector_manual_steps "$major")"
  fi
  have apt-get || die "apt-get not found; install pgvector for PostgreSQL $major by hand (https://github.com/pgvector/pgvector#installation)"

  log "pgvector is not available; building it from Debian's source package ($PGVECTOR_SUITE) for PostgreSQL $major"
  local mirror line
  mirror=$(debian_mirror)
  line="deb-src $mirror $PGVECTOR_SUITE main"
  if [ "$(cat "$PGVECTOR_SRC_LIST" 2>/dev/null)" != "$line" ]; then
    log "adding '$line' to $PGVECTOR_SRC_LIST (source packages only)"
    printf '%s\n' "$line" >"$PGVECTOR_SRC_LIST"
  fi
  apt_install "postgresql-server-dev-$major" build-essential dpkg-dev

  local pg_config=/usr/lib/postgresql/$major/bin/pg_config
  [ -x "$pg_config" ] || die "$pg_config not found after installing postgresql-server-dev-$major"
  local cfg_major
  cfg_major=$("$pg_config" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
  [ "$cfg_major" = "$major" ] || die "pg_config reports PostgreSQL $cfg_major but the server is $major"

  local work
  work=$(mktemp -d /tmp/laglig-pgvector.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  log "apt-get source pgvector (in $work)"
  (cd "$work" && apt-get source -qq pgvector >/dev/null 2>&1) ||
    (cd "$work" && apt-get source pgvector) ||
    die "apt-get source pgvector failed (is '$line' reachable?)"
  local src
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -1)
  [ -n "$src" ] || die "no pgvector source directory in $work"
  log "building $(basename "$src") with $pg_config"
  # OPTFLAGS= : no -march=native, so the binary runs on any x86-64/arm64 CPU
  # this disk may be moved to (pgvector dispatches SIMD at run time).
  make -C "$src" -s -j"$(nproc)" OPTFLAGS= PG_CONFIG="$pg_config" >"$work/build.log" 2>&1 ||
    { tail -30 "$work/build.log" >&2; die "pgvector build failed"; }
  make -C "$src" -s install PG_CONFIG="$pg_config" >>"$work/build.log" 2>&1 ||
    { tail -30 "$work/build.log" >&2; die "pgvector install failed"; }
  log "installed pgvector into $("$pg_config" --pkglibdir) and $("$pg_config" --sharedir)/extension"
}

# Creates the extension in a scratch database and computes a distance.
verify_pgvector() {
  local scratch=laglig_pgvector_check distance version
  pg_query postgres -c "drop database if exists $scratch" >/dev/null 2>&1 || true
  pg_query postgres -c "create database $scratch" >/dev/null ||
    die "could not create scratch database $scratch to check pgvector"
  if ! distance=$(pg_query "$scratch" -c 'create extension if not exists vector' \
    -c "select round(('[1,2,3]'::vector <=> '[1,2,4]'::vector)::numeric, 6)" 2>&1); then
    pg_query postgres -c "drop database if exists $scratch" >/dev/null 2>&1 || true
    die "pgvector is installed but does not work: $distance"
  fi
  version=$(pg_query "$scratch" -c "select extversion from pg_extension where extname = 'vector'")
  pg_query postgres -c "drop database if exists $scratch" >/dev/null 2>&1 || true
  log "pgvector $version works (cosine distance [1,2,3]<=>[1,2,4] = $distance)"
}

ensure_pgvector() {
  if pgvector_available; then
    log "pgvector available (default version $(pg_query postgres -c "select default_version from pg_available_extensions where name = 'vector'"))"
  else
    build_pgvector
    pgvector_available || die "pgvector was built but PostgreSQL does not list the 'vector' extension"
  fi
  verify_pgvector
}

# --------------------------------------------------------------------- Redis

# Answers "PONG" (or an auth error, which still proves a Redis is there).
redis_ping() {
  if have redis-cli; then
    timeout 5 redis-cli -u "$RD_URL" --no-auth-warning ping 2>&1 | head -1
  else
    # Plain RESP over bash's /dev/tcp; good enough without redis-tools.
    timeout 5 bash -c '
      exec 3<>"/dev/tcp/$1/$2" || exit 1
      printf "PING\r\n" >&3
      IFS= read -r line <&3 && printf "%s\n" "${line%$'"'"'\r'"'"'}"
    ' _ "$RD_HOST" "$RD_PORT" 2>/dev/null
  fi
}
redis_up() { case "$(redis_ping || true)" in PONG | *NOAUTH* | *WRONGPASS*) return 0 ;; *) return 1 ;; esac; }

start_local_redis() {
  if ! have redis-server; then
    if is_root && have apt-get; then
      apt_install redis-server
    else
      die "Redis is not installed and this is not root. Run as root:
  apt-get update && apt-get install -y redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port $RD_PORT --save '' --appendonly no
then run this script again."
    fi
  fi
  # The Debian package may already have started it through its init script.
  if redis_up; then return 0; fi
  log "starting redis-server on 127.0.0.1:$RD_PORT (no persistence)"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$RD_PORT" --save '' --appendonly no \
    --dir /tmp --logfile "/tmp/laglig-redis-$RD_PORT.log" >/dev/null
  local _
  for _ in $(seq 1 20); do
    redis_up && return 0
    sleep 0.5
  done
  die "redis-server did not answer on 127.0.0.1:$RD_PORT (log: /tmp/laglig-redis-$RD_PORT.log)"
}

ensure_redis() {
  local source
  if [ -n "${REDIS_URL:-}" ]; then
    RD_URL=$REDIS_URL
    source='REDIS_URL'
  else
    RD_URL=$DEFAULT_REDIS_URL
    source='default'
  fi
  parse_url RD "$RD_URL" 6379
  if redis_up; then
    log "Redis reachable at $(redact "$RD_URL") ($source)"
  elif is_loopback "$RD_HOST"; then
    log "no Redis answering at $(redact "$RD_URL"); using a local server"
    start_local_redis
    log "Redis is up on $RD_HOST:$RD_PORT"
  else
    die "REDIS_URL is set but Redis at $(redact "$RD_URL") is not reachable.
Fix the URL or the server, or unset REDIS_URL to use a local Redis on 127.0.0.1:6379."
  fi
  if have redis-cli; then
    local version
    version=$(timeout 5 redis-cli -u "$RD_URL" --no-auth-warning info server 2>/dev/null |
      sed -n 's/^redis_version:\([0-9.]*\).*/\1/p' | head -1)
    if [ -n "$version" ]; then
      log "Redis server version $version"
      [ "${version%%.*}" -ge 7 ] || warn "Redis $version: Laglig is tested with Redis 7 (BullMQ needs 6.2 or newer)"
    fi
  fi
}

# ---------------------------------------------------------------------- main

main() {
  local started=$SECONDS
  ensure_postgres
  ensure_pgvector
  ensure_redis
  log "ready in $((SECONDS - started)) s: DATABASE_URL=$(redact "$PG_URL") REDIS_URL=$(redact "$RD_URL")"
}

main "$@"
