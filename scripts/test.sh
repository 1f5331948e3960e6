#!/usr/bin/env bash
# Runs every test: installs what the tests need (Azurite from npm, Chromium from Debian for the browser
# test), builds, runs the unit, integration (Azurite), function-level, HTTP end-to-end and browser tests,
# and ends with the totals on a line of their own: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# npm ci reinstalls from scratch; skip it when node_modules was installed from this very package-lock.json (its hash
# is kept in node_modules after an install; file times are no guide: a fresh checkout or worktree is always newer).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -x node_modules/.bin/azurite ] && [ "$(cat node_modules/.teddy-lock.sha256 2>/dev/null)" = "$lock_hash" ]; then
  echo "node_modules is up to date with package-lock.json"
else
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
  echo "$lock_hash" > node_modules/.teddy-lock.sha256
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium for the browser test (apt-get)..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null \
    || { echo "Could not install chromium"; echo "0 passed, 1 failed"; exit 1; }
fi

results=$(mktemp -d)
dotnet test tests/Teddy.Tests.slnx -c Release --results-directory "$results" 2>&1 | tee "$results/output.txt"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 83, Skipped: 0, Total: 83, ...").
read -r passed failed assemblies < <(grep -E '^(Passed|Failed)!' "$results/output.txt" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+).*/\2 \1/' \
  | awk '{p+=$1; f+=$2; n++} END {print p+0, f+0, n+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or a test host failed before any test could report
fi
rm -rf "$results"
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
