"""Find the Chromium that the browser tests and the PDF handouts use, or install one.

Usage: python -m implant_edu.tools.chromium

Looks in ``$CHROMIUM_PATH``, ``/usr/bin/chromium``, then Playwright's own
download. If none is there it installs Debian's ``chromium`` package when
apt-get can run as root, and Playwright's Chromium otherwise. Exits non-zero,
with instructions, if neither works.

``CHROMIUM_FLAGS`` is the one list of flags every headless Chromium of the
project starts with.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Known to work offline on these machines. Without the background-networking
flags Chromium floods a closed network with refused connections."""

INSTALL_HINT = (
    "The browser tests need Chromium and none was found. Install one of:\n"
    "  - Debian/Ubuntu: apt-get install chromium   (gives /usr/bin/chromium)\n"
    "  - anywhere else: python -m playwright install chromium\n"
    "or point CHROMIUM_PATH at a Chromium executable (make browser-deps does the first)."
)


class ChromiumNotFoundError(RuntimeError):
    pass


def find_chromium() -> str:
    """CHROMIUM_PATH, then /usr/bin/chromium, then Playwright's own download."""
    candidates = [os.environ.get("CHROMIUM_PATH", ""), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    with contextlib.suppress(Exception):
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
        if path and os.access(path, os.X_OK):
            return path
    raise ChromiumNotFoundError(INSTALL_HINT)


def launch_browser(playwright):
    """Headless Chromium (a Playwright ``Browser``) with ``CHROMIUM_FLAGS``."""
    return playwright.chromium.launch(
        executable_path=find_chromium(), headless=True, args=list(CHROMIUM_FLAGS)
    )


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
