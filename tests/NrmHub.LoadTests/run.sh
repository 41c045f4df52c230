#!/usr/bin/env bash
# Load scenarios of the live path (issues 4 and 13). Each builds nothing twice: one Release build, then per scenario
# a fresh SQLite file, the real app on a free loopback port, its users made by the app's own --create-user command,
# the scenario's script, and the app stopped again.
#
#   tests/NrmHub.LoadTests/run.sh [--scenario hub|pages|writers|all] [--skip-build] [scenario options ...]
#
#   hub      1,000 hub clients over 20 users, referrals at a fixed rate (load.mjs; --rate --seconds --clients
#            --users --client-impl raw|dotnet|node)
#   pages    200 open inbox / my-referrals pages in headless chromium, 20 referrals/s, with 100 and with 10,000
#            referrals already in the lists (pages.mjs; --pages --rate --seconds --existing "100 10000")
#   writers  8 writers as fast as they can for 30 s, then a kill -9 in the middle of more writes; every acknowledged
#            referral must be in the file afterwards (writers.mjs; --writers --seconds)
#
# Results: tests/NrmHub.LoadTests/results/<scenario>-<time>.json (gitignored). See docs/performance.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

scenario=all
build=1
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) scenario="$2"; shift 2 ;;
    --skip-build) build=0; shift ;;
    *) pass+=("$1"); shift ;;
  esac
done
case "$scenario" in hub|pages|writers|all) ;; *) echo "run.sh: --scenario is hub, pages, writers or all, not '$scenario'" >&2; exit 2 ;; esac

# 1,000 client sockets and as many server sockets need more descriptors than some default limits allow.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ "$build" -eq 1 ]; then
  dotnet build -c Release "$root/src/NrmHub.Web" --nologo -v quiet
  # The hub scenario's .NET clients (load.mjs --client-impl raw, the default, or dotnet).
  dotnet build -c Release "$root/tests/NrmHub.Benchmarks" --nologo -v quiet
fi
app="$root/src/NrmHub.Web/bin/Release/net10.0/NrmHub.Web"
[ -x "$app" ] || { echo "run.sh: $app is missing; run without --skip-build" >&2; exit 1; }

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$here/results"

export ASPNETCORE_ENVIRONMENT=Development
# Per-request logging would measure the console, not the app.
export Logging__LogLevel__Default=Warning
# Twenty users sign in from this one address within seconds: above the per-address limit meant for people.
export Identity__SignInPostsPerMinute=100000
# A fresh password per run for the throwaway users; it travels in the environment only.
NRMHUB_LOAD_PASSWORD="Load-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')-Aa1!"
export NRMHUB_LOAD_PASSWORD NRMHUB_USER_PASSWORD="$NRMHUB_LOAD_PASSWORD"

work=""
server=""
port=""
stop_app() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server" 2>/dev/null || true
  fi
  server=""
}
cleanup() {
  stop_app
  [ -n "$work" ] && cp "$work/app.log" "$here/results/app-last.log" 2>/dev/null || true
  [ -n "$work" ] && rm -rf "$work"
}
trap cleanup EXIT

# A fresh database with the scenario's accounts: receivers at the shelter (clean-world, the demo shelter's actor)
# and senders at the police unit (mia-thb, the demo officer's). Accounts of an actor get its notifications.
fresh_database() {
  [ -n "$work" ] && rm -rf "$work"
  work="$(mktemp -d)"
  export ConnectionStrings__Nrm="Data Source=$work/nrm.db"
  local receivers senders
  receivers="$(seq -f 'load%02g@load.nrmhub.local' 1 20 | paste -sd,)"
  senders="$(seq -f 'send%02g@load.nrmhub.local' 1 20 | paste -sd,)"
  (cd "$root/src/NrmHub.Web" && timeout 180 "$app" --create-user "$receivers" --role ServiceProvider --actor clean-world --name "Load receiver" >>"$work/setup.log" 2>&1 \
    && timeout 180 "$app" --create-user "$senders" --role ReferralOfficer --actor mia-thb --name "Load sender" >>"$work/setup.log" 2>&1) \
    || { echo "run.sh: could not create the load users; see below" >&2; tail -20 "$work/setup.log" >&2; exit 1; }
}

start_app() {
  port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  export ASPNETCORE_URLS="http://127.0.0.1:$port"
  (cd "$root/src/NrmHub.Web" && exec "$app") >>"$work/app.log" 2>&1 &
  server=$!
  for _ in $(seq 240); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || { echo "run.sh: the app stopped" >&2; tail -40 "$work/app.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "run.sh: the app did not answer /healthz in 120 s" >&2
  exit 1
}

run_hub() {
  echo "run.sh: scenario hub"
  fresh_database
  start_app
  # Bounded: the run itself plus time to connect, drain and report.
  timeout 900 node "$here/load.mjs" --base "http://127.0.0.1:$port" --server-pid "$server" "${pass[@]}"
  stop_app
}

run_pages() {
  echo "run.sh: scenario pages"
  fresh_database
  start_app
  timeout 2400 node "$here/pages.mjs" --base "http://127.0.0.1:$port" --server-pid "$server" "${pass[@]}"
  stop_app
}

run_writers() {
  echo "run.sh: scenario writers"
  fresh_database
  start_app
  local ids="$work/acknowledged.txt"
  # The script kills the app itself (kill -9, mid-write) and writes down every referral the app acknowledged.
  timeout 900 node "$here/writers.mjs" --base "http://127.0.0.1:$port" --server-pid "$server" --acknowledged "$ids" "${pass[@]}"
  server=""
  # Every acknowledged referral must be in the file as the crash left it (SQLite replays its WAL on open) ...
  python3 "$here/verify-durable.py" "$work/nrm.db" "$ids"
  # ... and the app must start on it again.
  start_app
  echo "run.sh: the app started again on the crashed database"
  stop_app
}

case "$scenario" in
  hub) run_hub ;;
  pages) run_pages ;;
  writers) run_writers ;;
  all) run_hub; run_pages; run_writers ;;
esac
