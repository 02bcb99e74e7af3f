"""Session fixtures for the browser tests: one JupyterLab (the Chromium is in tests/conftest.py).

The JupyterLab serves a copy of the course (labharness.copy_course), laid out
as the repository is: the slides save the notebook they show, and scratch
notebooks are written beside the lessons, never into the repository."""

from __future__ import annotations

import pytest

from implant_edu.tools import labharness

SCREENSHOTS = labharness.SCREENSHOT_DIR


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    course = labharness.copy_course(tmp_path_factory.mktemp("course"))
    with labharness.lab_server(course) as server:
        yield server


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")
