"""Session fixtures for the browser tests: one JupyterLab, one Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import labharness

SCREENSHOTS = labharness.ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def lab():
    with labharness.lab_server(labharness.ROOT) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    try:
        labharness.find_chromium()
    except labharness.ChromiumNotFoundError as error:
        pytest.fail(str(error), pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = labharness.launch_browser(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")
