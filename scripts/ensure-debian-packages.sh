#!/usr/bin/env bash
# Installs the Debian packages FoiPipeline uses on one machine, only those that are missing:
#   nodejs, npm          Azurite (the local Azure Storage)
#   tzdata               UK dates of receipt for FOIA deadlines
#   tesseract-ocr(-eng)  local OCR of scanned letters
#   poppler-utils        PDF text layers and page images
#   chromium             (with --browser only) the browser the reviewer page's tests drive through Playwright
# Usage: ensure-debian-packages.sh [--optional] [--browser]
# With --optional, a machine where packages cannot be installed (no apt-get, no root) gets a warning and
# carries on: the pipeline still reads email and text, and says which tool is missing when it meets a scan.
# Chromium is large (about 200 MB with its libraries) and only the tests need it, so `foi run` never asks for it.
set -euo pipefail
optional=false
browser=false
for argument in "$@"; do
  case "$argument" in
    --optional) optional=true ;;
    --browser) browser=true ;;
    *) echo "usage: $0 [--optional] [--browser]" >&2; exit 2 ;;
  esac
done

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -e /usr/share/zoneinfo/Europe/London ] || missing+=(tzdata)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata >/dev/null 2>&1 || missing+=(tesseract-ocr-eng)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# The tests look for /usr/bin/chromium (FOI_CHROMIUM overrides it), so that path is what counts as installed.
if $browser; then [ -x /usr/bin/chromium ] || missing+=(chromium); fi
[ ${#missing[@]} -eq 0 ] && exit 0

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo_cmd=(sudo); else sudo_cmd=(none); fi
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "${sudo_cmd[0]:-}" = "none" ]; then
  message="Missing Debian packages: ${missing[*]} (install them with apt-get as root)."
  if $optional; then echo "warning: $message" >&2; exit 0; fi
  echo "error: $message" >&2; exit 1
fi

echo "Installing Debian packages: ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
