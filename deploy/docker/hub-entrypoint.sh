#!/bin/sh
# Starts one hub app by name, or the one-shot schema migration. `exec` makes node PID 1's child-
# free replacement, so SIGTERM from the orchestrator reaches the app's graceful shutdown.
set -eu
app="${1:-}"
if [ -z "$app" ]; then
  echo "usage: hub-entrypoint <app>|migrate   (apps: $(ls /app/dist/apps | tr '\n' ' '))" >&2
  exit 64
fi
if [ "$app" = "migrate" ]; then
  exec node /app/dist/libs/persistence/src/cli/migrate.js
fi
main="/app/dist/apps/$app/src/main.js"
if [ ! -f "$main" ]; then
  echo "unknown app '$app' (apps: $(ls /app/dist/apps | tr '\n' ' '))" >&2
  exit 64
fi
exec node "$main"
