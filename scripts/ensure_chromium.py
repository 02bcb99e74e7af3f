"""Make sure the browser tests have a Chromium: find one, install one, or say how.

Usage: python scripts/ensure_chromium.py

Looks where the browser tests look (``tests/browser/labharness.find_chromium``:
``$CHROMIUM_PATH``, ``/usr/bin/chromium``, Playwright's own). If none is there
it installs Debian's ``chromium`` package when apt-get can run as root, and
Playwright's Chromium otherwise. Exits non-zero, with instructions, if neither
works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from labharness import INSTALL_HINT, ChromiumNotFoundError, find_chromium


def _installers() -> list[list[str]]:
    steps = []
    if shutil.which("apt-get") and os.geteuid() == 0:
        steps.append(["sh", "-c", "apt-get update -qq && apt-get install -y -qq chromium"])
    steps.append([sys.executable, "-m", "playwright", "install", "chromium"])
    return steps


def main() -> int:
    for step in [None, *_installers()]:
        if step is not None:
            print(f"No Chromium found; trying: {' '.join(step)}", file=sys.stderr)
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            subprocess.run(step, check=False, env=env, stdout=subprocess.DEVNULL)
        try:
            print(f"Chromium for the browser tests: {find_chromium()}")
            return 0
        except ChromiumNotFoundError:
            continue
    print(INSTALL_HINT, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
