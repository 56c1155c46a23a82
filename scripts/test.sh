#!/usr/bin/env bash
# npm test (and CI): build, lint, unit + integration tests, then the end-to-end tests in a real n8n.
# Stops at the first failing step with its exit code.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=env.sh
source scripts/env.sh

TOTAL_START=$SECONDS
SUMMARY=()
step() {
  local name="$1"
  shift
  echo
  echo "==> $name: $*"
  local start=$SECONDS
  "$@"
  SUMMARY+=("$(printf '%-34s %4d s' "$name" $((SECONDS - start)))")
}
PROVISION_PID=""
on_exit() {
  local status=$?
  # a failed step leaves no background install behind (an interrupted one is redone next time: provision-n8n.sh)
  [ -n "$PROVISION_PID" ] && kill -- "-$PROVISION_PID" 2>/dev/null || true
  if [ $status -ne 0 ]; then
    echo
    echo "==> FAILED (exit $status) after $((SECONDS - TOTAL_START)) s"
  fi
}
trap on_exit EXIT

if [ ! -d node_modules ]; then
  step "install" npm install --no-audit --no-fund
fi
# n8n's provisioning (a cold install takes about 5 minutes, mostly network and disk) runs in the background while
# the static checks and the unit tests use the CPU; the end-to-end step waits for it and shows its log.
PROVISION_LOG="$(mktemp)"
PROVISION_START=$SECONDS
setsid bash scripts/provision-n8n.sh >"$PROVISION_LOG" 2>&1 &
PROVISION_PID=$!
provision_n8n() {
  local status=0
  wait "$PROVISION_PID" || status=$?
  PROVISION_PID=""
  cat "$PROVISION_LOG"
  echo "(provisioning started with the first step: $((SECONDS - PROVISION_START)) s since)"
  return "$status"
}

step "format (prettier)" npx prettier --check .
step "build" npm run build
step "package (tarball)" npx tsx scripts/check-package.mts
step "lint" npx n8n-node lint
step "lint (tooling)" npm run --silent lint:tooling
step "typecheck (tooling)" npx tsc -p tsconfig.tooling.json
step "unit + integration tests" npx vitest run --project unit --project integration
step "fault suite (nothing lost, nothing twice)" npx vitest run --project faults
step "provision n8n $MPS_N8N_VERSION (background)" provision_n8n
step "end-to-end tests (real n8n)" npx vitest run --project e2e --maxWorkers 3

echo
echo "==> all steps passed in $((SECONDS - TOTAL_START)) s"
printf '    %s\n' "${SUMMARY[@]}"
