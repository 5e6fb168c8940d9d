#!/usr/bin/env bash
# setup.sh — install the tools Sunshine needs. Idempotent: skips what is present.
#
#   scripts/setup.sh run    wasm32 target + wasm-bindgen CLI (enough to build and run)
#   scripts/setup.sh test   the above + rustfmt/clippy, Chromium + chromedriver,
#                           PostgreSQL server binaries, Python aiosmtpd
#   scripts/setup.sh wasm-opt  only npm's binaryen (wasm-opt) into tools/binaryen,
#                           for the release bundle (scripts/build-site.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

LEVEL="${1:-run}"
case "$LEVEL" in
  run|test|wasm-opt) ;;
  *) echo "usage: $0 [run|test|wasm-opt]" >&2; exit 2 ;;
esac

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step() { printf 'setup: %s\n' "$*"; }

# Run a command as root (directly, or through sudo when available).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup: need root (or sudo) to run: $*" >&2
    exit 1
  fi
}

APT_UPDATED=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get not found; please install manually: $*" >&2
    exit 1
  fi
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# npm's binaryen at the version pinned in tools/binaryen/package-lock.json: Debian's
# wasm-opt is too old for the features rustc's wasm uses.
if [ "$LEVEL" = "wasm-opt" ]; then
  BINARYEN_VERSION="$(sed -n 's/^ *"binaryen": *"\([0-9.]*\)".*/\1/p' tools/binaryen/package.json | head -n1)"
  HAVE_BINARYEN="$(sed -n 's/^ *"version": *"\([0-9.]*\)".*/\1/p' tools/binaryen/node_modules/binaryen/package.json 2>/dev/null | head -n1 || true)"
  if [ -n "$BINARYEN_VERSION" ] && [ "$HAVE_BINARYEN" = "$BINARYEN_VERSION" ]; then
    step "binaryen $BINARYEN_VERSION (wasm-opt): present"
  else
    step "binaryen $BINARYEN_VERSION (wasm-opt): installing into tools/binaryen (found '${HAVE_BINARYEN:-none}')"
    if ! command -v npm >/dev/null 2>&1; then
      apt_install nodejs npm
    fi
    npm ci --prefix tools/binaryen --no-audit --no-fund --loglevel=error
  fi
  exit 0
fi

# The wasm-bindgen version pinned in Cargo.lock (fallback: Cargo.toml's "=x.y.z").
wasm_bindgen_version() {
  local v=""
  if [ -f Cargo.lock ]; then
    v="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/^version = "|"$/, ""); print; exit }' Cargo.lock)"
  fi
  if [ -z "$v" ]; then
    v="$(sed -n 's/^wasm-bindgen *= *"=\{0,1\}\([0-9][0-9.]*\)".*/\1/p' Cargo.toml | head -n1)"
  fi
  printf '%s' "$v"
}

# --- Rust toolchain pieces -------------------------------------------------
if ! command -v rustup >/dev/null 2>&1 || ! command -v cargo >/dev/null 2>&1; then
  echo "setup: rustup and cargo are required (https://rustup.rs)" >&2
  exit 1
fi

if rustup target list --installed | grep -x 'wasm32-unknown-unknown' >/dev/null; then
  step "wasm32-unknown-unknown target: present"
else
  step "wasm32-unknown-unknown target: installing"
  rustup target add wasm32-unknown-unknown
fi

WBG_VERSION="$(wasm_bindgen_version)"
if [ -z "$WBG_VERSION" ]; then
  echo "setup: cannot find the wasm-bindgen version in Cargo.lock or Cargo.toml" >&2
  exit 1
fi
HAVE_WBG="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$HAVE_WBG" = "$WBG_VERSION" ]; then
  step "wasm-bindgen CLI $WBG_VERSION: present"
else
  step "wasm-bindgen CLI $WBG_VERSION: installing (found '${HAVE_WBG:-none}'; this takes a few minutes)"
  cargo install wasm-bindgen-cli --version "=$WBG_VERSION"
fi

# The CJK font of the penalty documents' PDFs (PDF_FONT's default), for running and testing.
if [ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]; then
  step "fonts-noto-cjk (PDF documents): present"
else
  step "fonts-noto-cjk (PDF documents): installing"
  apt_install fonts-noto-cjk
fi

if [ "$LEVEL" = "run" ]; then
  step "done (run)"
  exit 0
fi

# --- Test-only tools ---------------------------------------------------------
for comp in rustfmt clippy; do
  if rustup component list --installed | grep "^$comp" >/dev/null; then
    step "rustup component $comp: present"
  else
    step "rustup component $comp: installing"
    rustup component add "$comp"
  fi
done

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  step "chromium + chromedriver: present"
else
  step "chromium + chromedriver: installing"
  apt_install chromium chromium-driver
fi

# shellcheck disable=SC2012  # plain version-numbered directory names
pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true; }
PG_BIN="$(pg_bin_dir)"
if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
  step "PostgreSQL server: present ($PG_BIN)"
elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
  step "PostgreSQL server: present ($(dirname "$(command -v initdb)"))"
else
  step "PostgreSQL server: installing"
  apt_install postgresql
  # The Debian package starts a system cluster on port 5432; the tests don't need it.
fi

if python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  step "python aiosmtpd: present"
else
  step "python aiosmtpd: installing"
  if ! python3 -m pip install --quiet aiosmtpd 2>/dev/null; then
    # Debian marks the system Python as externally managed (PEP 668).
    python3 -m pip install --quiet --break-system-packages aiosmtpd
  fi
fi

# axe-core for the accessibility test, at the version pinned in tests/axe/package-lock.json.
AXE_VERSION="$(sed -n 's/^ *"axe-core": *"\([0-9.]*\)".*/\1/p' tests/axe/package.json | head -n1)"
HAVE_AXE="$(sed -n 's/^ *"version": *"\([0-9.]*\)".*/\1/p' tests/axe/node_modules/axe-core/package.json 2>/dev/null | head -n1 || true)"
if [ -n "$AXE_VERSION" ] && [ "$HAVE_AXE" = "$AXE_VERSION" ]; then
  step "axe-core $AXE_VERSION: present"
else
  step "axe-core $AXE_VERSION: installing into tests/axe (found '${HAVE_AXE:-none}')"
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error
fi

step "done (test)"
