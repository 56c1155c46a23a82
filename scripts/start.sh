#!/usr/bin/env bash
# npm start: the sandbox (sandbox/start.mts) on a fresh clone or a warm checkout.
#   npm start                 emulators + real n8n + templates + demo, then keeps running (Ctrl-C stops everything)
#   npm start -- --once       exits after the demo; non-zero if anything failed
#   npm start -- --help       the other options
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=env.sh
source scripts/env.sh

log() { echo "[start] $*" >&2; }

if [ ! -x node_modules/.bin/tsx ] || [ ! -x node_modules/.bin/n8n-node ]; then
  log "installing the project's dependencies (npm install)"
  npm install --no-audit --no-fund
fi

log "building the package (npm run build)"
BUILD_LOG="$(mktemp)"
trap 'rm -f "$BUILD_LOG"' EXIT
if ! npm run build >"$BUILD_LOG" 2>&1; then
  grep -v -e 'Building TypeScript' -e '^npm warn' "$BUILD_LOG" | tail -n 30 >&2
  log "the build failed (output above); the sandbox runs the built package, so it needs a passing build"
  exit 1
fi

log "provisioning n8n $MPS_N8N_VERSION (one time, a few minutes)"
bash scripts/provision-n8n.sh >/dev/null

rm -f "$BUILD_LOG"
trap - EXIT
# one process (no tsx CLI wrapper in between, which relays signals with a short timeout and then SIGKILLs)
exec node --import tsx sandbox/start.mts "$@"
