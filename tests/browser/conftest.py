"""Session fixtures for the browser tests: one JupyterLab (the Chromium is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from implant_edu.tools import labharness

SCREENSHOTS = labharness.SCREENSHOT_DIR


@pytest.fixture(scope="session")
def lab():
    with labharness.lab_server(labharness.ROOT) as server:
        yield server


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")
