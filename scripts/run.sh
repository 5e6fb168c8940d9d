#!/usr/bin/env bash
# run.sh — THE run command: build everything and serve on http://127.0.0.1:3000
# (BIND_ADDR overrides). On the first run with the default SQLite database it
# creates data/sunshine.db and loads demo data (SEED_ORGS organizations, 2000 by
# default). The browser bundle is the release one (scripts/build-site.sh), the
# server a debug build. All other configuration comes from the environment (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

echo "run: setup"
scripts/setup.sh run

# The optimised browser bundle (wasm-opt -Oz, brotli and gzip copies, hashed
# names) in a folder of its own, so a debug build for the tests (target/site)
# does not replace what this server sends.
export SITE_ROOT="${SITE_ROOT:-$PWD/target/site-release}"
echo "run: browser bundle (release) -> $SITE_ROOT"
SITE_PROFILE=release SITE_DIR="$SITE_ROOT" scripts/build-site.sh

echo "run: cargo build -p server"
cargo build -p server

SERVER=target/debug/server
DB_FILE=data/sunshine.db
if [ -z "${DATABASE_URL:-}" ]; then
  mkdir -p data
  if [ ! -f "$DB_FILE" ]; then
    echo "run: first start: creating $DB_FILE with demo data"
    if ! { "$SERVER" migrate && "$SERVER" seed-demo --orgs "${SEED_ORGS:-2000}"; }; then
      echo "run: seeding failed; removing the half-built $DB_FILE" >&2
      rm -f "$DB_FILE" "$DB_FILE-wal" "$DB_FILE-shm" "$DB_FILE-journal"
      exit 1
    fi
  fi
else
  echo "run: DATABASE_URL is set; skipping demo data (load it with: $SERVER seed-demo)"
fi

echo "run: serving"
exec "$SERVER" serve
