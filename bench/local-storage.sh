# Sourced by the bench scripts that run the app: its own Azurite in a fresh folder and the app's storage settings.
# After `source bench/local-storage.sh BASE`: Azurite listens on BASE (blob), BASE+1 (queue), BASE+2 (table) with its
# data in $data; TeddyStorage and AzureWebJobsStorage point at it; $app (the app's pid, set by the caller) and Azurite
# are stopped and $data removed when the script exits.
base=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=$(mktemp -d); app=""; azurite=""
stop() { # SIGTERM, then SIGKILL if it is still there after 5 s (Azurite can hang in its graceful shutdown)
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() { [ -n "$app" ] && stop "$app"; [ -n "$azurite" ] && stop "$azurite"; rm -rf "$data"; }
trap cleanup EXIT

"$root/node_modules/.bin/azurite" --silent --skipApiVersionCheck --location "$data" \
  --blobPort "$base" --queuePort $((base + 1)) --tablePort $((base + 2)) >/dev/null 2>&1 &
azurite=$!
# Azurite's well-known development account key (public, the same in every Azurite): not a secret.
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export TeddyStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$base/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((base + 1))/devstoreaccount1;TableEndpoint=http://127.0.0.1:$((base + 2))/devstoreaccount1;"
export AzureWebJobsStorage="$TeddyStorage"
sleep 2
