#!/usr/bin/env bash
# Runs the NrmGraph benchmarks in Release. Results land in BenchmarkDotNet.Artifacts/ at the repository root
# (gitignored). Extra arguments go to BenchmarkDotNet, e.g. `run.sh --job short`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet run -c Release --project tests/NrmHub.Benchmarks -- \
  --filter '*GraphBenchmarks*' --artifacts "$root/BenchmarkDotNet.Artifacts" "$@"
