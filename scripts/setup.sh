#!/usr/bin/env bash
#! Installs what building, running and testing Blue Suits needs; every step is skipped when already done.
set -euo pipefail
# Browsers cannot be downloaded here; the tests drive Debian's chromium instead.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the `wasm-bindgen` crate pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Debian chromium (browser tests)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! command -v brotli >/dev/null 2>&1; then
  echo "setup: installing brotli (bundle size measurement)"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq brotli >/dev/null || true
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  echo "setup: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file pins a webpki-roots release that is no longer in the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  echo "setup: installing cargo-leptos $CARGO_LEPTOS_VERSION (takes a while)"
  # 0.3.11 needs a newer rustc than the pinned toolchain.
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --force
fi

if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -d end2end/node_modules/@playwright/test ] \
  || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  echo "setup: installing end-to-end test packages and wasm-opt"
  (cd end2end && npm ci --no-audit --no-fund)
fi
