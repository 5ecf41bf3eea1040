#!/usr/bin/env bash
# Runs the hostile-input fuzz test (tests/FoiPipeline.IntegrationTests/Fuzz) with more inputs than CI, or
# replays one input of a run. The same test CI runs, steered by environment variables:
#   scripts/fuzz.sh                          # 20,000 inputs from the CI seed
#   scripts/fuzz.sh --seed 7 --count 50000   # another seed, more inputs
#   scripts/fuzz.sh --seed 7 --only 1234     # input 1234 of that run alone, to reproduce a failure
#   scripts/fuzz.sh --max-seconds 600        # the per-letter time limit given to ingest (default 20)
#   scripts/fuzz.sh --budget-seconds 3600    # stop starting inputs after an hour (default: no budget)
# The summary goes to artifacts/test-reports/fuzz/summary-seed-N-count-M.txt; failing inputs are saved beside it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }

export FOI_FUZZ_COUNT=20000 FOI_FUZZ_BUDGET_SECONDS=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) export FOI_FUZZ_SEED="${2:?--seed needs a number}"; shift 2 ;;
    --count) export FOI_FUZZ_COUNT="${2:?--count needs a number}"; shift 2 ;;
    --only) export FOI_FUZZ_ONLY="${2:?--only needs an input index}"; shift 2 ;;
    --max-seconds) export FOI_FUZZ_MAX_SECONDS="${2:?--max-seconds needs a number}"; shift 2 ;;
    --budget-seconds) export FOI_FUZZ_BUDGET_SECONDS="${2:?--budget-seconds needs a number}"; shift 2 ;;
    --max-memory-mb) export FOI_FUZZ_MAX_MEMORY_MB="${2:?--max-memory-mb needs a number}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

scripts/ensure-debian-packages.sh
if [[ ! -d node_modules/azurite ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build FoiPipeline.sln --configuration Release -v q
echo "fuzz: seed ${FOI_FUZZ_SEED:-CI default}, ${FOI_FUZZ_ONLY:+input $FOI_FUZZ_ONLY of }$FOI_FUZZ_COUNT inputs"
status=0
dotnet test tests/FoiPipeline.IntegrationTests --configuration Release --no-build \
  --filter "FullyQualifiedName~HostileInputFuzzTests" --logger "console;verbosity=normal" || status=$?
ls -t artifacts/test-reports/fuzz/summary-*.txt 2>/dev/null | head -n 1 | xargs -r cat
exit "$status"
