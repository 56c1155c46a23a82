#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests need: PostgreSQL and Redis for the queue-mode test
# (test/e2e/queue-mode.e2e.test.mts, sandbox/n8n/services.mts) and Chromium for the editor test
# (test/e2e/editor-panel.e2e.test.mts, sandbox/n8n/browser.mts; also what `npm run render:templates` and
# `npm run render:panels` draw with). Only installs: the system services are never started (the test harness starts
# its own PostgreSQL and Redis on free loopback ports, with throwaway data folders, and stops them; Chromium runs
# headless with a throwaway profile).
#
#   bash scripts/provision-services.sh     # idempotent; a no-op when all three are installed
#
# Needs root (apt-get). Prints how long the install took.
set -euo pipefail

log() { echo "[provision-services] $*" >&2; }

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; }
have_redis() { command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ]; }
have_chromium() { [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; }

missing=()
have_postgres || missing+=(postgresql)
have_redis || missing+=(redis-server)
have_chromium || missing+=(chromium)
if [ "${#missing[@]}" -eq 0 ]; then
  log "PostgreSQL, Redis and Chromium are installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  log "ERROR: ${missing[*]} missing and not root: run 'sudo apt-get install -y ${missing[*]}'"
  exit 1
fi

START=$SECONDS
log "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# never start the system services from the packages' maintainer scripts (in containers /usr/sbin/policy-rc.d usually
# says so already; on a machine without it, a temporary one does for the duration of the install)
POLICY=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$POLICY"
  chmod 755 "$POLICY"
  own_policy=1
fi
trap '[ "$own_policy" -eq 0 ] || rm -f "$POLICY"' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
have_postgres || { log "ERROR: postgresql installed but no /usr/lib/postgresql/*/bin/postgres"; exit 1; }
have_redis || { log "ERROR: redis-server installed but not found"; exit 1; }
have_chromium || { log "ERROR: chromium installed but no ${CHROMIUM:-/usr/bin/chromium}"; exit 1; }
log "installed in $((SECONDS - START)) s"
