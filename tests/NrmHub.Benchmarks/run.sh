#!/usr/bin/env bash
# Runs the NrmGraph benchmarks in Release. Results land in BenchmarkDotNet.Artifacts/ at the repository root
# (gitignored). Extra arguments go to BenchmarkDotNet, e.g. `run.sh --job short`.
# The SOP deadline sweep has its own console mode (it changes data, so it restores the due rows between runs):
#   dotnet run -c Release --project tests/NrmHub.Benchmarks -- sweep [open=100000] [due=300] [repetitions=10]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet run -c Release --project tests/NrmHub.Benchmarks -- \
  --filter '*GraphBenchmarks*' --artifacts "$root/BenchmarkDotNet.Artifacts" "$@"
