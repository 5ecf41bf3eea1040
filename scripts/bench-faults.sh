#!/usr/bin/env bash
# The end-to-end run with faults: while the same 1,000 letters go through, the host is killed with SIGKILL and
# restarted three times (at 20, 45 and 70 % of letters searchable) and Azurite is restarted once (at 35 %).
# Afterwards it counts: every letter in the index exactly once, nothing else, nothing in poison queues or
# quarantine. Prints PASS or FAIL, exits non-zero on FAIL (keeping the logs), and rewrites
# bench/results/pipeline-faults.md.
#   scripts/bench-faults.sh [--letters N]
source "$(dirname "${BASH_SOURCE[0]}")/bench-pipeline-common.sh"
run_pipeline_benchmark --faults --out bench/results/pipeline-faults.md "$@"
