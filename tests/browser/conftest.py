"""Session fixtures for the browser tests: one JupyterLab, one Chromium."""

from __future__ import annotations

import pytest

from implant_edu.tools import chromium, labharness

SCREENSHOTS = labharness.ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def lab():
    with labharness.lab_server(labharness.ROOT) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    try:
        chromium.find_chromium()
    except chromium.ChromiumNotFoundError as error:
        pytest.fail(str(error), pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = chromium.launch_browser(p)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")
