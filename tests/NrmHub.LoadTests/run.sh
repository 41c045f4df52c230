#!/usr/bin/env bash
# Load benchmark of live notifications (issue 4): builds and starts the real app on a free loopback port with a
# fresh database, creates the receiving users, connects 1,000 @microsoft/signalr clients, sends referrals through
# POST /api/referrals at a fixed rate, and measures commit -> client receipt against a loopback WebSocket echo floor.
#
#   tests/NrmHub.LoadTests/run.sh [--rate 50] [--seconds 60] [--clients 1000] [--users 20] [--skip-build] [...]
#
# Other arguments go to load.mjs (see README.md). Results: tests/NrmHub.LoadTests/results/ (gitignored).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

users=20
seconds=60
build=1
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users="$2"; pass+=("$1" "$2"); shift 2 ;;
    --seconds) seconds="$2"; pass+=("$1" "$2"); shift 2 ;;
    --skip-build) build=0; shift ;;
    *) pass+=("$1"); shift ;;
  esac
done

# 1,000 client sockets and as many server sockets need more descriptors than some default limits allow.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ "$build" -eq 1 ]; then
  dotnet build -c Release "$root/src/NrmHub.Web" --nologo -v quiet
fi
app="$root/src/NrmHub.Web/bin/Release/net10.0/NrmHub.Web"
[ -x "$app" ] || { echo "run.sh: $app is missing; run without --skip-build" >&2; exit 1; }

(cd "$here" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi)

work="$(mktemp -d)"
mkdir -p "$here/results"
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Nrm="Data Source=$work/nrm.db"
export ASPNETCORE_URLS="http://127.0.0.1:$port"
# Per-request logging would measure the console, not the app.
export Logging__LogLevel__Default=Warning
# 20 users sign in from this one address within seconds: above the per-address limit meant for people.
export Identity__SignInPostsPerMinute=100000
# A fresh password per run for the throwaway users; it travels in the environment only.
NRMHUB_LOAD_PASSWORD="Load-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')-Aa1!"
export NRMHUB_LOAD_PASSWORD

server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server" 2>/dev/null || true
  fi
  cp "$work/app.log" "$here/results/app-last.log" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Receiving users: accounts at the receiving actor get its notifications whatever their role. The app's own
# --create-admin command makes them (it migrates and seeds the database the first time).
create_user() {
  (cd "$root/src/NrmHub.Web" && NRMHUB_ADMIN_PASSWORD="$NRMHUB_LOAD_PASSWORD" timeout 120 "$app" \
    --create-admin "$1" --actor clean-world --name "Load test $1" >>"$work/setup.log" 2>&1) \
    || { echo "run.sh: could not create $1; see below" >&2; tail -20 "$work/setup.log" >&2; return 1; }
}
echo "run.sh: creating $users receiving users at clean-world"
create_user "load01@load.nrmhub.local"
export -f create_user
export app root work
seq 2 "$users" | xargs -r -P 2 -I{} bash -c 'create_user "$(printf "load%02d@load.nrmhub.local" {})"'

echo "run.sh: starting the app on 127.0.0.1:$port"
(cd "$root/src/NrmHub.Web" && exec "$app") >"$work/app.log" 2>&1 &
server=$!
for _ in $(seq 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "run.sh: the app stopped" >&2; cat "$work/app.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null

# Bounded: the run itself plus time to connect, drain and report.
timeout $((seconds + 600)) node "$here/load.mjs" --base "http://127.0.0.1:$port" --server-pid "$server" "${pass[@]}"
