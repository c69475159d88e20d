#!/usr/bin/env bash
# Starts switchboard-server with demo data on the default port and, when the desktop app is
# built, the app against it; the server stops when the app closes (or on Ctrl+C).
set -euo pipefail
bin=${1:-build/bin}
port=${SWITCHBOARD_PORT:-8765}
data=${SWITCHBOARD_DEMO_DATA:-${XDG_STATE_HOME:-$HOME/.local/state}/switchboard/demo-server}
mkdir -p "$data"

"$bin/switchboard-server" --demo --port "$port" --data-dir "$data" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT INT TERM

# Wait until the server accepts connections, so the app's first connect succeeds.
for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 $server 2>/dev/null || { echo "switchboard-server exited; see above" >&2; exit 1; }
    sleep 0.1
done

app=("$bin/switchboard" --server "ws://127.0.0.1:$port" --join general --join markets --join random)
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
    echo "No display here: the app runs headless and logs what it does (Ctrl+C stops both)."
    echo "On a desktop session, 'make demo' opens the window."
    QT_QPA_PLATFORM=offscreen "${app[@]}" --headless
else
    "${app[@]}"
fi
