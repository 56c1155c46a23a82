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
trap 'status=$?; if [ $status -ne 0 ]; then echo; echo "==> FAILED (exit $status) after $((SECONDS - TOTAL_START)) s"; fi' EXIT

if [ ! -d node_modules ]; then
  step "install" npm install --no-audit --no-fund
fi
step "format (prettier)" npx prettier --check .
step "build" npm run build
step "package (tarball)" npx tsx scripts/check-package.mts
step "lint" npx n8n-node lint
step "lint (tooling)" npm run --silent lint:tooling
step "typecheck (tooling)" npx tsc -p tsconfig.tooling.json
step "unit + integration tests" npx vitest run --project unit --project integration
step "fault suite (nothing lost, nothing twice)" npx vitest run --project faults
step "provision n8n $MPS_N8N_VERSION" bash scripts/provision-n8n.sh
step "end-to-end tests (real n8n)" npx vitest run --project e2e --maxWorkers 3

echo
echo "==> all steps passed in $((SECONDS - TOTAL_START)) s"
printf '    %s\n' "${SUMMARY[@]}"
