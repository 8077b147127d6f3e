#!/usr/bin/env bash
# Installs the Node peers of the benchmarks with npm into a work directory (default target/bench-peers; nothing is
# copied into the repository): the versions pinned in bench/peers/package-lock.json, and the peers' sources beside
# them so that Node resolves their imports there. Prints the directory.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${BENCH_PEERS_DIR:-$ROOT/target/bench-peers}"
command -v node >/dev/null && command -v npm >/dev/null || { echo "the Node peers need node (>= 20.9) and npm: apt-get install nodejs npm" >&2; exit 1; }
mkdir -p "$DIR"
cp "$ROOT"/bench/peers/package.json "$ROOT"/bench/peers/package-lock.json "$ROOT"/bench/peers/*.mjs "$DIR"/
if ! cmp -s "$DIR/package-lock.json" "$DIR/node_modules/.package-lock.json.installed" 2>/dev/null; then
  (cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$DIR/package-lock.json" "$DIR/node_modules/.package-lock.json.installed"
fi
echo "$DIR"
