#!/usr/bin/env bash
# make bench: an -O2 build against a fresh demo database, wrk on each row, one table at the end.
# The ceiling is the cheapest answer the server gives (GET /api/v1/hello, 11 bytes of JSON), measured in
# the same run; every row is reported beside it. Later issues add rows to ROWS.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-10s}

cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=${BENCH_BUILD_TYPE:-Release} >/dev/null
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

# Bulk rows: one request that does a lot of work, timed end to end with curl.
ONBOARD_ROWS=${BENCH_ONBOARD_ROWS:-1000000}

# Writes a synthetic e-HRMS file of $1 Railway officials (every column, names in both scripts) to stdout:
# 1/20 of them in NAIR (50k of 1M: the organisation candidates are ranked over), 1/5 in NR-DLI (200k: the
# staff list rows) and a quarter each in RB, NR and WR.
officials_csv() {
  awk -v n="$1" 'BEGIN {
    split("Aarav Ananya Vikram Kavita Rahul Sunita Arjun Meera Rohit Pooja Sanjay Neha Amit Deepa Suresh", fe, " ");
    split("आरव अनन्या विक्रम कविता राहुल सुनीता अर्जुन मीरा रोहित पूजा संजय नेहा अमित दीपा सुरेश", fh, " ");
    split("Sharma Verma Gupta Singh Kumar Iyer Reddy Nair Das Patel Joshi Mishra Rao", le, " ");
    split("शर्मा वर्मा गुप्ता सिंह कुमार अय्यर रेड्डी नायर दास पटेल जोशी मिश्रा राव", lh, " ");
    split("SM UDC MTS SO ASO SSA", ds, " "); split("C C C B B B", gs, " ");
    split("NAIR NR-DLI NR-DLI NR-DLI NR-DLI RB RB RB RB RB NR NR NR NR NR WR WR WR WR WR", os, " ");
    print "employee_code,name,name_hi,email,mobile,designation,group,service,pay_level,date_of_joining,language,org_code";
    for (i = 1; i <= n; i++) {
      f = i % 15 + 1; l = int(i / 15) % 13 + 1; d = i % 6 + 1;
      printf "RLY%07d,%s %s,%s %s,%s.%s.%d@rail.gov.in,9%09d,%s,%s,Indian Railway Services,%d,%04d-%02d-%02d,%s,%s\n",
        i, fe[f], le[l], fh[f], lh[l], tolower(fe[f]), tolower(le[l]), i, 700000000 + i, ds[d], gs[d], 1 + i % 8,
        1990 + i % 34, 1 + i % 12, 1 + i % 28, (i % 3 ? "en" : "hi"), os[i % 20 + 1];
    }
  }'
}

BASE="http://127.0.0.1:$PORT/api/v1"
officials_csv "$ONBOARD_ROWS" >"$TMP/officials.csv"
# Reads one value out of the JSON on stdin with a JavaScript expression over it (node is a dependency already).
json_get() { node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { const j = JSON.parse(s); console.log(eval(process.argv[1])); })' "$1"; }
TOKEN=$(curl -sf "$BASE/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"mdo.admin@karmayogi.demo","password":"Karmayogi@2026"}' | json_get j.token)
MOR=$(curl -sf "$BASE/orgs?q=MOR&limit=500" -H "Authorization: Bearer $TOKEN" | json_get 'j.items.find((o) => o.code === "MOR").id')
out=$(curl -s -o "$TMP/onboard.json" -w '%{http_code} %{time_total}' -X POST "$BASE/orgs/$MOR/onboarding" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @"$TMP/officials.csv")
read -r status secs <<<"$out"
printf '\n%-36s %12s %9s %9s\n' "bulk" "rows/s" "seconds" "target s"
label=$((ONBOARD_ROWS / 1000))k
((ONBOARD_ROWS % 1000000 == 0)) && label=$((ONBOARD_ROWS / 1000000))M
printf '%-36s %12.0f %9.1f %9s\n' "CSV onboarding $label officials" \
  "$(awk -v n="$ONBOARD_ROWS" -v s="$secs" 'BEGIN { print n / s }')" "$secs" "30"
[[ $status == 200 ]] || echo "    note: HTTP $status: $(head -c 300 "$TMP/onboard.json")"
echo "one POST of $(du -m "$TMP/officials.csv" | cut -f1) MB of CSV (all new officials, one transaction, an invitation each), on SQLite."

# Counts as labels: 200000 -> 200k, 1000000 -> 1M.
count_label() { if (($1 % 1000000 == 0)); then echo "$(($1 / 1000000))M"; else echo "$(($1 / 1000))k"; fi; }
STAFF_N=$((ONBOARD_ROWS / 5))
MATCH_N=$((ONBOARD_ROWS / 20))

# Competency data at scale: every official of NAIR and of NR-DLI gets a post carrying a demo role, a
# reporting officer and 4-6 passport entries (karmayogi bench-seed; one transaction each, beside the idle
# server). NR-DLI's entries are there so ranking over NAIR has to pass over other organisations' passports.
for seed in "NAIR $MATCH_N" "NR-DLI $STAFF_N"; do
  read -r org n <<<"$seed"
  out=$("$BIN" bench-seed frac --db "sqlite:$TMP/bench.db" --org "$org" --officials "$n" 2>&1) || { echo "$out"; exit 1; }
  secs=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' <<<"$out")
  printf '%-36s %12.0f %9.1f %9s\n' "frac seed, $(count_label "$n") officials of $org" \
    "$(awk -v n="$n" -v s="$secs" 'BEGIN { print n / s }')" "$secs" "-"
done
echo "a post, a reporting officer and 4-6 passport entries per official, one transaction per organisation."

# The catalogue at scale: published courses from the demo's building blocks over the demo providers, each
# with its outline, competencies, review trail and search index row (karmayogi bench-seed, one transaction).
COURSES_N=${BENCH_COURSES:-3000}
out=$("$BIN" bench-seed catalog --db "sqlite:$TMP/bench.db" --courses "$COURSES_N" 2>&1) || { echo "$out"; exit 1; }
secs=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' <<<"$out")
printf '%-36s %12.0f %9.1f %9s\n' "catalogue seed, $(count_label "$COURSES_N") courses" \
  "$(awk -v n="$COURSES_N" -v s="$secs" 'BEGIN { print n / s }')" "$secs" "-"
echo "published courses with modules, resources, competencies, the review trail and the search index."

# Learning at scale: every official enrolled in ten of those courses, some partway (resource_progress rows)
# and some complete with a certificate (karmayogi bench-seed learn, a transaction per 20,000 officials). The
# first LEARNERS_N officials get the demo password (a cheap hash) and the plan says, for each, the required
# resource they have not begun in each active enrolment and the codes of their certificates.
# BENCH_LEARN_OFFICIALS limits how many officials are enrolled (default: all of them).
LEARNERS_N=${BENCH_LEARNERS:-500}
learn_limit=()
[[ -n "${BENCH_LEARN_OFFICIALS:-}" ]] && learn_limit=(--officials "$BENCH_LEARN_OFFICIALS")
out=$("$BIN" bench-seed learn --db "sqlite:$TMP/bench.db" "${learn_limit[@]}" --logins "$LEARNERS_N" \
  --plan "$TMP/plan.txt" 2>&1) ||
  { echo "$out"; exit 1; }
secs=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' <<<"$out")
rows_s=$(sed -n 's/.*(\([0-9]*\) rows\/s).*/\1/p' <<<"$out")
ENROLMENTS_N=$(sed -n 's/.*: \([0-9]*\) enrolments.*/\1/p' <<<"$out")
# 10003250 -> 10.0M (the demo's officials are enrolled too), 200000 -> 200k.
ENROLMENTS_LABEL=$(awk -v n="$ENROLMENTS_N" 'BEGIN { if (n >= 1e6) printf "%.1fM", n / 1e6; else printf "%dk", n / 1e3 }')
printf '%-36s %12.0f %9.1f %9s\n' "learn seed, $ENROLMENTS_LABEL enrolments" "$rows_s" "$secs" "-"
echo "$(sed -n 's/^seeded \(.*\) (.*/\1/p' <<<"$out"); rows/s counts every row."

# Assessments: 20-question assessments (no time limit, no limit on attempts) and an open attempt in each for
# the bench learners (karmayogi bench-seed assess, one transaction): the first assessment's attempts take the
# saved answers, the others' (answered already) are submitted one by one. BENCH_ASSESS_LEARNERS: how many of the
# learners (default: all of them, that is no more than bench-seed learn enrolled).
ASSESS_N=${BENCH_ASSESS_LEARNERS:-$LEARNERS_N}
[[ -n "${BENCH_LEARN_OFFICIALS:-}" ]] && ((BENCH_LEARN_OFFICIALS < ASSESS_N)) && ASSESS_N=$BENCH_LEARN_OFFICIALS
out=$("$BIN" bench-seed assess --db "sqlite:$TMP/bench.db" --logins "$ASSESS_N" --plan "$TMP/assess_plan.txt" 2>&1) ||
  { echo "$out"; exit 1; }
secs=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' <<<"$out")
ATTEMPTS_N=$(awk '$1 == "submit" {n++} END {print n + 0}' "$TMP/assess_plan.txt")
printf '%-36s %12.0f %9.1f %9s\n' "assess seed, $((ATTEMPTS_N + ASSESS_N)) attempts" \
  "$(awk -v n="$((ATTEMPTS_N + ASSESS_N))" -v s="$secs" 'BEGIN { print n / s }')" "$secs" "-"
echo "open attempts with 20 questions drawn: $ASSESS_N to answer in, $ATTEMPTS_N answered ones to submit."

# Capacity-building plans at scale: the Railways' CBP admin publishes a plan for this financial year whose three
# items reach every Station Master, UDC and MTS of the ministry (half of the onboarded officials). Each item's
# save counts its audience; publishing assigns the items (in chunks, the server answering other requests
# meanwhile): the row is the publish request end to end, assignments included.
CBP_TOKEN=$(curl -sf "$BASE/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"cbp.admin@karmayogi.demo","password":"Karmayogi@2026"}' | json_get j.token)
FY=$(date -u +%Y); (( 10#$(date -u +%m) < 4 )) && FY=$((FY - 1))
PLAN=$(curl -sf "$BASE/orgs/$MOR/cbp-plans" -H "Authorization: Bearer $CBP_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"year\":$FY,\"title\":\"Railways plan $FY\"}" | json_get j.id)
for course in $(curl -sf "$BASE/catalogue?q=procurement&kind=course&limit=3" -H "Authorization: Bearer $CBP_TOKEN" |
  json_get 'j.items.map((i) => i.id).join(" ")'); do
  curl -sf -o /dev/null "$BASE/cbp-plans/$PLAN/items" -H "Authorization: Bearer $CBP_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"content_id\":$course,\"due\":\"$((FY + 1))-03-31\",\"audience\":[{\"designations\":[\"SM\",\"UDC\",\"MTS\"]}]}"
done
curl -sf -o /dev/null "$BASE/cbp-plans/$PLAN/transitions" -H "Authorization: Bearer $CBP_TOKEN" \
  -H 'Content-Type: application/json' -d '{"action":"approve"}'
# Meanwhile a reader asks GET /api/v1/me (a session read) on 4 connections: does the server go on answering?
wrk -t1 -c4 -d600s --latency -H "Authorization: Bearer $CBP_TOKEN" "$BASE/me" >"$TMP/meanwhile.txt" 2>&1 &
MEANWHILE=$!
sleep 0.5
out=$(curl -s -o "$TMP/publish.json" -w '%{http_code} %{time_total}' "$BASE/cbp-plans/$PLAN/transitions" \
  -H "Authorization: Bearer $CBP_TOKEN" -H 'Content-Type: application/json' -d '{"action":"publish"}')
kill -INT "$MEANWHILE" 2>/dev/null; wait "$MEANWHILE" 2>/dev/null || true
read -r status secs <<<"$out"
ASSIGNED=$(json_get 'j.assigned || 0' <"$TMP/publish.json")
printf '%-36s %12.0f %9.1f %9s\n' "cbp publish, $(count_label $((ASSIGNED / 3 / 1000 * 1000)))+ audience x 3" \
  "$(awk -v n="$ASSIGNED" -v s="$secs" 'BEGIN { print (s > 0 ? n / s : 0) }')" "$secs" "-"
[[ $status == 200 ]] || echo "    note: HTTP $status: $(head -c 300 "$TMP/publish.json")"
echo "publishing a plan of three items for SM, UDC and MTS of the Railways: $ASSIGNED assignments (rows/s counts them);"
echo "meanwhile GET /api/v1/me answered $(awk '/^Requests\/sec:/ {print $2}' "$TMP/meanwhile.txt") req/s, p99 $(awk '$1 == "99%" {print $2}' "$TMP/meanwhile.txt"), max $(awk '/Latency/ && !/Distribution/ {print $4}' "$TMP/meanwhile.txt")."

# Every other ministry publishes a plan too (the SPV admin's, two items for the whole ministry), so the home feed
# is read with a published plan for every ministry.
MINISTRIES=0
SPV_TOKEN=$(curl -sf "$BASE/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"spv.admin@karmayogi.demo","password":"Karmayogi@2026"}' | json_get j.token)
for code in $(curl -sf "$BASE/orgs?limit=500" -H "Authorization: Bearer $SPV_TOKEN" |
  json_get 'j.items.filter((o) => o.kind === "ministry" && o.code !== "MOR").map((o) => o.id + ":" + o.code).join(" ")'); do
  org=${code%%:*}
  plan=$(curl -sf "$BASE/orgs/$org/cbp-plans" -H "Authorization: Bearer $SPV_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"year\":$FY,\"title\":\"${code#*:} plan $FY\"}" | json_get j.id) || continue
  for course in $(curl -sf "$BASE/catalogue?q=ethics&kind=course&limit=2" -H "Authorization: Bearer $SPV_TOKEN" |
    json_get 'j.items.map((i) => i.id).join(" ")'); do
    curl -sf -o /dev/null "$BASE/cbp-plans/$plan/items" -H "Authorization: Bearer $SPV_TOKEN" -H 'Content-Type: application/json' \
      -d "{\"content_id\":$course,\"due\":\"$((FY + 1))-03-31\",\"audience\":[{\"org_id\":$org}],\"allow_empty_audience\":true}" ||
      echo "    note: an item of ${code#*:}'s plan was refused"
  done
  for action in approve publish; do
    curl -sf -o /dev/null "$BASE/cbp-plans/$plan/transitions" -H "Authorization: Bearer $SPV_TOKEN" \
      -H 'Content-Type: application/json' -d "{\"action\":\"$action\"}"
  done && MINISTRIES=$((MINISTRIES + 1))
done
echo "and a published plan of two items for each of the $MINISTRIES other ministries (the SPV admin's)."

STAFF_ORG=$(curl -sf "$BASE/orgs?q=NR-DLI&limit=500" -H "Authorization: Bearer $TOKEN" | json_get 'j.items.find((o) => o.code === "NR-DLI").id')
MATCH_ORG=$(curl -sf "$BASE/orgs?q=NAIR&limit=500" -H "Authorization: Bearer $TOKEN" | json_get 'j.items.find((o) => o.code === "NAIR").id')
# One seeded official of NAIR (first in the staff list) and the post they hold: the gap list is read as the
# MOR admin (mdo.admin administers every Railway organisation; the onboarded officials have no password).
GAP_OFFICIAL=$(curl -sf "$BASE/officials?org_id=$MATCH_ORG&subtree=0&limit=1" -H "Authorization: Bearer $TOKEN" | json_get 'j.items[0].id')
MATCH_POST=$( (curl -sf "$BASE/officials/$GAP_OFFICIAL/positions" -H "Authorization: Bearer $TOKEN" |
  json_get 'j.items[0].position.id') 2>/dev/null || echo 0)
# The learner reads the catalogue: one published bench course for the course page.
LEARNER=$(curl -sf "$BASE/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"learner@karmayogi.demo","password":"Karmayogi@2026"}' | json_get j.token)
COURSE=$(curl -sf "$BASE/catalogue?q=procurement&area=functional&limit=1" -H "Authorization: Bearer $LEARNER" |
  json_get 'j.items[0].id')
# The bench learners log in (their password hash is cheap, so this takes about a second), giving the wrk
# scripts their sessions: progress.txt "TOKEN CONTENT RESOURCE", learners.txt "TOKEN", certs.txt "TOKEN CODE".
: >"$TMP/progress.txt" >"$TMP/learners.txt" >"$TMP/certs.txt"
declare -A LEARNER_TOKEN
while read -r what email a b; do
  if [[ -z "${LEARNER_TOKEN[$email]:-}" ]]; then
    LEARNER_TOKEN[$email]=$(curl -sf "$BASE/auth/login" -H 'Content-Type: application/json' \
      -d "{\"email\":\"$email\",\"password\":\"Karmayogi@2026\"}" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
    echo "${LEARNER_TOKEN[$email]}" >>"$TMP/learners.txt"
  fi
  case $what in
  progress) echo "${LEARNER_TOKEN[$email]} $a $b" >>"$TMP/progress.txt" ;;
  certificate) echo "${LEARNER_TOKEN[$email]} $a" >>"$TMP/certs.txt" ;;
  esac
done <"$TMP/plan.txt"
# The bench learners who hold a post with competency gaps (their home page has recommendations): the second home
# feed row reads only theirs, the page in full.
node -e '
  const fs = require("fs");
  (async () => {
    const out = [];
    for (const token of fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)) {
      const r = await fetch(process.argv[2] + "/me/home", { headers: { authorization: "Bearer " + token } });
      if (r.ok && (await r.json()).recommendations.length) out.push(token);
    }
    fs.writeFileSync(process.argv[3], out.join("\n") + "\n");
  })();' "$TMP/learners.txt" "$BASE" "$TMP/learners_posts.txt"
# The assessment plan's sessions (the same learners, mostly logged in above): answer.txt "TOKEN ATTEMPT QUESTION
# OPTION", submit.txt "TOKEN ATTEMPT".
for email in $(awk '{print $2}' "$TMP/assess_plan.txt" | sort -u); do
  if [[ -z "${LEARNER_TOKEN[$email]:-}" ]]; then
    LEARNER_TOKEN[$email]=$(curl -sf "$BASE/auth/login" -H 'Content-Type: application/json' \
      -d "{\"email\":\"$email\",\"password\":\"Karmayogi@2026\"}" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
  fi
  echo "$email ${LEARNER_TOKEN[$email]}"
done >"$TMP/assess_tokens.txt"
: >"$TMP/answer.txt" >"$TMP/submit.txt"
awk -v A="$TMP/answer.txt" -v S="$TMP/submit.txt" 'NR == FNR { t[$1] = $2; next }
  $1 == "answer" { print t[$2], $3, $4, $5 > A } $1 == "submit" { print t[$2], $3 > S }' \
  "$TMP/assess_tokens.txt" "$TMP/assess_plan.txt"
# Group-commit counters from /metrics: transactions and the writes in them, for the progress row's batch size.
gc_counters() {
  curl -sf "http://127.0.0.1:$PORT/metrics" |
    awk '/^karmayogi_db_group_commits_total/ {c = $2} /^karmayogi_db_group_commit_writes_total/ {w = $2} END {print c + 0, w + 0}'
}

# Converts wrk's latency ("812.00us", "1.20ms", "2.01s") to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# name | path | wrk threads | connections | with the admin's session (1), the learner's (2) or none (0) | target
# | a wrk script and its arguments (optional; bench/uncached.lua makes every request a cache miss;
# bench/progress.lua and bench/learners.lua send each request with the next of many learners' sessions)
# The candidates row runs one connection, so its latency is that of one request at a time. The submit row runs
# eight: submits are whole transactions that queue for SQLite's one writer, and more connections only add to
# their wait (32 gave the same rate with p99 above a second and wrk's 2 s timeouts). The slow staff
# search runs last: its requests still in flight when wrk stops would otherwise slow the next row.
ROWS=(
  "ceiling: GET /api/v1/hello|/api/v1/hello|1|32|0|"
  "GET /healthz|/healthz|1|32|0|"
  "staff list, $(count_label "$STAFF_N")-official org, page 1|/api/v1/officials?org_id=$STAFF_ORG\&subtree=0\&limit=50|1|32|1|"
  "gap list, one official ($(count_label "$ONBOARD_ROWS") officials)|/api/v1/officials/$GAP_OFFICIAL/gaps|1|32|1|>= 10000 req/s"
  "candidates for a post, $(count_label "$MATCH_N")-official org|/api/v1/positions/$MATCH_POST/candidates?org_id=$MATCH_ORG\&limit=20|1|1|1|<= 50 ms"
  "catalogue search with a filter, $(count_label "$COURSES_N") courses|/api/v1/catalogue?q=procurement\&area=functional|1|32|2|>= 5000 req/s"
  "same search, every request computed (no cache)|/api/v1/catalogue?q=procurement\&area=functional|1|32|2|>= 5000 req/s|bench/uncached.lua"
  "course page, GET /contents/{id} as a learner|/api/v1/contents/$COURSE|1|32|2|>= 10000 req/s"
  "progress update, durable, $ENROLMENTS_LABEL enrolments|/api/v1/me/progress|1|64|0|>= 20000 req/s, p99 <= 20 ms|bench/progress.lua $TMP/progress.txt"
  "my learning, GET /me/enrolments|/api/v1/me/enrolments|1|32|0|>= 10000 req/s|bench/learners.lua $TMP/learners.txt"
  "My iGOT home feed, GET /me/home|/api/v1/me/home|1|32|0|>= 10000 req/s|bench/learners.lua $TMP/learners.txt"
  "same, only officials holding a post ($(wc -l <"$TMP/learners_posts.txt"))|/api/v1/me/home|1|32|0|>= 10000 req/s|bench/learners.lua $TMP/learners_posts.txt"
  "assess save answer, PUT /attempts/{id}/answers|/api/v1/attempts|1|64|0|>= 10000 req/s|bench/answer.lua $TMP/answer.txt"
  "assess submit 20-question attempt|/api/v1/attempts|1|8|0|per second|bench/submit.lua $TMP/submit.txt"
  "certificate PDF, rendered per request|/api/v1/certificates/CODE/pdf|1|8|0||bench/learners.lua $TMP/certs.txt"
  "staff list, same org, search q=sharma|/api/v1/officials?org_id=$STAFF_ORG\&subtree=0\&q=sharma\&limit=50|1|32|1|"
)

printf '\n%-44s %12s %9s %9s %9s  %s\n' "path" "requests/s" "p50 ms" "p99 ms" "x ceiling" "target"
CEILING=""
for row in "${ROWS[@]}"; do
  IFS='|' read -r name path threads conns auth target script <<<"$row"
  path=${path//\\/}
  headers=()
  ((auth == 1)) && headers=(-H "Authorization: Bearer $TOKEN")
  ((auth == 2)) && headers=(-H "Authorization: Bearer $LEARNER")
  read -r script script_args <<<"$script"
  [[ -n "$script" ]] && headers+=(-s "$script")
  gc_before=$(gc_counters)
  # shellcheck disable=SC2086 # the script's arguments are words
  out=$(wrk -t"$threads" -c"$conns" -d"$DURATION" --latency "${headers[@]}" "http://127.0.0.1:$PORT$path" \
    ${script_args:+-- $script_args})
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  # A script that counts 2xx answers ("2xx: N of M") has only those count as served.
  ok_line=$(grep -E '^2xx: [0-9]+ of [0-9]+' <<<"$out" || true)
  if [[ -n "$ok_line" ]]; then
    read -r _ ok _ total others <<<"$ok_line"
    rps=$(awk -v r="$rps" -v a="$ok" -v b="$total" 'BEGIN { printf "%.2f", b ? r * a / b : 0 }')
    ((ok < total)) && others="    note: only 2xx counted: $((total - ok)) of $total answers were not 2xx $others" || others=""
  else
    others=""
  fi
  read -r c0 w0 <<<"$gc_before"
  read -r c1 w1 <<<"$(gc_counters)"
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  [[ -z "$CEILING" ]] && CEILING=$rps
  ratio=$(awk -v a="$rps" -v b="$CEILING" 'BEGIN { printf "%.2f", a / b }')
  printf '%-44s %12.0f %9s %9s %9s  %s\n' "$name" "$rps" "$p50" "$p99" "$ratio" "$target"
  [[ -n "$errors" ]] && echo "    note: $errors"
  [[ -n "$others" ]] && echo "$others"
  ((c1 > c0)) && awk -v c=$((c1 - c0)) -v w=$((w1 - w0)) \
    'BEGIN { printf "    group commit: %d transactions for %d writes (%.1f writes each)\n", c, w, w / c }'
  true
done
echo
echo "wrk on the same 2-core machine as the server; server threads: ${BENCH_THREADS:-2}; each row ${DURATION}."
