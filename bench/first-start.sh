#!/usr/bin/env bash
# First start of the app on empty storage, as ./scripts/start.sh does it the first time: the development runner seeds the
# generated shop at SCALE and trains the first model (every candidate, the weight search, evaluation). Prints the time from
# process start to the first 200 from GET api/recommendations, the model's own retrain timings (timings_ms of
# GET api/models/current: ingest includes reading the blobs from Azurite) and the load average. Runs its own Azurite
# (fresh folder). Needs a Release build of the app (TEDDY_APP_DLL to point at another one, e.g. an older build).
# Usage: bench/first-start.sh [scale=1] [port-base=22000]
set -euo pipefail
scale=${1:-1}; base=${2:-22000}
root=$(cd "$(dirname "$0")/.." && pwd)
dll="${TEDDY_APP_DLL:-$root/bin/Release/net10.0/Teddy.Functions.dll}"
[ -f "$dll" ] || { echo "Build first: dotnet build Teddy.Functions.csproj -c Release"; exit 1; }
app_port=$((base + 10))
source "$root/bench/local-storage.sh" "$base"
export DEV_RUNNER_FUNCTION_KEY=first-start Teddy__Bootstrap__SampleScale="$scale"
export Teddy__Bootstrap__SeedSampleData=true Teddy__Bootstrap__TrainWhenNoModel=true

t0=$(date +%s.%N)
echo "scale $scale: start $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$dll" --dev-runner --port "$app_port" >"$data/app.log" 2>&1 & app=$!
while [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/api/recommendations/first-start-probe?k=10")" != 200 ]; do
  kill -0 "$app" 2>/dev/null || { echo "the app exited; its log:" >&2; tail -20 "$data/app.log" >&2; exit 1; }
  sleep 0.1
done
echo "scale $scale: process start → first 200: $(python3 -c "import time,sys; print(f'{time.time() - float(sys.argv[1]):.1f}')" "$t0") s, load $(cut -d' ' -f1-3 /proc/loadavg)"
curl -s "http://127.0.0.1:$app_port/api/models/current" | python3 -c "
import json, sys
m = json.load(sys.stdin)
t = m.get('timings_ms') or {}
print(f\"scale $scale: model {m['version']}, {m['method']}, retrain total {t.get('total', 0):,} ms\")
print('  ' + ', '.join(f'{k} {v:,}' for k, v in t.items() if k != 'total'))"
