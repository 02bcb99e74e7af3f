"""`make lab`: the start page, and a JupyterLab that keeps everything on the machine.

The server test starts ``python -m implant_edu.tools.lab`` as ``make lab``
does (with the browser off, a fixed port and token), then reads what the
server tells the browser: its page configuration and the defaults of the
settings. It takes a few seconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from implant_edu.tools import lab, start_page

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
GUIDE = ROOT / "instructor" / "guide.ipynb"
LINK = re.compile(r"\[([^\]]+)\]\(([^)]+\.ipynb)\)")


def _page_markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_start_page_is_up_to_date() -> None:
    # The text, not the whole file: JupyterLab fills in the kernel's
    # language_info when someone saves the page.
    committed = _page_markdown(ROOT / start_page.START_PAGE)
    assert committed == start_page.start_page_markdown(ROOT), (
        "START_HERE.ipynb does not list the lessons as they are: "
        "run `python -m implant_edu.tools.start_page .` (make notebooks does)"
    )


def test_start_page_is_read_only() -> None:
    cells = json.loads((ROOT / start_page.START_PAGE).read_text(encoding="utf-8"))["cells"]
    assert [c["cell_type"] for c in cells] == ["markdown"]
    assert cells[0]["metadata"] == {"editable": False, "deletable": False}


def test_start_page_links_every_lesson_and_the_guide() -> None:
    links = LINK.findall(_page_markdown(ROOT / start_page.START_PAGE))
    targets = [target for _, target in links]
    expected = [p.relative_to(ROOT).as_posix() for p in [*LESSONS, GUIDE]]
    assert targets == expected
    for (title, target), path in zip(links, [*LESSONS, GUIDE], strict=True):
        assert (ROOT / target).is_file(), target
        assert title == start_page.heading_and_lead(path)[0]
    assert not [t for t in targets if t.startswith(("/", "http"))], "links must be relative"


def _lesson(path: Path, title: str) -> None:
    cell = {"cell_type": "markdown", "metadata": {}, "source": f"# {title}\n\nWhat it is."}
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4}), "utf-8")


def test_start_page_follows_added_and_renamed_lessons(tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()
    _lesson(tmp_path / "notebooks" / "01_a.ipynb", "01 · First")
    before = start_page.start_page_markdown(tmp_path)
    assert "[01 · First](notebooks/01_a.ipynb): What it is." in before
    assert "Instructor guide" not in before
    _lesson(tmp_path / "notebooks" / "02_b.ipynb", "02 · Second")
    assert "[02 · Second](notebooks/02_b.ipynb)" in start_page.start_page_markdown(tmp_path)
    _lesson(tmp_path / "notebooks" / "01_a.ipynb", "01 · Renamed")
    after = start_page.start_page_markdown(tmp_path)
    assert "01 · Renamed" in after and "01 · First" not in after


def test_start_page_needs_a_title(tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_a.ipynb").write_text(
        json.dumps({"cells": [{"cell_type": "code", "source": "1"}]}), "utf-8"
    )
    with pytest.raises(ValueError, match="first cell must be Markdown"):
        start_page.start_page_markdown(tmp_path)


def test_open_lab_refuses_a_missing_folder_or_page(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError, match="not a folder"):
        lab.open_lab(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match=r"START_HERE\.ipynb"):
        lab.open_lab(tmp_path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


@contextlib.contextmanager
def _make_lab(tmp_path: Path):
    """``python -m implant_edu.tools.lab`` on the repository, browser off."""
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    log = (tmp_path / "lab.log").open("wb")
    command = [sys.executable, "-m", "implant_edu.tools.lab", str(ROOT), "--no-browser"]
    process = subprocess.Popen(
        [*command, f"--port={port}", f"--token={token}"],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while _get_or_none(f"{base}/api/status?token={token}") != 200:
            assert process.poll() is None, (tmp_path / "lab.log").read_text()
            assert time.monotonic() < deadline, "JupyterLab did not answer in 30 s"
            time.sleep(0.2)
        yield base, token
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        log.close()


def _get_or_none(url: str) -> int | None:
    try:
        return _get(url)[0]
    except OSError:
        return None


def test_make_lab_serves_the_course_and_fetches_nothing(tmp_path: Path) -> None:
    with _make_lab(tmp_path) as (base, token):
        # A token is required; the server listens on 127.0.0.1 only and serves
        # the whole repository, so the lessons, the guide and the start page open.
        assert _get(f"{base}/api/contents/START_HERE.ipynb")[0] == 403
        (info,) = (tmp_path / "runtime").glob("jpserver-*[0-9].json")
        server = json.loads(info.read_text())
        assert server["hostname"] == "127.0.0.1"
        assert Path(server["root_dir"]) == ROOT
        for page in ["START_HERE.ipynb", "instructor/guide.ipynb", "notebooks/01_start_here.ipynb"]:
            assert _get(f"{base}/api/contents/{page}?token={token}")[0] == 200, page
        opens = " ".join(p.read_text() for p in (tmp_path / "runtime").glob("jpserver-*-open.html"))
        assert "lab/tree/START_HERE.ipynb" in opens, "the browser must open the start page"

        # What the page is told: no news feed, a read-only extension manager
        # whose panel is not loaded.
        status, html = _get(f"{base}/lab?token={token}")
        assert status == 200
        found = re.search(r'id="jupyter-config-data" type="application/json">(.*?)</script>', html)
        assert found, "no page config in /lab"
        config = json.loads(found.group(1))
        assert config["news"] == {"disabled": True}
        assert config["extensionManager"]["name"] == "read-only"
        assert config["extensionManager"]["can_install"] is False
        assert "@jupyterlab/extensionmanager-extension" in config["disabledExtensions"]

        # The settings' defaults: never fetch news (the default asks the
        # student), never check for updates, extension manager off.
        def defaults(plugin: str) -> dict:
            status, body = _get(f"{base}/lab/api/settings/{plugin}?token={token}")
            assert status == 200, plugin
            properties = json.loads(body)["schema"]["properties"]
            return {name: spec.get("default") for name, spec in properties.items()}

        notification = defaults("@jupyterlab/apputils-extension:notification")
        assert notification["fetchNews"] == "false"
        assert notification["checkForUpdates"] is False
        assert defaults("@jupyterlab/extensionmanager-extension:plugin")["enabled"] is False


def test_lab_command_turns_off_update_checks() -> None:
    """The update checker is server side and says nothing to the page: check the command."""
    command = lab.lab_command(ROOT, token="t", start_page="START_HERE.ipynb", open_browser=False)
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in command
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "--IdentityProvider.token=t" in command
    assert f"--ServerApp.file_to_run={ROOT / 'START_HERE.ipynb'}" in command


def test_make_lab_says_when_the_port_is_taken(tmp_path: Path) -> None:
    """``make lab`` and ``implant-edu start`` share ``open_lab``: one plain sentence, exit 2."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "implant_edu.tools.lab", str(ROOT), "--no-browser",
             f"--port={port}"],
            capture_output=True, text=True, timeout=60, cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 2, result
    assert f"port {port} is in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_kernel_list_answers_while_kernels_start(tmp_path: Path) -> None:
    """JupyterLab polls GET /api/kernels; one that lands while a kernel starts
    must not be a 500 (implant_edu.tools.lab_kernels). Six kernels are started
    and stopped while three threads keep asking for the list: before the fix,
    5 to 18 of some 700 lists failed this way."""
    with _make_lab(tmp_path) as (base, token):
        headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}

        def call(path: str, method: str = "GET", body: bytes | None = None) -> tuple[int, bytes]:
            request = urllib.request.Request(base + path, body, headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()

        answers: list[tuple[int, bytes]] = []
        done = threading.Event()

        def keep_listing() -> None:
            while not done.is_set():
                answers.append(call("/api/kernels"))

        listers = [threading.Thread(target=keep_listing) for _ in range(3)]
        for lister in listers:
            lister.start()
        try:
            for _ in range(6):
                status, body = call("/api/kernels", "POST", b'{"name": "python3"}')
                assert status == 201, body
                kernel_id = json.loads(body)["id"]
                assert call(f"/api/kernels/{kernel_id}", "DELETE")[0] == 204
        finally:
            done.set()
            for lister in listers:
                lister.join()
        failed = [(status, body[:300]) for status, body in answers if status != 200]
        assert not failed, f"{len(failed)} of {len(answers)} kernel lists failed: {failed[:3]}"
        listed = [k for _, body in answers for k in json.loads(body)]
        assert listed, "no list was taken while a kernel was running"
        assert all(k["last_activity"] and k["execution_state"] for k in listed)
