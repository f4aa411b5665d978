#!/usr/bin/env bash
# Compares this checkout with an earlier commit on one machine and one database, one app after the other:
#   bash bench/compare.sh REV [SIZE]      e.g. bash bench/compare.sh b225f60 1000000
# Run bench/run.sh SIZE first: it generates bench/data/claims-SIZE.db and leaves bench/data/work-SIZE.db.
# The older app refuses a database that journals migrations it does not know, so those rows are set aside
# while it runs and put back after; their tables stay (the older app never reads them).
# Prints one line per measurement: app, endpoint, requests/s, p50, p99.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/sign-in.sh
# The app runs as Production here, where mail links need their base.
export Mail__AppBaseUrl=http://127.0.0.1:5180
rev=$1
size=${2:-1000000}
work="$PWD/bench/data/work-$size.db"
old="$PWD/bench/data/compare-$rev"
[[ -f $work ]] || { echo "Run bash bench/run.sh $size first: $work is missing." >&2; exit 1; }
[[ -d $old ]] || git worktree add --detach "$old" "$rev" >/dev/null
dotnet build -c Release -v q "$old/src/VerifyTrack.Web" >/dev/null
dotnet build -c Release -v q src/VerifyTrack.Web >/dev/null
known=$(ls "$old/migrations" | sort | tail -1)

measure() { # label app content-root [VAR=value...]
  local label=$1 app=$2 root=$3; shift 3
  local base=http://127.0.0.1:${PORT:-5191}
  env "$@" Database__Path="$work" Jobs__Enabled=false PublicStatus__RateLimit__PermitLimit=2000000000 ASPNETCORE_URLS="$base" \
    Logging__LogLevel__Default=Warning dotnet "$app" --contentRoot "$root" > "bench/results/compare-$label.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -fs "$base/healthz" >/dev/null && break; sleep 1; done
  local token cookie slug
  token=$(env "$@" Database__Path="$work" dotnet "$app" tokens create --email admin1@generated.example --name "compare-$label" 2>/dev/null | tail -1)
  cookie=$(sign_in "$base")
  slug=$(sqlite3 "$work" "SELECT slug FROM claims WHERE is_published = 1 LIMIT 1 OFFSET 1000")
  PATHS="/status /status/claims/$slug /queue /queue?q=hmeymim+helicopter+palmyra /queue?q=captured+deir" \
    wrk -t2 -c8 -d20s -s bench/warmup.lua -H "$cookie" "$base" >/dev/null
  one() { # name connections url [wrk args...]
    local name=$1 c=$2 url=$3; shift 3
    wrk -t1 -c"$c" -d5s "$@" "$url" >/dev/null
    local out; out=$(wrk -t$((c > 1 ? 2 : 1)) -c"$c" -d10s --latency "$@" "$url")
    printf "%s\t%s\t%s\t%s\t%s\n" "$label" "$name" "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")" \
      "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
  }
  one status 32 "$base/status"
  one status_claim 32 "$base/status/claims/$slug"
  one queue_one 1 "$base/queue" -H "$cookie"
  one search_one 1 "$base/queue?q=hmeymim+helicopter+palmyra" -H "$cookie"
  one broad_search_one 1 "$base/queue?q=captured+deir" -H "$cookie"
  one queue 4 "$base/queue" -H "$cookie"
  one search 4 "$base/queue?q=hmeymim+helicopter+palmyra" -H "$cookie"
  sqlite3 -separator ',' "$work" "SELECT id, version, substr(state, 1, 1) FROM claims WHERE state IN ('unverified', 'denied') ORDER BY random() LIMIT 60000" \
    | awk -F, 'BEGIN {print "return {"} {printf "{%s,%s,\"%s\"},\n", $1, $2, $3} END {print "}"}' > "bench/results/compare-claims.lua"
  CLAIMS_LUA="$PWD/bench/results/compare-claims.lua" TOKEN="$token" WRK_THREADS=2 one transitions 8 "$base" -s bench/transitions.lua
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

sqlite3 "$work" "CREATE TABLE compare_set_aside AS SELECT * FROM schema_migrations WHERE name > '$known'; DELETE FROM schema_migrations WHERE name > '$known';"
trap 'sqlite3 "$work" "INSERT INTO schema_migrations SELECT * FROM compare_set_aside; DROP TABLE compare_set_aside;"' EXIT
# The older app's scheduler store gets a file of its own: Hangfire's store keeps the name jobs.db.
measure "$rev" "$old/src/VerifyTrack.Web/bin/Release/net10.0/VerifyTrack.Web.dll" "$old/src/VerifyTrack.Web" Jobs__StorePath=compare-jobs.db
sqlite3 "$work" "INSERT INTO schema_migrations SELECT * FROM compare_set_aside; DROP TABLE compare_set_aside;"
trap - EXIT
measure "$(git rev-parse --short HEAD)" src/VerifyTrack.Web/bin/Release/net10.0/VerifyTrack.Web.dll "$PWD/src/VerifyTrack.Web"
echo "In process, on the same database:"
dotnet build -c Release -v q "$old/bench/VerifyTrack.Bench" >/dev/null
dotnet build -c Release -v q bench/VerifyTrack.Bench >/dev/null
dotnet "$old/bench/VerifyTrack.Bench/bin/Release/net10.0/VerifyTrack.Bench.dll" "$work" 2>/dev/null | sed "s/^/$rev\t/"
dotnet bench/VerifyTrack.Bench/bin/Release/net10.0/VerifyTrack.Bench.dll "$work" 2>/dev/null | sed "s/^/$(git rev-parse --short HEAD)\t/"
