#!/usr/bin/env bash
# Cold start of one instance, as Flex Consumption starts a new one: process start → first 200 from
# GET api/recommendations (the model read from Blob, deserialised and swapped in). Runs its own Azurite (fresh
# folder), seeds the generated shop at SCALE and trains the first model once (not timed), then starts the
# development runner RUNS times against that storage and times each start. Needs a Release build of the app.
# Usage: bench/cold-start.sh [scale=1] [runs=3] [port-base=21000]
set -euo pipefail
scale=${1:-1}; runs=${2:-3}; base=${3:-21000}
root=$(cd "$(dirname "$0")/.." && pwd)
dll="${TEDDY_APP_DLL:-$root/bin/Release/net10.0/Teddy.Functions.dll}"
[ -f "$dll" ] || { echo "Build first: dotnet build Teddy.Functions.csproj -c Release"; exit 1; }
app_port=$((base + 10))
source "$root/bench/local-storage.sh" "$base"
export DEV_RUNNER_FUNCTION_KEY=cold-start Teddy__Bootstrap__SampleScale="$scale"

start_app() { dotnet "$dll" --dev-runner --port "$app_port" >"$data/app.log" 2>&1 & app=$!; }
stop_app() { kill "$app"; wait "$app" 2>/dev/null || true; app=""; }
since() { python3 -c "import time,sys; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$1"; }
first_200() { # seconds from $1 (epoch) until GET api/recommendations answers 200, and until the port first answered at all
  local code listening=""
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/api/recommendations/cold-start-probe?k=10")
    [ "$code" != 000 ] && [ -z "$listening" ] && listening=$(since "$1")
    [ "$code" = 200 ] && break
    kill -0 "$app" 2>/dev/null || { echo "the app exited; its log:" >&2; tail -20 "$data/app.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "$(since "$1") s (first HTTP answer of any kind after $listening s)"
}

t0=$(date +%s.%N)
Teddy__Bootstrap__SeedSampleData=true Teddy__Bootstrap__TrainWhenNoModel=true start_app
echo "scale $scale: seed + first training + first answer: $(first_200 "$t0") (not a cold start)"
curl -s "http://127.0.0.1:$app_port/api/models/current" | python3 -c "import json,sys; m=json.load(sys.stdin); print(f\"scale $scale: model {m['version']}, {m['method']}, model.bin {m['size_bytes']/2**20:.1f} MiB\")"
stop_app
for i in $(seq 1 "$runs"); do
  t0=$(date +%s.%N)
  Teddy__Bootstrap__SeedSampleData=false Teddy__Bootstrap__TrainWhenNoModel=false start_app
  echo "scale $scale: cold start $i: process start → first 200 in $(first_200 "$t0")"
  stop_app
done
