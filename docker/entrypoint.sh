#!/bin/sh
# Starts the app this image was built for ($APP, set at build time).
# Arguments are passed on: `serve` (default), `migrate`, `ingest --dir data/sfs`.
set -eu
cd /app
case "${APP:-}" in
  web) exec node dist/apps/web/server/server.mjs "$@" ;;
  api-gateway | law-catalog | rag | compliance-workflow | notifier)
    exec node "dist/apps/${APP}/main.js" "$@" ;;
  *)
    echo "laglig-entrypoint: APP is '${APP:-}', expected one of api-gateway law-catalog rag compliance-workflow notifier web" >&2
    exit 64 ;;
esac
