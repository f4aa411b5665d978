#!/usr/bin/env bash
# Benchmarks VerifyTrack at newsroom scale; see BENCHMARKS.md.
#   bash bench/run.sh                 10k, 100k and 1M claims
#   bash bench/run.sh 10000 100000    just these sizes
#   DURATION=20 bash bench/run.sh     seconds per wrk run (default 10)
#   WARMUP=5 bash bench/run.sh        seconds of the same load, discarded, before each measured run (default 10)
#   PREWARM=30 bash bench/run.sh      seconds of load over every page, discarded, once the app has started (default 30)
#   SCENARIOS="static similar similar_one" INPROCESS=0 bash bench/run.sh 1000000
#                                     only these wrk rows (names as in the table), and no in-process timings
#   INPROCESS_ONLY="share card" bash bench/run.sh 10000
#                                     only the in-process timings whose name has this (card_render: "share card")
# Generated databases are kept in bench/data/ and reused; each run works on a fresh copy.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/sign-in.sh
# The app runs as Production here, where mail links need their base.
export Mail__AppBaseUrl=http://127.0.0.1:5180

sizes=("$@")
((${#sizes[@]})) || sizes=(10000 100000 1000000)
duration=${DURATION:-10}
warmup=${WARMUP:-10}
port=${PORT:-5180}
base="http://127.0.0.1:$port"
all_scenarios="static status status_claim card_cached public_api queue desk_queue search broad_search queue_one search_one broad_search_one claim similar similar_one dashboard_one queue_state_at_one transitions"
scenarios=${SCENARIOS:-$all_scenarios}
want() { [[ " $scenarios " == *" $1 "* ]]; }
# A claim as a wire story rewords a generated one ("Islamic State / Amaq News Agency says it captured two soldiers in Deir Ezzor").
similar_text="Amaq%20says%20Islamic%20State%20fighters%20have%20captured%20two%20soldiers%20near%20Deir%20ez-Zor"

for tool in wrk sqlite3 curl; do
  if ! command -v "$tool" >/dev/null; then
    if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool"; else echo "Install $tool: sudo apt-get install -y $tool" >&2; exit 1; fi
  fi
done

dotnet build -c Release -v q src/VerifyTrack.Web >/dev/null
dotnet build -c Release -v q bench/VerifyTrack.Bench >/dev/null
app="src/VerifyTrack.Web/bin/Release/net10.0/VerifyTrack.Web.dll"
harness="bench/VerifyTrack.Bench/bin/Release/net10.0/VerifyTrack.Bench.dll"
mkdir -p bench/data bench/results
export Logging__LogLevel__Default=Warning

run_wrk() { # name url [extra wrk args...] -> "rps p50 p99 non2xx"
  local name=$1 url=$2; shift 2
  local out
  # The runtime compiles hot code again, optimised, during its first seconds of load; measure after that.
  ((warmup > 0)) && wrk -t"${WRK_THREADS:-2}" -c"${CONNECTIONS:-32}" -d"${warmup}s" "$@" "$url" >/dev/null
  [[ -n ${BEFORE_MEASURING:-} ]] && $BEFORE_MEASURING
  out=$(wrk -t"${WRK_THREADS:-2}" -c"${CONNECTIONS:-32}" -d"${duration}s" --latency "$@" "$url")
  echo "$out" > "bench/results/$size-$name.wrk"
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); bad=${bad:-0}
  echo "$rps $p50 $p99 $bad"
}

for size in "${sizes[@]}"; do
  db="bench/data/claims-$size.db"
  if [[ ! -f $db ]]; then
    echo "== generating $size claims"
    start=$(date +%s)
    DOTNET_ENVIRONMENT=Benchmark Database__Path="$PWD/$db" dotnet "$app" demo generate --claims "$size" 2>/dev/null
    echo "generated in $(( $(date +%s) - start )) s" > "bench/results/$size-generate.txt"
  fi
  Database__Path="$PWD/$db" dotnet "$app" migrate >/dev/null
  work="bench/data/work-$size.db"
  rm -f "$work" "$work-wal" "$work-shm" "bench/data/jobs.db"*
  cp "$db" "$work"
  # The copy is gigabytes at 1M: let the kernel finish writing it before anything is timed.
  sync
  if [[ ${INPROCESS:-1} != 0 ]]; then
    echo "== $size claims: in-process timings"
    dotnet "$harness" "$work" 7 "${INPROCESS_ONLY:-}" > "bench/results/$size-inprocess.tsv"
    cat "bench/results/$size-inprocess.tsv"
  else
    : > "bench/results/$size-inprocess.tsv"
  fi

  token=$(Database__Path="$PWD/$work" dotnet "$app" tokens create --email admin1@generated.example --name bench 2>/dev/null)
  Database__Path="$PWD/$work" Jobs__Enabled=false PublicStatus__RateLimit__PermitLimit=2000000000 ASPNETCORE_URLS="$base" \
    dotnet "$app" --contentRoot "$PWD/src/VerifyTrack.Web" > "bench/results/$size-app.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -fs "$base/healthz" >/dev/null && break; sleep 1; done

  cookie=$(sign_in "$base")
  slug=$(sqlite3 "$work" "SELECT slug FROM claims WHERE is_published = 1 LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM claims WHERE is_published = 1)")
  claim=$(sqlite3 "$work" "SELECT id FROM claims LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM claims)")
  # Claims to move, each from the version it has now; listed again after the warm-up has moved some.
  list_claims() {
    sqlite3 -separator ',' "$work" "SELECT id, version, substr(state, 1, 1) FROM claims WHERE state IN ('unverified', 'denied') ORDER BY random() LIMIT 60000" \
      | awk -F, 'BEGIN {print "return {"} {printf "{%s,%s,\"%s\"},\n", $1, $2, $3} END {print "}"}' > "bench/results/$size-claims.lua"
  }
  list_claims

  # The baseline: Kestrel serving a static file the size of the status page.
  bytes=$(curl -s "$base/status" | wc -c)
  head -c "$bytes" /dev/zero | tr '\0' 'x' > wwwroot/bench-baseline.html
  trap 'kill $pid 2>/dev/null || true; rm -f wwwroot/bench-baseline.html' EXIT

  # One warm-up over every page measured below, before the per-endpoint warm-ups.
  PATHS="/status /status/claims/$slug /status/claims/$slug/card.png /api/v1/public/claims /queue /queue?desk=world /queue?q=hmeymim+helicopter+palmyra /queue?q=captured+deir /claims/$claim" \
    wrk -t2 -c8 -d"${PREWARM:-30}s" -s bench/warmup.lua -H "$cookie" "$base" >/dev/null

  declare -A result
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/bench-baseline.html") == 200 ]] || { echo "the static baseline is not served" >&2; exit 1; }
  want static && result[static]=$(run_wrk static "$base/bench-baseline.html")
  want status && result[status]=$(run_wrk status "$base/status")
  want status_claim && result[status_claim]=$(run_wrk status-claim "$base/status/claims/$slug")
  want card_cached && result[card_cached]=$(run_wrk card-cached "$base/status/claims/$slug/card.png")
  want public_api && result[public_api]=$(run_wrk public-api "$base/api/v1/public/claims")
  want queue && result[queue]=$(CONNECTIONS=4 run_wrk queue "$base/queue" -H "$cookie")
  want search && result[search]=$(CONNECTIONS=4 run_wrk search "$base/queue?q=hmeymim+helicopter+palmyra" -H "$cookie")
  want broad_search && result[broad_search]=$(CONNECTIONS=4 run_wrk broad-search "$base/queue?q=captured+deir" -H "$cookie")
  want desk_queue && result[desk_queue]=$(CONNECTIONS=4 run_wrk desk-queue "$base/queue?desk=world" -H "$cookie")
  want queue_one && result[queue_one]=$(WRK_THREADS=1 CONNECTIONS=1 run_wrk queue-one "$base/queue" -H "$cookie")
  want search_one && result[search_one]=$(WRK_THREADS=1 CONNECTIONS=1 run_wrk search-one "$base/queue?q=hmeymim+helicopter+palmyra" -H "$cookie")
  want broad_search_one && result[broad_search_one]=$(WRK_THREADS=1 CONNECTIONS=1 run_wrk broad-search-one "$base/queue?q=captured+deir" -H "$cookie")
  want claim && result[claim]=$(CONNECTIONS=4 run_wrk claim "$base/claims/$claim" -H "$cookie")
  want similar && result[similar]=$(CONNECTIONS=4 run_wrk similar "$base/api/v1/claims/similar?text=$similar_text" -H "Authorization: Bearer $token")
  want similar_one && result[similar_one]=$(WRK_THREADS=1 CONNECTIONS=1 run_wrk similar-one "$base/api/v1/claims/similar?text=$similar_text" -H "Authorization: Bearer $token")
  want dashboard_one && result[dashboard_one]=$(WRK_THREADS=1 CONNECTIONS=1 run_wrk dashboard-one "$base/dashboard?desk=world&days=90" -H "$cookie")
  # The dashboard's link from an earlier day's count: the world desk's claims unverified 30 days ago.
  state_at=$(date -u -d '30 days ago' +%Y-%m-%dT00:00:00Z)
  want queue_state_at_one && result[queue_state_at_one]=$(WRK_THREADS=1 CONNECTIONS=1 run_wrk queue-state-at-one "$base/queue?desk=world&state=unverified&stateAt=$state_at" -H "$cookie")
  want transitions && result[transitions]=$(BEFORE_MEASURING=list_claims CLAIMS_LUA="$PWD/bench/results/$size-claims.lua" TOKEN="$token" WRK_THREADS=2 CONNECTIONS=8 run_wrk transitions "$base" -s bench/transitions.lua)
  rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f wwwroot/bench-baseline.html
  verify=$(Database__Path="$PWD/$work" dotnet "$app" audit verify 2>&1 | head -1)

  static_rps=$(cut -d' ' -f1 <<<"${result[static]:-0}")
  {
    echo "### $size claims"
    echo
    [[ -f bench/results/$size-generate.txt ]] && echo "Data: $(cat "bench/results/$size-generate.txt"); database $(du -h "$db" | cut -f1)."
    echo "Peak app memory (VmHWM): $rss MB. After the transition run: $verify"
    echo
    echo "| endpoint | requests/s | vs static | p50 | p99 | non-2xx |"
    echo "|---|---:|---:|---:|---:|---:|"
    for name in $all_scenarios; do
      want "$name" || continue
      read -r rps p50 p99 bad <<<"${result[$name]}"
      ratio=$(awk -v a="$rps" -v b="$static_rps" 'BEGIN {if (b > 0) printf "%.0f%%", 100 * a / b; else printf "n/a"}')
      echo "| $name | $rps | $ratio | $p50 | $p99 | $bad |"
    done
    echo
    echo "| in-process | median ms | fastest ms | result |"
    echo "|---|---:|---:|---|"
    awk -F'\t' '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}' "bench/results/$size-inprocess.tsv"
    echo
  } | tee "bench/results/$size.md"
  trap - EXIT
done
