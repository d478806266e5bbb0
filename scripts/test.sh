#!/usr/bin/env bash
# Every test layer, in order: unit (cmocka via ctest), API on SQLite, API on PostgreSQL, browser
# (playwright-core + Debian chromium), then unit and API again under ASan + UBSan.
# Ends with one line: "N passed, N failed". Logs of each layer are in build/test-logs/.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGS=$ROOT/build/test-logs
mkdir -p "$LOGS"
PASSED=0
FAILED=0
PGDIR=""

cleanup() { [[ -n "$PGDIR" ]] && scripts/pg.sh stop "$PGDIR"; }
trap cleanup EXIT

# Adds a layer's counts; a layer that ran nothing or crashed counts as one failure.
count() {
  local name=$1 passed=$2 failed=$3 rc=$4
  if [[ $rc -ne 0 && $failed -eq 0 ]]; then failed=1; fi
  if [[ $passed -eq 0 && $failed -eq 0 ]]; then failed=1; fi
  PASSED=$((PASSED + passed))
  FAILED=$((FAILED + failed))
  printf '%-22s %4d passed, %d failed%s\n' "$name" "$passed" "$failed" \
    "$([[ $failed -gt 0 ]] && echo "   (see build/test-logs/$name.log)")"
}

unit_layer() {
  local name=$1 dir=$2 log=$LOGS/$1.log
  (cd "$dir" && ctest --output-on-failure -V) >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -oE '\[  PASSED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
  f=$(grep -oE '\[  FAILED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
  count "$name" "$p" "$f" "$rc"
}

node_layer() {
  local name=$1; shift
  local log=$LOGS/$name.log
  node --test --test-reporter=tap --test-concurrency=2 "$@" >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -E '^# pass ' "$log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail ' "$log" | tail -1 | awk '{print $3}')
  count "$name" "${p:-0}" "${f:-0}" "$rc"
}

echo "== building the ASan + UBSan variant"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKARMAYOGI_SANITIZE=ON >/dev/null &&
  cmake --build build-asan -j"$(nproc)" >"$LOGS/build-asan.log" 2>&1 || { echo "ASan build failed"; cat "$LOGS/build-asan.log"; }

echo "== tests"
unit_layer unit build
node_layer api-sqlite tests/api/

if PGDIR=$(scripts/pg.sh start 2>"$LOGS/pg-start.log"); then
  KARMAYOGI_TEST_BACKEND=postgresql KARMAYOGI_TEST_PGHOST=$PGDIR node_layer api-postgresql tests/api/
else
  cat "$LOGS/pg-start.log"
  count api-postgresql 0 1 1
  PGDIR=""
fi

node_layer browser tests/e2e/

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
unit_layer unit-asan build-asan
KARMAYOGI_BIN=$ROOT/build-asan/karmayogi node_layer api-sqlite-asan tests/api/

echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
