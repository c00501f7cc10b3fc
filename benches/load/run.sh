#!/usr/bin/env bash
# Load test: requests per second of the same "Hello, World!" handler on stellwerk, bare
# hyper and axum, measured one after the other in one run on 127.0.0.1 with wrk.
#
#   bash benches/load/run.sh                 # 10 s per target, 2 threads, 64 connections
#   DURATION=5 CONNECTIONS=32 ROUNDS=1 bash benches/load/run.sh
#
# The servers are measured in ROUNDS interleaved rounds (default 5). This machine changes
# speed between rounds (the same binary was seen at 132 000 and 172 000 requests/s a minute
# apart), so each round's requests/s are divided by bare hyper's in that round, and the
# table shows the median of those per-round ratios next to each server's median rate.
#
# Each server is a release build of benches/load/servers.rs (example `load_server`), with
# stellwerk's request log off. Traffic goes to 127.0.0.1 only; every wrk run is bounded by
# DURATION and every server is stopped by its process id when its run ends.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION="${DURATION:-10}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-18080}"
ROUNDS="${ROUNDS:-5}"
# VARIANTS="hyper stellwerk" measures only those (bare hyper must be among them).
read -r -a VARIANTS <<<"${VARIANTS:-hyper stellwerk stellwerk-server app-on-hyper axum}"

if ! command -v wrk >/dev/null; then
    echo "wrk is missing; installing it from Debian" >&2
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
# SKIP_BUILD=1 reuses the binary already built (e.g. when the disk is too full to build).
if [[ -z "${SKIP_BUILD:-}" ]]; then
    cargo build --release --example load_server
fi
SERVER="target/release/examples/load_server"

server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap stop_server EXIT

declare -A runs
for round in $(seq "$ROUNDS"); do
for variant in "${VARIANTS[@]}"; do
    "$SERVER" "$variant" "$PORT" >/dev/null &
    server_pid=$!
    # Wait (at most 5 s) until the server answers.
    for _ in $(seq 50); do
        if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then break; fi
        sleep 0.1
    done
    body="$(curl -s "http://127.0.0.1:$PORT/")"
    if [[ "$body" != "Hello, World!" ]]; then
        echo "$variant answered ${body@Q}, not Hello, World!" >&2
        exit 1
    fi
    # A short warm-up, then the measured run.
    wrk -t "$THREADS" -c "$CONNECTIONS" -d 2s "http://127.0.0.1:$PORT/" >/dev/null
    out="$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" "http://127.0.0.1:$PORT/")"
    echo "== round $round: $variant" >&2
    echo "$out" >&2
    if grep -q "Non-2xx" <<<"$out"; then
        echo "$variant answered errors under load" >&2
        exit 1
    fi
    runs[$variant]+="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") "
    stop_server
done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A rps
for variant in "${VARIANTS[@]}"; do
    rps[$variant]="$(median "${runs[$variant]}")"
done

# Per-round ratios: each server against bare hyper in the same round.
declare -A ratios
for variant in "${VARIANTS[@]}"; do
    read -r -a mine <<<"${runs[$variant]}"
    read -r -a base <<<"${runs[hyper]}"
    for i in "${!mine[@]}"; do
        ratios[$variant]+="$(awk -v a="${mine[$i]}" -v b="${base[$i]}" 'BEGIN { printf "%.3f", a / b }') "
    done
done

echo
echo "wrk -t $THREADS -c $CONNECTIONS -d ${DURATION}s, 127.0.0.1, $(nproc) cores, $ROUNDS interleaved rounds, load average before: $LOAD_BEFORE"
echo
echo "| server | requests/s (median) | all rounds | ratio to bare hyper (median of per-round ratios) | per-round ratios |"
echo "|---|---:|---|---:|---|"
for variant in "${VARIANTS[@]}"; do
    ratio="$(median "${ratios[$variant]}")"
    printf '| %s | %.0f | %s| %.2f | %s|\n' "$variant" "${rps[$variant]}" "${runs[$variant]}" "$ratio" "${ratios[$variant]}"
done
