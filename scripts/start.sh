#!/usr/bin/env bash
# Runs Teddy locally with one command: installs Azurite (npm ci), starts it, and serves the app on
# http://localhost:7860 with `func start` when Azure Functions Core Tools is installed, otherwise with the
# development runner (same function classes, same routes, ASP.NET Core). On first start the app itself
# uploads the generated demo shop to the empty `data` container and trains the first model
# (Teddy__Bootstrap__* in local.settings.json).
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1 || { echo "Teddy needs $2 on PATH." >&2; exit 1; }; }
need dotnet "the .NET 10 SDK (https://dot.net)"
need node "Node.js 20 or later"
need npm "npm"

if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund
fi
[ -f local.settings.json ] || { cp local.settings.sample.json local.settings.json; echo "Created local.settings.json from local.settings.sample.json"; }

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
  echo "Storage emulator already listening on 10000/10002: using it."
else
  mkdir -p .azurite
  echo "Starting Azurite (data in .azurite/)..."
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

echo "Teddy will be at http://localhost:7860 (the first start generates the demo shop and trains a model: about a minute)."
if command -v func >/dev/null 2>&1; then
  func start --port 7860
else
  echo "Azure Functions Core Tools not found: using the development runner (functions/DevRunner)."
  # Not `dotnet run`: the Worker SDK makes `dotnet run` launch Core Tools. Build, then start the app itself.
  dotnet build Teddy.Functions.csproj -c Release -nologo -v quiet
  dotnet bin/Release/net10.0/Teddy.Functions.dll --dev-runner
fi
