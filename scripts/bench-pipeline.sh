#!/usr/bin/env bash
# End to end on this machine: 1,000 letters (text, email, a tenth scanned) uploaded at once to Azurite and run
# through the local host (`foi run`) into the SQLite index. Rewrites bench/results/pipeline-end-to-end.md with
# letters per second, upload-to-searchable latency (p50/p95/max) and the host's peak memory, and the machine.
# Takes about 5 minutes on 2 cores (the first run also makes the letters: about 2 minutes more).
#   scripts/bench-pipeline.sh [--letters N]
source "$(dirname "${BASH_SOURCE[0]}")/bench-pipeline-common.sh"
run_pipeline_benchmark --out bench/results/pipeline-end-to-end.md "$@"
