#!/usr/bin/env bash
# Shared by bench-pipeline.sh and bench-faults.sh (sourced, not run): builds the local host and the benchmark
# runner in Release, installs the pinned Azurite with `npm ci` when node_modules lacks it, and runs the
# end-to-end benchmark with the arguments given. Nothing else is installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/ensure-debian-packages.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 OMP_THREAD_LIMIT=1
[ -f node_modules/azurite/dist/src/azurite.js ] || npm ci --no-audit --no-fund --loglevel=error
dotnet build functions/FoiPipeline.Local -c Release -v q -nologo
dotnet build bench/FoiPipeline.Benchmarks -c Release -v q -nologo
mkdir -p bench/results
echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) ($(getconf _NPROCESSORS_ONLN) cores)" >&2
run_pipeline_benchmark() {
  dotnet bench/FoiPipeline.Benchmarks/bin/Release/net10.0/FoiPipeline.Benchmarks.dll pipeline \
    --host functions/FoiPipeline.Local/bin/Release/net10.0/foi.dll "$@"
}
