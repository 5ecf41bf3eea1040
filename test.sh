#!/usr/bin/env bash
# Runs the whole FoiPipeline test suite on a fresh machine: installs what the tests need first, then
# runs every test project in the solution. Unit tests need nothing; integration tests start their own
# Azurite (from package-lock.json) on free loopback ports and stop it when they finish.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Debian packages the tests use, installed only when missing.
need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
[ -e /usr/share/zoneinfo/Europe/London ] || need_apt+=(tzdata)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need_apt[*]}"
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need_apt[@]}"
fi

# npm packages exactly as pinned in package-lock.json (Azurite), when not already installed.
if ! node -e "process.exit(require('./node_modules/azurite/package.json').version === require('./package-lock.json').packages['node_modules/azurite'].version ? 0 : 1)" 2>/dev/null; then
  echo "Installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi

# A test host that stops making progress for 10 minutes is killed and reported rather than left to hang CI.
dotnet test FoiPipeline.sln --configuration Release --blame-hang-timeout 10m "$@"
