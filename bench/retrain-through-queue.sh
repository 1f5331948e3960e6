#!/usr/bin/env bash
# Times one retrain end to end through the queue against a running app (development runner or `func start`):
# POST api/models/retrain, then poll the Location until the run is finished. Prints the 202's latency, the
# queue pickup (requested → started), the run (started → finished, storage included), the training stages'
# total and the whole wall time. Usage: bench/retrain-through-queue.sh [base-url] [function-key]
set -euo pipefail
base=${1:-http://localhost:7860}
key=${2:-${DEV_RUNNER_FUNCTION_KEY:-}}
body=$(mktemp)
trap 'rm -f "$body"' EXIT

start=$(date +%s.%N)
response=$(curl -s -i -X POST -H "x-functions-key: $key" "$base/api/models/retrain")
accepted=$(date +%s.%N)
location=$(echo "$response" | grep -i '^location:' | tr -d '\r' | awk '{print $2}')
[ -n "$location" ] || { echo "No Location: $response"; exit 1; }
while true; do
  code=$(curl -s -o "$body" -w "%{http_code}" -H "x-functions-key: $key" "$base$location")
  state=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['state'])" "$body")
  [ "$state" != queued ] && [ "$state" != running ] && break
  sleep 0.2
done
finished=$(date +%s.%N)

python3 - "$body" "$start" "$accepted" "$finished" "$code" "$(echo "$response" | head -1 | tr -d '\r')" <<'PY'
import json, sys
from datetime import datetime
path, start, accepted, finished, code, first = sys.argv[1], *map(float, sys.argv[2:5]), sys.argv[5], sys.argv[6]
run = json.load(open(path))
at = lambda name: datetime.fromisoformat(run[name]).timestamp()
timings = run.get("timings_ms") or {}
print(f"{first} in {accepted - start:.2f} s; final GET {code}, state {run['state']} after {finished - start:.1f} s: "
      f"queue pickup {at('started_at') - at('requested_at'):.1f} s, run {at('finished_at') - at('started_at'):.1f} s "
      f"(training stages {timings.get('total', 0) / 1000:.1f} s, of which evaluate {timings.get('evaluate', 0) / 1000:.1f} s); "
      f"version {run.get('version')}, promoted {run.get('promoted')}")
PY
