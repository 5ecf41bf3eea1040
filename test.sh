#!/usr/bin/env bash
# Runs the whole FoiPipeline test suite on a fresh machine: installs what the tests need first, then
# runs every test project in the solution. Unit tests need nothing; integration tests start their own
# Azurite (from package-lock.json) on free loopback ports and stop it when they finish; browser tests drive
# Debian's Chromium headless through Playwright and check pages with axe-core (from package-lock.json).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Debian packages the tests use (Node.js, tzdata, Tesseract, poppler, and Chromium for the browser tests),
# installed only when missing.
scripts/ensure-debian-packages.sh --browser

# npm packages exactly as pinned in package-lock.json (Azurite, axe-core), when not already installed.
if ! node -e "const lock = require('./package-lock.json').packages; process.exit(['azurite', 'axe-core'].every(p => require('./node_modules/' + p + '/package.json').version === lock['node_modules/' + p].version) ? 0 : 1)" 2>/dev/null; then
  echo "Installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi

# A test host that stops making progress for 10 minutes is killed and reported rather than left to hang CI.
rm -f artifacts/test-reports/analyzer-gold-set.txt
status=0
dotnet test FoiPipeline.sln --configuration Release --blame-hang-timeout 10m "$@" || status=$?

# The analyzer's score on the labelled gold set (tests/gold), written by its test; printed whether it passed or not.
if [[ -f artifacts/test-reports/analyzer-gold-set.txt ]]; then
  echo
  sed -n '1,/^  where it disagrees:/p' artifacts/test-reports/analyzer-gold-set.txt | sed '$d'
  echo "  (every disagreement: artifacts/test-reports/analyzer-gold-set.txt; per letter: analyzer-gold-detail.txt)"
fi
exit "$status"
