#!/usr/bin/env bash
# screenshots.sh — pictures of a few pages at 390 px (a phone) and 1366 px (a
# laptop) into docs/screenshots/, from the demo data served in process
# (tests/src/bin/screenshots.rs). Needs what scripts/setup.sh test installs,
# the browser bundle (scripts/build-site.sh) and a CJK font (installed here).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  [ "$(id -u)" -eq 0 ] && SUDO="" || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-noto-cjk \
    || { $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-noto-cjk; }
fi
export SITE_ROOT="${SITE_ROOT:-$PWD/target/site}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -f "$SITE_ROOT/pkg/sunshine.js" ] || scripts/build-site.sh
cargo run -q -p sunshine-tests --bin screenshots -- "${1:-docs/screenshots}"
