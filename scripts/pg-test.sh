#!/usr/bin/env bash
# pg-test.sh — a throwaway PostgreSQL cluster for the tests.
#
#   scripts/pg-test.sh start   init (once) and start; idempotent; prints the URL
#   scripts/pg-test.sh stop    stop it (the data stays for a fast next start)
#   scripts/pg-test.sh url     print the connection URL
#   scripts/pg-test.sh clean   drop the databases earlier test runs left (t_*)
#
# Lives in target/pg-test, listens on 127.0.0.1:${PG_TEST_PORT:-55432} only, trusts
# every local connection and trades durability for speed (fsync=off, …).
# PostgreSQL refuses to run as root, so as root it runs as the system user
# "sunshine-pg". PG_BIN may name the directory holding initdb/pg_ctl.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

PORT="${PG_TEST_PORT:-55432}"
PG_USER=sunshine-pg
URL="postgres://postgres@127.0.0.1:$PORT/postgres"
BASE="$ROOT/target/pg-test"

say() { printf 'pg-test: %s\n' "$*" >&2; }
IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

# Run a command as the cluster owner (ourselves, or sunshine-pg when root).
as_pg() {
  if [ "$IS_ROOT" -eq 0 ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u "$PG_USER" -- "$@"
  else
    su "$PG_USER" -s /bin/sh -c "$(printf '%q ' "$@")"
  fi
}

find_pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then printf '%s' "$PG_BIN"; return; fi
  local d
  # shellcheck disable=SC2012  # plain version-numbered directory names
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then printf '%s' "$d"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  say "PostgreSQL server binaries (initdb, pg_ctl) not found; run scripts/setup.sh test"
  exit 1
}

ensure_pg_user() {
  [ "$IS_ROOT" -eq 1 ] || return 0
  if ! id -u "$PG_USER" >/dev/null 2>&1; then
    say "creating system user $PG_USER"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER"
  fi
}

# As root the repo may sit where sunshine-pg can't reach it (e.g. under /root);
# then the cluster lives in a per-checkout directory under /tmp instead.
pick_base() {
  mkdir -p "$BASE"
  if [ "$IS_ROOT" -eq 1 ] && id -u "$PG_USER" >/dev/null 2>&1; then
    chown "$PG_USER" "$BASE"
    if ! as_pg test -w "$BASE" 2>/dev/null; then
      BASE="${TMPDIR:-/tmp}/sunshine-pg-test-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
      mkdir -p "$BASE"
    fi
  fi
  DATA="$BASE/data"
  SOCK="$BASE/sock"
  # A unix socket path must stay under ~107 bytes.
  if [ "${#SOCK}" -gt 90 ]; then
    SOCK="${TMPDIR:-/tmp}/sunshine-pg-sock-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
  fi
  mkdir -p "$SOCK"
  if [ "$IS_ROOT" -eq 1 ] && id -u "$PG_USER" >/dev/null 2>&1; then
    chown -R "$PG_USER" "$BASE" "$SOCK"
  fi
}

running() {
  [ -f "$DATA/PG_VERSION" ] && (cd "$BASE" && as_pg "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1)
}

init_cluster() {
  local major
  major="$("$BIN/postgres" --version | sed -n 's/.* \([0-9][0-9]*\)\..*/\1/p')"
  if [ -d "$DATA" ] && [ "$(cat "$DATA/PG_VERSION" 2>/dev/null || true)" != "$major" ]; then
    say "removing an incomplete or incompatible cluster in $DATA"
    rm -rf "$DATA"
  fi
  [ -d "$DATA" ] && return 0
  say "initdb $DATA (PostgreSQL $major)"
  local common=(-D "$DATA" -U postgres --auth=trust -E UTF8 --no-sync)
  if ! (cd "$BASE" && as_pg "$BIN/initdb" "${common[@]}" --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1); then
    rm -rf "$DATA"
    say "initdb with C.UTF-8 failed; retrying with --locale=C"
    if ! (cd "$BASE" && as_pg "$BIN/initdb" "${common[@]}" --locale=C >"$BASE/initdb.log" 2>&1); then
      cat "$BASE/initdb.log" >&2
      rm -rf "$DATA"
      exit 1
    fi
  fi
  printf "\n# Sunshine test settings (rewritten by scripts/pg-test.sh start)\ninclude_if_exists = 'sunshine-test.conf'\n" \
    >>"$DATA/postgresql.conf"
}

write_settings() {
  # shellcheck disable=SC2016  # $1 is expanded by the inner sh
  as_pg sh -c 'cat > "$1"' sh "$DATA/sunshine-test.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
log_min_messages = warning
CONF
}

cmd="${1:-}"
case "$cmd" in
  url)
    printf '%s\n' "$URL"
    ;;
  start)
    BIN="$(find_pg_bin)"
    ensure_pg_user
    pick_base
    if running; then
      say "already running ($DATA)"
      printf '%s\n' "$URL"
      exit 0
    fi
    init_cluster
    write_settings
    say "starting on 127.0.0.1:$PORT"
    if ! (cd "$BASE" && as_pg "$BIN/pg_ctl" start -w -t 60 -D "$DATA" -l "$BASE/server.log" >/dev/null); then
      say "failed to start; the end of $BASE/server.log:"
      tail -n 20 "$BASE/server.log" >&2 || true
      exit 1
    fi
    printf '%s\n' "$URL"
    ;;
  clean)
    BIN="$(find_pg_bin)"
    "$BIN/psql" -q -At "$URL" -c "SELECT datname FROM pg_database WHERE datname LIKE 't\_%'" |
      while read -r db; do printf 'DROP DATABASE IF EXISTS "%s";\n' "$db"; done |
      "$BIN/psql" -q "$URL" >/dev/null
    ;;
  stop)
    BIN="$(find_pg_bin)"
    ensure_pg_user
    pick_base
    if running; then
      (cd "$BASE" && as_pg "$BIN/pg_ctl" stop -w -m fast -D "$DATA" >/dev/null)
      say "stopped"
    else
      say "not running"
    fi
    ;;
  *)
    echo "usage: $0 start|stop|url|clean" >&2
    exit 2
    ;;
esac
