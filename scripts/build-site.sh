#!/usr/bin/env bash
# build-site.sh — build the browser bundle (hydrate wasm + JS glue + CSS) into
# target/site without cargo-leptos.
#
#   SITE_PROFILE=release scripts/build-site.sh   optimised build (+ wasm-opt if on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

PROFILE="${SITE_PROFILE:-debug}"
SITE=target/site
PKG="$SITE/pkg"
case "$PROFILE" in
  debug)   PROFILE_FLAG=() ;;
  release) PROFILE_FLAG=(--release) ;;
  *) echo "build-site: SITE_PROFILE must be 'debug' or 'release', not '$PROFILE'" >&2; exit 2 ;;
esac

echo "build-site: cargo build (wasm32, hydrate, $PROFILE)"
cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate \
  ${PROFILE_FLAG[@]+"${PROFILE_FLAG[@]}"}

echo "build-site: wasm-bindgen -> $PKG"
mkdir -p "$PKG"
wasm-bindgen --target web --no-typescript --out-dir "$PKG" --out-name sunshine \
  "target/wasm32-unknown-unknown/$PROFILE/app.wasm"
# Leptos 0.8's hydration script loads <output-name>.wasm (not the _bg name).
mv "$PKG/sunshine_bg.wasm" "$PKG/sunshine.wasm"

if [ "$PROFILE" = "release" ] && command -v wasm-opt >/dev/null 2>&1; then
  echo "build-site: wasm-opt -Oz"
  wasm-opt -Oz "$PKG/sunshine.wasm" -o "$PKG/sunshine.wasm.opt"
  mv "$PKG/sunshine.wasm.opt" "$PKG/sunshine.wasm"
fi

echo "build-site: style/*.css -> $PKG/sunshine.css"
shopt -s nullglob
css_files=(style/*.css)
shopt -u nullglob
tmp="$PKG/sunshine.css.tmp"
: > "$tmp"
if [ "${#css_files[@]}" -gt 0 ]; then
  while IFS= read -r f; do
    printf '/* ---- %s ---- */\n' "$f"
    cat "$f"
    printf '\n'
  done < <(printf '%s\n' "${css_files[@]}" | LC_ALL=C sort) >> "$tmp"
fi
mv "$tmp" "$PKG/sunshine.css"

if [ -f style/favicon.svg ]; then
  cp style/favicon.svg "$SITE/favicon.svg"
fi

echo "build-site: done ($(du -sh "$PKG" | cut -f1) in $PKG)"
