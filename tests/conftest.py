"""Session-wide pieces: the one Chromium for every test that drives a browser (browser
tests and the wheel test), and the lock check started early.

Playwright's sync API allows one instance per process, so every test that needs a
browser shares this session fixture instead of starting its own.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from implant_edu.tools import at_idle_priority, chromium
from implant_edu.tools import handouts as make_handouts

LESSONS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))

LOCKCHECK_TEST = "test_the_lock_installs_on_every_python_pyproject_names"
_LOCKCHECK = pytest.StashKey[tuple[subprocess.Popen, object]]()


def _start_lockcheck(config: pytest.Config) -> None:
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in pytest_unconfigure)
    # Lowest priority: its pip runs take the CPU the browser tests leave idle
    # instead of slowing them, and it is done long before its test runs.
    process = subprocess.Popen(
        at_idle_priority([sys.executable, "-m", "implant_edu.tools.lockcheck"]),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    config.stash[_LOCKCHECK] = (process, log)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the lock check (tests/test_lockcheck.py) and the wheel's build and
    install (tests/test_wheel.py) at once if they are to run, both at the lowest
    CPU priority: they take the time the browser tests leave idle, and are
    done before their tests run."""
    if any(item.name == LOCKCHECK_TEST for item in session.items):
        _start_lockcheck(session.config)
    wheel = next((i.module for i in session.items if i.path.name == "test_wheel.py"), None)
    if wheel is not None:
        wheel.start_installing()


def pytest_unconfigure(config: pytest.Config) -> None:
    process, log = config.stash.get(_LOCKCHECK, (None, None))
    if process is not None and process.poll() is None:
        process.kill()
        process.wait()
    if log is not None:
        log.close()


@pytest.fixture(scope="session")
def lockcheck_run(pytestconfig) -> tuple[int, str]:
    """(exit status, output) of ``python -m implant_edu.tools.lockcheck``,
    started when the session was collected."""
    if _LOCKCHECK not in pytestconfig.stash:
        _start_lockcheck(pytestconfig)
    process, log = pytestconfig.stash[_LOCKCHECK]
    returncode = process.wait(timeout=900)
    log.seek(0)
    return returncode, log.read()


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
def handout_dir(tmp_path_factory) -> Path:
    """The offline handout of every lesson and the phone-triage card, built once
    for the session by ``make handouts``' own function (no PDF). Tests may add
    files beside them (a printed PDF), never change them."""
    if not make_handouts.EMBED_JS.exists():
        pytest.fail(
            f"{make_handouts.EMBED_JS} missing: run `make browser-deps` (npm ci) first",
            pytrace=False,
        )
    out = tmp_path_factory.mktemp("handouts")
    make_handouts.build(out, LESSONS)
    return out
