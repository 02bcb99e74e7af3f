#!/usr/bin/env bash
# Find a Chromium for the browser tests, or install Debian's, or say how to get one.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    exit 0
  fi
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "No Chromium found: installing Debian's chromium package for the browser tests." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
The browser tests need Chromium and none was found.
Install one of:
  - Debian/Ubuntu:  sudo apt-get install chromium   (gives /usr/bin/chromium)
  - anywhere else:  .venv/bin/python -m playwright install chromium
and, if it is elsewhere, point CHROMIUM_PATH at its executable.
MSG
exit 1
