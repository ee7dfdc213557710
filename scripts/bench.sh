#!/usr/bin/env bash
#! Measures the release bundle sizes and the server's start-up and request times (see BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
wasm="$pkg/blue-suits.wasm"
js="$pkg/blue-suits.js"
css="$pkg/blue-suits.css"
size() { wc -c < "$1" | tr -d ' '; }
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
br() { brotli -q 11 -c "$1" | wc -c | tr -d ' '; }
echo "| file | raw bytes | gzip -9 | brotli -q 11 |"
echo "| --- | ---: | ---: | ---: |"
for f in "$wasm" "$js" "$css"; do
  echo "| $(basename "$f") | $(size "$f") | $(gz "$f") | $(br "$f") |"
done
echo
cargo bench -p server --bench startup
