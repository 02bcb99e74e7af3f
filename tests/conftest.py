"""The one Chromium for every test that drives a browser (browser tests and the wheel test).

Playwright's sync API allows one instance per process, so every test that needs a
browser shares this session fixture instead of starting its own.
"""

from __future__ import annotations

import pytest

from implant_edu.tools import chromium


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
