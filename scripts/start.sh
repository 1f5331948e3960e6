#!/usr/bin/env bash
# Runs Teddy locally with one command: installs Azurite (npm ci), starts it, and serves the app on
# http://localhost:7860 with `func start` when Azure Functions Core Tools is installed, otherwise with the
# development runner (same function classes, same routes, ASP.NET Core). On first start the app itself
# uploads the generated demo shop to the empty `data` container and trains the first model
# (Teddy__Bootstrap__* in local.settings.json).
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
step() { echo "[start.sh +$((SECONDS - started))s] $*"; }

need() { command -v "$1" >/dev/null 2>&1 || { echo "Teddy needs $2 on PATH." >&2; exit 1; }; }
need dotnet "the .NET 10 SDK (https://dot.net)"
need node "Node.js 22 or later (20 works, with npm EBADENGINE warnings)"
need npm "npm"
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 22 ]; then
  step "Node.js $(node -v): Azurite 3.37 declares Node >= 22; it runs on 20, and npm prints EBADENGINE warnings you may ignore."
fi

# Install when node_modules was not installed from this very package-lock.json (its hash is kept after an install).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/azurite ] || [ "$(cat node_modules/.teddy-lock.sha256 2>/dev/null)" != "$lock_hash" ]; then
  step "Installing Azurite, the Azure Storage emulator (npm ci; about a minute on a fresh clone)..."
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.teddy-lock.sha256
fi
[ -f local.settings.json ] || { cp local.settings.sample.json local.settings.json; step "Created local.settings.json from local.settings.sample.json"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite_pid=""
cleanup() {
  if [ -n "$azurite_pid" ]; then
    # Azurite is a node process; kill its whole process group so nothing is orphaned.
    kill -- "-$azurite_pid" 2>/dev/null || kill "$azurite_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

if port_open 10000 && port_open 10002; then
  step "Storage emulator already listening on 10000/10002: using it."
else
  mkdir -p .azurite
  step "Starting Azurite on ports 10000-10002 (data in .azurite/, log in .azurite/azurite.log)..."
  set -m
  node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck \
    --location .azurite --blobPort 10000 --queuePort 10001 --tablePort 10002 > .azurite/azurite.log 2>&1 &
  azurite_pid=$!
  set +m
  for _ in $(seq 1 60); do
    port_open 10000 && port_open 10002 && break
    sleep 0.5
  done
  port_open 10000 || { echo "Azurite did not start; see .azurite/azurite.log" >&2; exit 1; }
fi

if command -v func >/dev/null 2>&1; then
  step "Starting the app with Azure Functions Core Tools (func start) on http://localhost:7860..."
  func start --port 7860
else
  step "Azure Functions Core Tools not found: using the development runner (functions/DevRunner)."
  # Not `dotnet run`: the Worker SDK makes `dotnet run` launch Core Tools. Build, then start the app itself.
  step "Building the function app (dotnet build -c Release; about a minute on a fresh clone, seconds afterwards)..."
  dotnet build Teddy.Functions.csproj -c Release -nologo -v quiet
  step "Starting the app on http://localhost:7860. A first start uploads the demo shop and trains the first model"
  step "(seeding and the first retrain: 15-30 s, longer on a busy machine); the last log line gives the URL and the function key once a model is served."
  dotnet bin/Release/net10.0/Teddy.Functions.dll --dev-runner
fi
