#!/usr/bin/env bash
# Runs the benchmarks and rewrites their results in bench/results/ (commit them with the machine they ran on).
#   bench/run.sh            all of them
#   bench/run.sh ocr        pages per second, in-process Tesseract against the CLI
#   bench/run.sh pdf        a 50-page scanned PDF: time and peak memory, both engines
#   bench/run.sh analyzer   letters analyzed per second per core (1, 5 and 50 KB) and the time of each stage
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/ensure-debian-packages.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
what="${1:-all}"
dotnet build bench/FoiPipeline.Benchmarks -c Release -v q -nologo
bin=bench/FoiPipeline.Benchmarks/bin/Release/net10.0/FoiPipeline.Benchmarks.dll
mkdir -p bench/results

if [ "$what" = all ] || [ "$what" = ocr ]; then
  (cd bench && dotnet "../$bin" ocr --artifacts "$PWD/.artifacts")
  cp bench/.artifacts/results/FoiPipeline.Benchmarks.OcrEngineBenchmarks-report-github.md bench/results/ocr-engines.md
fi

if [ "$what" = all ] || [ "$what" = analyzer ]; then
  (cd bench && dotnet "../$bin" analyzer --artifacts "$PWD/.artifacts" --out "$PWD/results/analyzer.md")
fi

if [ "$what" = all ] || [ "$what" = pdf ]; then
  pdf="${TMPDIR:-/tmp}/foipipeline-bench/scanned-50.pdf"
  [ -f "$pdf" ] || dotnet "$bin" make-pdf "$pdf"
  rm -f bench/results/scanned-pdf.md
  # Each engine in a fresh process, so each peak is its own.
  dotnet "$bin" scanned-pdf --pdf "$pdf" --engine tesseract --out bench/results/scanned-pdf.md
  dotnet "$bin" scanned-pdf --pdf "$pdf" --engine tesseract-cli --out bench/results/scanned-pdf.md
fi
echo "Results in bench/results/"
