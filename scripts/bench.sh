#!/usr/bin/env bash
# make bench: an -O2 build against a fresh demo database, wrk on each row, one table at the end.
# The ceiling is the cheapest answer the server gives (GET /api/v1/hello, 11 bytes of JSON), measured in
# the same run; every row is reported beside it. Later issues add rows to ROWS.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-10s}

cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" >build-bench/build.log 2>&1 || { cat build-bench/build.log; exit 1; }
BIN=$PWD/build-bench/karmayogi

TMP=$(mktemp -d /tmp/karmayogi-bench.XXXXXX)
SERVER=""
cleanup() { [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

"$BIN" demo --db "sqlite:$TMP/bench.db" >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18181)
"$BIN" serve --db "sqlite:$TMP/bench.db" --listen "127.0.0.1:$PORT" --web web --data "$TMP/files" \
  --access-log off --threads "${BENCH_THREADS:-2}" 2>"$TMP/server.log" &
SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

# name | path | wrk threads | connections
ROWS=(
  "ceiling: GET /api/v1/hello|/api/v1/hello|1|32"
  "GET /healthz|/healthz|1|32"
)

# Converts wrk's latency ("812.00us", "1.20ms", "2.01s") to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

printf '\n%-36s %12s %9s %9s %9s\n' "path" "requests/s" "p50 ms" "p99 ms" "x ceiling"
CEILING=""
for row in "${ROWS[@]}"; do
  IFS='|' read -r name path threads conns <<<"$row"
  out=$(wrk -t"$threads" -c"$conns" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  [[ -z "$CEILING" ]] && CEILING=$rps
  ratio=$(awk -v a="$rps" -v b="$CEILING" 'BEGIN { printf "%.2f", a / b }')
  printf '%-36s %12.0f %9s %9s %9s\n' "$name" "$rps" "$p50" "$p99" "$ratio"
  [[ -n "$errors" ]] && echo "    note: $errors"
done
echo
echo "wrk on the same 2-core machine as the server; server threads: ${BENCH_THREADS:-2}; each row ${DURATION}."
