"""The student's route: build the wheel, install it in a fresh environment, ``implant-edu start``.

One module-scoped fixture does what a student's laptop does, with nothing from
this checkout on the path:

1. builds the wheel (``pip wheel --no-deps``, setuptools in an isolated build);
2. makes a fresh virtual environment (no editable install, no site packages)
   and installs the wheel with ``--no-deps`` plus ``-r requirements.lock``
   from a local wheelhouse (``$IMPLANT_EDU_WHEELHOUSE``, default
   ``~/.cache/implant-edu/wheels``), which ``pip download`` fills from the
   package index the first time (about 40 s) and which makes every later
   install offline and quick;
3. runs ``implant-edu start FOLDER --no-browser --port P`` in the background,
   with Jupyter's user folders pointed at empty temporary ones so nothing of
   this machine's own Jupyter set-up helps.

Then headless Chromium opens the start page and follows its link to lesson
01, runs the lesson from the student's folder, and shows it as RISE slides:
each widget must render on its slide, which needs the lab extension that the
wheel puts where JupyterLab finds it (without it, none renders).
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from implant_edu.tools import at_idle_priority, labharness

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
LESSON = "notebooks/01_start_here.ipynb"
EXTENSION = "implant-edu-widgets-in-rise"
TIMES: dict[str, float] = {}
NOT_SOURCES = (
    ".git", ".venv", "node_modules", "build", "dist", "artifacts", "*.egg-info", "__pycache__",
    ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache", ".hypothesis", ".stamp-*",
)  # fmt: skip


def _wheelhouse() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "implant-edu"
    return Path(os.environ.get("IMPLANT_EDU_WHEELHOUSE", default / "wheels"))


def _pip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        # at the lowest priority: it runs in a thread beside the browser tests
        at_idle_priority([sys.executable, "-m", "pip", "--disable-pip-version-check", *args]),
        capture_output=True,
        text=True,
        timeout=900,
    )


def _timed(name: str, step):
    started = time.monotonic()
    result = step()
    TIMES[name] = round(time.monotonic() - started, 1)
    return result


def _install(venv_python: Path, wheel: Path) -> None:
    wheelhouse = _wheelhouse()
    offline = [
        "--python",
        str(venv_python),
        "install",
        "--quiet",
        "--no-compile",  # byte-compiling 114 packages is half the time; imports do it
        "--no-index",
        "--find-links",
        str(wheelhouse),
        "--no-deps",
        str(wheel),
        "-r",
        str(LOCK),
    ]
    done = _pip(*offline)
    if done.returncode != 0:  # first time, or a new pin: fetch what is missing
        wheelhouse.mkdir(parents=True, exist_ok=True)
        fetched = _timed(
            "wheelhouse download (first time)",
            lambda: _pip(
                "download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", str(wheelhouse),
                "-r", str(LOCK),
            ),
        )  # fmt: skip
        assert fetched.returncode == 0, fetched.stderr[-3000:]
        done = _pip(*offline)
    assert done.returncode == 0, done.stderr[-3000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _build_and_install(work: Path) -> tuple[Path, Path, Path]:
    """Build the wheel from a clean copy of the sources and install it in a
    fresh environment in ``work``; (work, venv, its python)."""
    # From a clean copy of the sources: an in-tree build would reuse build/lib,
    # where a module deleted since the last build still lies.
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    built = _timed(
        "wheel build",
        lambda: _pip("wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(source)),
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (work / "dist").glob("implant_edu-*.whl")
    venv = work / "venv"
    subprocess.run(
        at_idle_priority([sys.executable, "-m", "venv", "--without-pip", str(venv)]), check=True
    )
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _timed("venv install", lambda: _install(python, wheel))
    return work, venv, python


_AHEAD: list[tuple[Path, concurrent.futures.Future]] = []


def start_installing() -> None:
    """Start building and installing the wheel in the background, at the
    lowest CPU priority (called by tests/conftest.py when the session will run
    this module): it takes the CPU the browser tests leave idle and is usually
    done before this module's first test."""
    if _AHEAD:
        return
    work = Path(tempfile.mkdtemp(prefix="implant-edu-wheel-"))
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    _AHEAD.append((work, pool.submit(_build_and_install, work)))
    pool.shutdown(wait=False)


@pytest.fixture(scope="module")
def installed():
    """A fresh environment with only the built wheel and the locked dependencies."""
    start_installing()
    work, ahead = _AHEAD[0]
    try:
        yield ahead.result(timeout=900)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_wheel_carries_the_course_and_no_answers_for_instructors(installed) -> None:
    _, venv, python = installed
    where = subprocess.run(
        [str(python), "-c", "import implant_edu, implant_edu.tools as t;"
         "print(implant_edu.__file__); print(t.course_files())"],
        capture_output=True, text=True, check=True, cwd=venv,
    ).stdout.split()  # fmt: skip
    package, course = Path(where[0]), Path(where[1])
    assert venv in package.parents, f"implant_edu imported from {package}, not the wheel"
    assert course == (venv / "share" / "implant-edu").resolve()
    lessons = sorted(p.name for p in (course / "notebooks").glob("*.ipynb"))
    assert lessons == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert (course / "assets" / "ALT_TEXT.md").is_file()
    extension = venv / "share" / "jupyter" / "labextensions" / EXTENSION
    assert (extension / "static" / "remoteEntry.js").is_file()
    assert not list(venv.rglob("exam_bank.yaml")) and not list(venv.rglob("guide.ipynb"))
    # The quiz bank's figures read the objectives from the installed lessons.
    figures = subprocess.run(
        [str(python), "-m", "implant_edu.quiz"], capture_output=True, text=True, cwd=venv
    )
    assert figures.returncode == 0, figures.stderr
    assert "objectives with >= 2 items" in figures.stdout, figures.stdout


@pytest.fixture(scope="module")
def started(installed):
    """``implant-edu start FOLDER --no-browser --port P`` from the fresh environment."""
    work, venv, _ = installed
    state = work / "jupyter"
    config = state / "config"
    config.mkdir(parents=True)
    # Only what the test needs to drive the page (window.jupyterapp), fresh
    # settings and workspaces; the privacy settings are the command's own.
    (config / "jupyter_server_config.json").write_text(
        json.dumps(
            {
                "LabApp": {
                    "expose_app_in_browser": True,
                    "user_settings_dir": str(state / "settings"),
                    "workspaces_dir": str(state / "workspaces"),
                }
            }
        )
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV"))}
    env |= {
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_DATA_DIR": str(state / "data"),
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
        "PATH": os.pathsep.join([str(venv / "bin"), env.get("PATH", "")]),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    folder, port = work / "my lessons", _free_port()
    command = venv / ("Scripts/implant-edu.exe" if os.name == "nt" else "bin/implant-edu")
    log_path = work / "start.log"
    log = log_path.open("wb")
    started_at = time.monotonic()
    process = subprocess.Popen(
        [str(command), "start", str(folder), "--no-browser", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        info = None
        while info is None or _status(port, info["token"]) != 200:
            assert process.poll() is None, log_path.read_text(errors="replace")
            assert time.monotonic() - started_at < 90, log_path.read_text(errors="replace")
            found = sorted((state / "runtime").glob("jpserver-*[0-9].json"))
            info = json.loads(found[0].read_text()) if found else None
            time.sleep(0.2)
        TIMES["start to server up"] = round(time.monotonic() - started_at, 1)
        server = labharness.LabServer(
            folder, port, info["token"], process, log_path, state
        )  # fmt: skip
        yield server, info, log_path
    finally:
        labharness.stop_process_group(process, timeout=20)
        log.close()


def _status(port: int, token: str) -> int | None:
    try:
        url = f"http://127.0.0.1:{port}/api/status?token={token}"
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except OSError:
        return None


def test_start_copies_and_serves_on_loopback_with_a_token(started) -> None:
    server, info, log_path = started
    assert Path(info["root_dir"]).resolve() == server.root_dir.resolve()
    assert info["hostname"] == "127.0.0.1" and len(info["token"]) >= 32
    assert (server.root_dir / "START_HERE.ipynb").is_file()
    assert len(list((server.root_dir / "notebooks").glob("*.ipynb"))) == 7
    out = log_path.read_text(errors="replace")
    assert "copied" in out
    with urllib.request.urlopen(f"{server.base_url}/lab?token={server.token}") as response:
        html = response.read().decode()
    config = json.loads(
        re.search(r'id="jupyter-config-data" type="application/json">(.*?)</script>', html)[1]
    )
    assert config["news"] == {"disabled": True}
    names = [e["name"] for e in config["federated_extensions"]]
    assert EXTENSION in names, f"the lab extension is not loaded: {names}"


def test_start_page_and_a_lesson_run_with_widgets_on_slides(started, browser) -> None:
    server, _, _ = started
    began = time.monotonic()
    context, page, log = labharness.new_page(browser)
    try:
        # The start page opens and links the lesson; its link opens it.
        page.goto(server.notebook_url("START_HERE.ipynb"), wait_until="domcontentloaded")
        link = page.locator(".jp-RenderedMarkdown a[href*='01_start_here.ipynb']")
        link.wait_for(timeout=60_000)
        assert "For instructors" not in page.locator(".jp-RenderedMarkdown").first.inner_text()
        link.click()
        page.wait_for_function(
            f"() => (window.jupyterapp.shell.currentWidget.context || {{}}).path === '{LESSON}'",
            timeout=30_000,
        )

        run = labharness.open_and_run(page, server, LESSON)
        assert run.ok and not run.unexecuted, f"Run All stopped: {run.unexecuted}"
        lesson = server.root_dir / LESSON
        expected = labharness.stored_widget_outputs(ROOT / LESSON)
        assert expected > 0
        shown = page.evaluate(labharness.OUTPUTS_SHOWN_JS, ".jp-NotebookPanel .jp-Notebook")
        assert shown["widgets"] == expected and not shown["problems"], shown

        # As slides: every widget renders in RISE (the wheel's lab extension).
        with labharness.rise_slides(page, log, expected, close=False) as (_, frame, _):
            on_slides = frame.evaluate(labharness.OUTPUTS_SHOWN_JS, labharness.SLIDES_ROOT)
        assert on_slides["widgets"] == expected and not on_slides["problems"], on_slides
        assert lesson.is_file()
        assert not log.blocked, f"requests off this machine: {log.blocked}"
        assert not log.page_errors, log.page_errors
    finally:
        context.close()
    TIMES["browser: start page, lesson run, slides"] = round(time.monotonic() - began, 1)
    print(f"\nwheel test times (s): {TIMES}")
