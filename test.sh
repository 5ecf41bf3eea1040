#!/usr/bin/env bash
# Runs the whole FoiPipeline test suite on a fresh machine: installs what the tests need first, then
# runs every test project in the solution. Unit tests need nothing; integration tests start their own
# Azurite (from package-lock.json) on free loopback ports and stop it when they finish.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Debian packages the tests use (Node.js, tzdata, Tesseract, poppler), installed only when missing.
scripts/ensure-debian-packages.sh

# npm packages exactly as pinned in package-lock.json (Azurite), when not already installed.
if ! node -e "process.exit(require('./node_modules/azurite/package.json').version === require('./package-lock.json').packages['node_modules/azurite'].version ? 0 : 1)" 2>/dev/null; then
  echo "Installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi

# A test host that stops making progress for 10 minutes is killed and reported rather than left to hang CI.
dotnet test FoiPipeline.sln --configuration Release --blame-hang-timeout 10m "$@"
