# shellcheck shell=bash
# Helpers shared by scripts/up.sh and scripts/test.sh (sourced, not run).
# The caller sets `set -euo pipefail` and LOG_TAG.

log() { printf '[%s] %s\n' "${LOG_TAG:-laglig}" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "${LOG_TAG:-laglig}" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "${LOG_TAG:-laglig}" "$*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# Absolute path of the repository root.
repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

check_node() {
  have node || die "Node.js is not installed. Laglig needs Node 20.19+ (or 22+)."
  have npm || die "npm is not installed (it comes with Node.js)."
  node -e '
    const [maj, min] = process.versions.node.split(".").map(Number);
    if (!((maj === 20 && min >= 19) || maj >= 22)) {
      console.error(`Node ${process.versions.node} found; Laglig needs Node 20.19+ or 22+.`);
      process.exit(1);
    }' || die "unsupported Node.js version"
}

# True when node_modules holds exactly what package-lock.json asks for.
# npm writes node_modules/.package-lock.json after every install; comparing the
# two lockfiles entry by entry is exact and takes milliseconds (comparing
# mtimes alone would wipe node_modules needlessly when a lockfile is merely
# rewritten). Optional packages for other platforms may be absent.
node_modules_in_sync() {
  [ -d node_modules ] && [ -f node_modules/.package-lock.json ] || return 1
  node -e '
    const fs = require("fs");
    const want = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages ?? {};
    const have = JSON.parse(fs.readFileSync("node_modules/.package-lock.json", "utf8")).packages ?? {};
    const stale = [];
    for (const [path, entry] of Object.entries(want)) {
      if (path === "" || entry.link) continue;
      const got = have[path];
      if (!got) { if (!entry.optional && !entry.devOptional) stale.push(`${path} missing`); continue; }
      if (got.version !== entry.version) stale.push(`${path} ${got.version} != ${entry.version}`);
    }
    if (stale.length) {
      console.error(`node_modules differs from package-lock.json (${stale.length}): ${stale.slice(0, 5).join(", ")}`);
      process.exit(1);
    }'
}

# Installs when node_modules is missing or differs from package-lock.json.
# `npm install` (which keeps the locked versions), not `npm ci`: the registry
# these machines reach serves only linux-x64 builds of packages with native
# binaries (@swc/core, rollup, ...), so the lock cannot list the other
# platforms' optional packages and `npm ci` refuses it as out of sync.
# Serialised with the lock every install in this workspace takes, because
# other people may be installing packages at the same moment.
ensure_node_modules() {
  [ -f package-lock.json ] || die "package-lock.json is missing; cannot install reproducibly"
  if node_modules_in_sync; then
    log "node_modules matches package-lock.json"
    return 0
  fi
  log "installing dependencies (npm install, locked versions)"
  if have flock; then
    flock /tmp/npm.lock npm install --no-audit --no-fund
  else
    npm install --no-audit --no-fund
  fi
}

# True when package.json defines the npm script $1.
has_npm_script() {
  node -e 'process.exit(require("./package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1"
}

# PostgreSQL, pgvector and Redis (see ensure-services.sh).
ensure_services() {
  bash "$(repo_root)/scripts/setup/ensure-services.sh"
}

export NX_DAEMON=false NX_NO_CLOUD=true

# The deployable apps, in start order (workers before the gateway, web last).
LAGLIG_APPS=(law-catalog rag compliance-workflow notifier api-gateway web)
# Services with a database schema of their own (the gateway has none).
# shellcheck disable=SC2034 # used by scripts/up.sh
LAGLIG_MIGRATING_APPS=(law-catalog rag compliance-workflow notifier)

build_apps() {
  local projects
  projects=$(
    IFS=,
    echo "${LAGLIG_APPS[*]}"
  )
  log "building $projects"
  npx nx run-many -t build --projects="$projects" --parallel=2 --outputStyle=static
}
