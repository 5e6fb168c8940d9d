#!/usr/bin/env bash
# test.sh — THE test command (CI runs it through .ci/run).
#
# Installs the test tools, checks formatting and lints, builds the browser
# bundle, starts a throwaway PostgreSQL and runs every test in the workspace.
# Extra arguments go to `cargo test`, e.g. `scripts/test.sh -p tests -- login`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

START=$SECONDS
n=0
step() { n=$((n + 1)); printf '\n==> [%d/7] %s\n' "$n" "$*"; }
finish() {
  local rc=$?
  scripts/pg-test.sh stop >/dev/null 2>&1 || true
  local t=$((SECONDS - START))
  if [ "$rc" -eq 0 ]; then
    printf '\n==> all checks passed in %dm%02ds\n' $((t / 60)) $((t % 60))
  else
    printf '\n==> FAILED (exit %d) after %dm%02ds\n' "$rc" $((t / 60)) $((t % 60)) >&2
  fi
}
trap finish EXIT

step "setup (test tools)"
scripts/setup.sh test

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "browser bundle"
scripts/build-site.sh

step "PostgreSQL for tests"
scripts/pg-test.sh start >/dev/null
scripts/pg-test.sh clean # each test makes its own database; drop the last run's
rm -rf "${TMPDIR:-/tmp}/sunshine-tests" # and the SQLite files of the last run's failed tests
TEST_PG_URL="$(scripts/pg-test.sh url)"
export TEST_PG_URL
echo "TEST_PG_URL=$TEST_PG_URL"

step "test environment"
export SITE_ROOT="$PWD/target/site"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
echo "SITE_ROOT=$SITE_ROOT CHROMEDRIVER=$CHROMEDRIVER CHROMIUM=$CHROMIUM"

step "cargo test"
cargo test --workspace "$@"
