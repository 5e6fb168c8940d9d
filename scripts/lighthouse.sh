#!/usr/bin/env bash
# lighthouse.sh — Lighthouse (npm lighthouse@12.2.3, mobile defaults, the system
# Chromium) on three pages of a release server with demo data, and what a
# browser downloads on a first and a second visit (scripts/transfer.mjs).
#
#   scripts/lighthouse.sh            builds the release bundle and server, seeds a
#                                    fresh SQLite database (SEED_ORGS, 2000 by default)
#                                    in target/lighthouse, serves it on LH_PORT (3100),
#                                    measures, and stops that server
#   scripts/lighthouse.sh URL        measures the server already running at URL
#                                    (with demo data: organization 1 must exist)
#
# Reports: target/lighthouse/<page>.report.{json,html}; the scores and the
# transfer figures: target/lighthouse/summary.txt (docs/PERFORMANCE.md records them).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

OUT=target/lighthouse
mkdir -p "$OUT"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

# --- tools ---------------------------------------------------------------------
if [ ! -x "$CHROMIUM" ]; then
  echo "lighthouse: installing chromium"
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
  ${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -q
  ${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
  CHROMIUM=/usr/bin/chromium
fi
LH_VERSION="$(sed -n 's/^ *"lighthouse": *"\([0-9.]*\)".*/\1/p' tools/lighthouse/package.json | head -n1)"
HAVE_LH="$(sed -n 's/^ *"version": *"\([0-9.]*\)".*/\1/p' tools/lighthouse/node_modules/lighthouse/package.json 2>/dev/null | head -n1 || true)"
if [ "$HAVE_LH" = "$LH_VERSION" ]; then
  echo "lighthouse: lighthouse $LH_VERSION present"
else
  echo "lighthouse: installing lighthouse $LH_VERSION into tools/lighthouse (found '${HAVE_LH:-none}')"
  npm ci --prefix tools/lighthouse --no-audit --no-fund --loglevel=error
fi
LIGHTHOUSE=(node tools/lighthouse/node_modules/lighthouse/cli/index.js)

# --- the server ----------------------------------------------------------------
SERVER_PID=""
stop() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap stop EXIT

if [ $# -ge 1 ]; then
  BASE="${1%/}"
else
  PORT="${LH_PORT:-3100}"
  BASE="http://127.0.0.1:$PORT"
  export SITE_ROOT="$PWD/target/site-release"
  echo "lighthouse: release bundle -> $SITE_ROOT"
  SITE_PROFILE=release SITE_DIR="$SITE_ROOT" scripts/build-site.sh
  echo "lighthouse: cargo build --release -p server"
  cargo build --release -p server
  DB="$PWD/$OUT/sunshine.db"
  export DATABASE_URL="sqlite://$DB?mode=rwc" DATA_DIR="$PWD/$OUT/data" MAIL_DIR="$PWD/$OUT/mail"
  if [ ! -f "$DB" ]; then
    echo "lighthouse: demo data (${SEED_ORGS:-2000} organizations) -> $DB"
    target/release/server seed-demo --orgs "${SEED_ORGS:-2000}" > "$OUT/seed.log"
  fi
  BIND_ADDR="127.0.0.1:$PORT" target/release/server serve > "$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -sf "$BASE/healthz" > /dev/null 2>&1 && break
    sleep 0.2
  done
  curl -sf "$BASE/healthz" > /dev/null || { echo "lighthouse: the server did not start (see $OUT/server.log)" >&2; exit 1; }
fi

# --- measure -------------------------------------------------------------------
PAGES=("home /" "org /public/orgs/1" "search /public/orgs?q=%E5%8D%8F%E4%BC%9A")
FLAGS="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
for entry in "${PAGES[@]}"; do
  name="${entry%% *}"
  path="${entry#* }"
  echo "lighthouse: $BASE$path"
  "${LIGHTHOUSE[@]}" "$BASE$path" --quiet --chrome-path="$CHROMIUM" --chrome-flags="$FLAGS" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output=html --output-path="$OUT/$name"
done

{
  echo "Lighthouse $LH_VERSION (mobile defaults), $("$CHROMIUM" --version 2>/dev/null), $BASE, $(date -u +%Y-%m-%dT%H:%MZ)"
  node - "$OUT" "${PAGES[@]}" <<'EOF'
const fs = require("fs");
const [out, ...pages] = process.argv.slice(2);
const pct = (c) => Math.round(c.score * 100);
console.log("page                         perf  a11y  best  seo   FCP     LCP     TBT     CLS    bytes");
for (const entry of pages) {
  const [name, path] = entry.split(" ");
  const r = JSON.parse(fs.readFileSync(`${out}/${name}.report.json`, "utf8"));
  const c = r.categories, a = r.audits;
  const ms = (id) => `${(a[id].numericValue / 1000).toFixed(2)}s`.padEnd(8);
  console.log(
    `${decodeURI(path).padEnd(28)} ${String(pct(c.performance)).padEnd(5)} ${String(pct(c.accessibility)).padEnd(5)} ` +
    `${String(pct(c["best-practices"])).padEnd(5)} ${String(pct(c.seo)).padEnd(5)} ${ms("first-contentful-paint")}` +
    `${ms("largest-contentful-paint")}${`${Math.round(a["total-blocking-time"].numericValue)}ms`.padEnd(8)}` +
    `${a["cumulative-layout-shift"].numericValue.toFixed(3).padEnd(7)}${a["total-byte-weight"].numericValue}`
  );
  for (const [cat, cr] of Object.entries(c)) {
    for (const ref of cr.auditRefs) {
      const au = a[ref.id];
      if (ref.weight > 0 && au.score !== null && au.score < 1 && cat !== "performance") {
        console.log(`    ${cat}: ${ref.id} (${au.title})`);
      }
    }
  }
}
EOF
  echo
  echo "Transfer (Chromium, empty cache, then a second page in the same browser):"
  node scripts/transfer.mjs "$CHROMIUM" "$BASE/" "$BASE/public/orgs/1"
} | tee "$OUT/summary.txt"
