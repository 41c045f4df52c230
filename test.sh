#!/usr/bin/env bash
# Runs every test (unit, integration, browser) and EF's check that no model change lacks its migration.
# Installs what the tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing Debian chromium for the browser tests"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The local tools of dotnet-tools.json (dotnet-ef), at the versions it pins.
dotnet tool restore >/dev/null

dotnet build NrmHub.sln -c Release

# Exits non-zero when the model has changes that no migration holds (see CONTRIBUTING.md, "Migrations").
migrations=0
dotnet ef migrations has-pending-model-changes --no-build --configuration Release \
  --project src/NrmHub.Core --startup-project src/NrmHub.Web || migrations=$?

log="$(mktemp)"
status=0
dotnet test NrmHub.sln -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# One plain summary line for both test assemblies.
passed=$( (grep -Eo '^ +Passed: +[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
failed=$( (grep -Eo '^ +Failed: +[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$migrations" -ne 0 ]; then
  echo "test.sh: the model has changes without a migration: dotnet ef migrations add <Name> --project src/NrmHub.Core --startup-project src/NrmHub.Web" >&2
  failed=$((failed + 1))
  status=1
fi
echo "screenshots: artifacts/screenshots/"
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
if [ "${passed:-0}" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit $status
