#!/usr/bin/env bash
# build-site.sh — build the browser bundle (hydrate wasm + JS glue + CSS) into
# the site folder without cargo-leptos.
#
#   scripts/build-site.sh                        debug build into target/site (the tests')
#   SITE_PROFILE=release scripts/build-site.sh   the optimised bundle: cargo profile
#                                                wasm-release (opt-level z, LTO, one codegen
#                                                unit), wasm-opt -Oz, brotli and gzip copies
#   SITE_DIR=path                                another site folder (scripts/run.sh builds
#                                                the release bundle into target/site-release)
#
# File names carry a hash of their content (pkg/sunshine.<hash>.js, .wasm, .css);
# <site>/hash.txt names them (cargo-leptos's format, read by the page shell,
# see server/src/web/assets.rs), so the server can let browsers keep them for a
# year. The files of the previous build stay (a page still open asks for them);
# older ones are removed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

PROFILE="${SITE_PROFILE:-debug}"
SITE="${SITE_DIR:-target/site}"
PKG="$SITE/pkg"
case "$PROFILE" in
  debug)   CARGO_PROFILE=dev; OUT_DIR=debug ;;
  release) CARGO_PROFILE=wasm-release; OUT_DIR=wasm-release ;;
  *) echo "build-site: SITE_PROFILE must be 'debug' or 'release', not '$PROFILE'" >&2; exit 2 ;;
esac

WASM_OPT=""
if [ "$PROFILE" = "release" ]; then
  scripts/setup.sh wasm-opt
  WASM_OPT="$PWD/tools/binaryen/node_modules/.bin/wasm-opt"
fi

echo "build-site: cargo build (wasm32, hydrate, profile $CARGO_PROFILE)"
cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate \
  --profile "$CARGO_PROFILE"

mkdir -p "$PKG"
WORK="$(mktemp -d "$SITE/.build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "build-site: wasm-bindgen"
wasm-bindgen --target web --no-typescript --out-dir "$WORK" --out-name sunshine \
  "target/wasm32-unknown-unknown/$OUT_DIR/app.wasm"
mv "$WORK/sunshine_bg.wasm" "$WORK/sunshine.wasm"
if [ -e "$WORK/snippets" ]; then
  echo "build-site: wasm-bindgen wrote JS snippets; serve them before using inline JS" >&2
  exit 1
fi

if [ -n "$WASM_OPT" ]; then
  echo "build-site: wasm-opt -Oz ($("$WASM_OPT" --version))"
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$WORK/sunshine.wasm" -o "$WORK/sunshine.opt.wasm"
  mv "$WORK/sunshine.opt.wasm" "$WORK/sunshine.wasm"
fi

echo "build-site: style/*.css -> sunshine.css"
shopt -s nullglob
css_files=(style/*.css)
shopt -u nullglob
: > "$WORK/sunshine.css"
if [ "${#css_files[@]}" -gt 0 ]; then
  while IFS= read -r f; do
    printf '/* ---- %s ---- */\n' "$f"
    cat "$f"
    printf '\n'
  done < <(printf '%s\n' "${css_files[@]}" | LC_ALL=C sort) >> "$WORK/sunshine.css"
fi

# Content hashes: the first 16 hex digits of each file's SHA-256.
hash_of() { sha256sum "$1" | cut -c1-16; }
declare -A HASH
for ext in js wasm css; do
  HASH[$ext]="$(hash_of "$WORK/sunshine.$ext")"
  mv "$WORK/sunshine.$ext" "$WORK/sunshine.${HASH[$ext]}.$ext"
done
if [ -f style/favicon.svg ]; then
  cp style/favicon.svg "$WORK/favicon.svg"
fi

if [ "$PROFILE" = "release" ]; then
  echo "build-site: brotli and gzip copies"
  shopt -s nullglob
  node scripts/compress.mjs "$WORK"/sunshine.*.js "$WORK"/sunshine.*.wasm "$WORK"/sunshine.*.css "$WORK"/*.svg
  shopt -u nullglob
fi

# The files the previous hash.txt named stay; every other old one goes.
keep=()
if [ -f "$SITE/hash.txt" ]; then
  while IFS=: read -r key value; do
    value="${value// /}"
    case "$key" in js | wasm | css) [ -n "$value" ] && keep+=("sunshine.$value.$key") ;; esac
  done < "$SITE/hash.txt"
fi
for f in "$PKG"/sunshine.*; do
  [ -e "$f" ] || continue
  name="$(basename "$f")"
  stem="${name%.br}"
  stem="${stem%.gz}"
  old=1
  for k in ${keep[@]+"${keep[@]}"}; do
    [ "$stem" = "$k" ] && old=0
  done
  if [ "$old" = 1 ]; then rm -f "$f"; fi
done

mv -f "$WORK"/sunshine.* "$PKG"/
rm -f "$SITE"/favicon.svg.br "$SITE"/favicon.svg.gz
for f in "$WORK"/favicon.svg*; do
  [ -e "$f" ] && mv -f "$f" "$SITE/"
done
# Last, and in one step: the server reads it on every page.
printf 'js: %s\nwasm: %s\ncss: %s\n' "${HASH[js]}" "${HASH[wasm]}" "${HASH[css]}" > "$WORK/hash.txt"
mv -f "$WORK/hash.txt" "$SITE/hash.txt"

echo "build-site: done ($PROFILE):"
for ext in js wasm css; do
  f="$PKG/sunshine.${HASH[$ext]}.$ext"
  line="  $f $(stat -c %s "$f") bytes"
  [ -f "$f.br" ] && line="$line, br $(stat -c %s "$f.br"), gz $(stat -c %s "$f.gz")"
  echo "$line"
done
