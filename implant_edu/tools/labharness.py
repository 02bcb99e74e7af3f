"""Start JupyterLab, open and run a notebook in headless Chromium.

Shared by the browser tests (``tests/browser``) and the interaction benchmark
(``benchmarks/bench_notebooks.py``): one way to start the server (with the
same privacy settings as ``make lab``, see ``implant_edu.tools.lab``), one
way to open a notebook and run all its cells. Chromium is found and launched
by ``implant_edu.tools.chromium``. Drives whatever notebooks are there; needs
the test extras (Playwright) only through the page and browser objects it is
handed.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from implant_edu.tools import REPO_ROOT
from implant_edu.tools.lab import lab_command, wait_until_answers, write_lab_config

ROOT = REPO_ROOT
SCREENSHOT_DIR = ROOT / "artifacts" / "screenshots"
"""Where the browser tests leave their screenshots for a person to look at."""
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Console errors JupyterLab itself prints in a fresh, offline profile. Kept
# minimal: add an entry only for a message seen on a clean run with no
# notebook problem, with a comment saying where it comes from. Empty: none
# seen with jupyterlab 4.6.6 / ipywidgets 8.1.9 and the settings below.
BENIGN_CONSOLE: tuple[str, ...] = ()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    root_dir: Path
    port: int
    token: str
    process: subprocess.Popen
    log_path: Path
    state_dir: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, relpath: str) -> str:
        workspace = f"w{uuid.uuid4().hex[:12]}"
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{relpath}?reset&token={self.token}"

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


def _write_settings(settings_dir: Path) -> None:
    """Throw-away user settings: no windowing (every cell stays rendered in the
    DOM, so widgets out of view can be found) and no autosave (a lesson run
    kept open for a whole test session must never be saved over the lesson,
    with new widget model ids and no widget state)."""
    overrides = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    }
    for name, value in overrides.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


def stop_process_group(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Stop a server started in its own process group: SIGTERM, then SIGKILL after ``timeout`` s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@contextlib.contextmanager
def lab_server(root_dir: Path = ROOT, startup_timeout: float = 60.0) -> Iterator[LabServer]:
    """A JupyterLab on 127.0.0.1, random port and token, fresh settings; killed after."""
    state_dir = Path(tempfile.mkdtemp(prefix="ie-lab-"))
    settings_dir = state_dir / "settings"
    workspaces_dir = state_dir / "workspaces"
    workspaces_dir.mkdir(parents=True)
    _write_settings(settings_dir)
    port = _free_port()
    token = secrets.token_hex(24)
    # The same server as ``make lab`` (127.0.0.1, no news, no update checks, no
    # extension manager), on a random port, with a fresh settings folder.
    cmd = [
        *lab_command(root_dir, token=token, port=port, open_browser=False),
        f"--LabApp.user_settings_dir={settings_dir}",
        f"--LabApp.workspaces_dir={workspaces_dir}",
        "--LabApp.expose_app_in_browser=True",
    ]
    env = dict(os.environ)
    env["JUPYTER_CONFIG_DIR"] = str(state_dir / "config")  # no user config leaks in
    write_lab_config(state_dir / "config")
    env["JUPYTER_RUNTIME_DIR"] = str(state_dir / "runtime")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    log_path = state_dir / "server.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        cmd,
        cwd=root_dir,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    server = LabServer(root_dir, port, token, proc, log_path, state_dir)
    try:
        wait_until_answers(
            proc,
            f"{server.base_url}/api/status?token={token}",
            timeout=startup_timeout,
            what="JupyterLab",
            details=server.log_tail,
        )
        yield server
    finally:
        stop_process_group(proc, timeout=10)
        log.close()
        shutil.rmtree(state_dir, ignore_errors=True)


@dataclass
class PageLog:
    """What the page said: console errors, page errors, blocked requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        errors = [m for m in self.console_errors if not any(b in m for b in BENIGN_CONSOLE)]
        return (
            [f"console error: {m}" for m in errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"blocked non-local request: {u}" for u in self.blocked]
        )

    def since(self, mark: tuple[int, int, int]) -> PageLog:
        """A copy of what was logged since ``mark`` (from :meth:`mark`)."""
        fields = (self.console_errors, self.page_errors, self.blocked)
        return PageLog(*(list(f[start:]) for f, start in zip(fields, mark, strict=True)))

    def take_since(self, mark: tuple[int, int, int]) -> PageLog:
        """Move what was logged since ``mark`` (from :meth:`mark`) into a new log."""
        taken = self.since(mark)
        for f, start in zip(
            (self.console_errors, self.page_errors, self.blocked), mark, strict=True
        ):
            del f[start:]
        return taken

    def mark(self) -> tuple[int, int, int]:
        return len(self.console_errors), len(self.page_errors), len(self.blocked)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in ("127.0.0.1", "localhost", "::1")


def is_on_disk(url: str) -> bool:
    """For pages opened from a file: nothing but file: and data: URLs."""
    return urlsplit(url).scheme in ("file", "data")


def new_page(browser, viewport: dict | None = None, allow: Callable[[str], bool] = _is_local):
    """A fresh context and page that aborts and records every request ``allow``
    refuses (by default: every request off this machine)."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 1000})
    page = context.new_page()
    log = PageLog()

    def route(route):
        url = route.request.url
        if allow(url):
            route.continue_()
        else:
            log.blocked.append(url)
            route.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda msg: (
            log.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda err: log.page_errors.append(str(err)))
    return context, page, log


# Visible content of a view's figure (or of the view when it has no figure):
# its rendered text plus the markup of the visible HTML / SVG / image parts
# (a Stack keeps hidden pages in the DOM; they are left out).
FINGERPRINT_JS = """
(view) => {
  // Every figure of the view (a view may show several: pictures, a curve).
  const figs = view.querySelectorAll('.ie-figure');
  const parts = [];
  for (const fig of (figs.length ? figs : [view])) {
    parts.push(fig.innerText);
    for (const e of fig.querySelectorAll('.widget-html-content, img, style')) {
      if (e.tagName === 'STYLE' || e.checkVisibility()) {
        parts.push(e.tagName === 'IMG' ? e.src : e.innerHTML);
      }
    }
  }
  return parts.join('\\u241e');
}
"""
STAGE_JS = "(view) => { const s = view.querySelector('.ie-stage'); return s ? s.innerText : null; }"
# True once the view shows something else than the fingerprint `before`.
CHANGED_JS = f"([view, before]) => ({FINGERPRINT_JS})(view) !== before"
# True once the view's picture has not changed for `ms` milliseconds and, in
# JupyterLab, the lesson's kernel is idle (the kernel's redraw of one setting
# comes as several messages). `token` starts a new wait: pass a fresh one each
# time, so that a stillness measured before an action does not count after it.
STILL_JS = f"""
([view, ms, token]) => {{
  const now = ({FINGERPRINT_JS})(view);
  const kernel = window.jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel;
  const last = window.__ieStill;
  if (!last || last.token !== token || last.fingerprint !== now
      || (kernel && kernel.status !== 'idle')) {{
    window.__ieStill = {{token, fingerprint: now, since: performance.now()}};
    return false;
  }}
  return performance.now() - last.since >= ms;
}}
"""
# How long a step (a key press, a click) may take to show in a view.
STEP_TIMEOUT_MS = 10_000


def wait_until_still(page, view, quiet_ms: int, timeout_ms: int = STEP_TIMEOUT_MS) -> None:
    """Wait until ``view``'s picture has not changed for ``quiet_ms`` (and the
    lesson's kernel is idle, in JupyterLab); Playwright's TimeoutError after
    ``timeout_ms``. ``page`` may be a frame."""
    page.wait_for_function(
        STILL_JS, arg=[view, quiet_ms, uuid.uuid4().hex], timeout=timeout_ms, polling=50
    )


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def stored_widget_outputs(notebook: Path) -> int:
    """How many outputs stored in ``notebook`` are widget views."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(WIDGET_VIEW in out.get("data", {}) for c in cells for out in c.get("outputs", []))


def stored_pictures(notebook: Path) -> int:
    """Pictures outside widgets: <img> and <svg> in HTML outputs, ![...] in Markdown."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    html = sum(
        "".join(out.get("data", {}).get("text/html", "")).count(tag)
        for tag in ("<img", "<svg")
        for c in cells
        for out in c.get("outputs", [])
        if WIDGET_VIEW not in out.get("data", {})
    )
    markdown = sum("".join(c["source"]).count("![") for c in cells if c["cell_type"] == "markdown")
    return html + markdown


def widget_text_alternatives(notebook: Path) -> list[str]:
    """The text/plain stored with each widget output, whitespace collapsed."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        " ".join("".join(out["data"]["text/plain"]).strip("'\"").split())
        for c in cells
        for out in c.get("outputs", [])
        if WIDGET_VIEW in out.get("data", {}) and "text/plain" in out["data"]
    ]


# What a reader sees in the outputs under ``root``: how many show a widget,
# which pictures did not load, and any widget placeholder or error text.
OUTPUTS_SHOWN_JS = """
(root) => {
  const base = document.querySelector(root);
  const outputs = [...base.querySelectorAll('.jp-OutputArea-output')];
  const text = base.innerText;
  const pictures = [...base.querySelectorAll(
      '.jp-OutputArea-output img, .jp-MarkdownOutput img, .jp-OutputArea-output svg')]
    .filter(e => !e.closest('.jupyter-widgets') && !e.parentElement.closest('svg'));
  return {
    widgets: outputs.filter(o => o.querySelector('.jupyter-widgets')).length,
    pictures: pictures.length,
    broken: pictures.filter(i => i.tagName === 'IMG' && !(i.complete && i.naturalWidth > 0))
                    .map(i => (i.alt || i.src).slice(0, 80)),
    problems: ['Loading widget...', 'Error displaying widget', 'Model not found',
               'Cannot display an untrusted SVG'].filter(t => text.includes(t)),
  };
}
"""


RUN_ALL_JS = """
async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session.kernel;
  const t0 = Date.now();
  while (kernel.status !== 'idle' && Date.now() - t0 < 60000) {
    await new Promise(r => setTimeout(r, 50));
  }
  // Resolves when execution is over; false when a cell failed and Run All stopped.
  const ok = await app.commands.execute('notebook:run-all-cells');
  return ok !== false;
}
"""

EXECUTED_JS = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  if ([...panel.node.querySelectorAll('.jp-InputPrompt')]
        .some(p => p.textContent.includes('*'))) return false;
  const text = panel.node.innerText;
  return !text.includes('Loading widget...');
}
"""


UNEXECUTED_JS = """
() => window.jupyterapp.shell.currentWidget.content.widgets
  .map((c, i) => [i + 1, c.model.type, c.model.executionCount])
  .filter(([, type, count]) => type === 'code' && count === null)
  .map(([i]) => i)
"""


# Every picture in the notebook's outputs and Markdown has finished loading.
PICTURES_LOADED_JS = """
() => [...document.querySelectorAll('.jp-Notebook img')].every(i => i.complete)
"""


@dataclass
class BeforeRun:
    """What a notebook showed when it was opened, before Run All: JupyterLab
    does not trust it yet, so widgets show their stored text description."""

    shown: dict  # OUTPUTS_SHOWN_JS over the notebook: widgets, pictures, broken, problems
    text: str  # the notebook's text as shown, whitespace collapsed


@dataclass
class RunResult:
    ok: bool  # Run All went through every cell without an error
    unexecuted: list[int]  # 1-based indices of code cells with no execution count
    before: BeforeRun | None = None  # what it showed before Run All, if looked at


def open_and_run(
    page, server: LabServer, relpath: str, timeout_ms: int = 120_000, *, look_first: bool = False
) -> RunResult:
    """Open a notebook in a fresh workspace, run all cells, wait for idle and widgets.

    With ``look_first``, first wait for its pictures and record what it shows
    before it runs (``RunResult.before``), as a student sees a lesson just opened.
    """
    page.goto(server.notebook_url(relpath), wait_until="domcontentloaded")
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext",
        timeout=timeout_ms,
    )
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout_ms)
    before = None
    if look_first:
        page.wait_for_function(PICTURES_LOADED_JS, timeout=30_000, polling=100)
        page.wait_for_timeout(500)  # let the outputs settle
        before = BeforeRun(
            shown=page.evaluate(OUTPUTS_SHOWN_JS, ".jp-Notebook"),
            text=" ".join(page.locator(".jp-Notebook").inner_text().split()),
        )
    ok = page.evaluate(RUN_ALL_JS)
    page.wait_for_function(EXECUTED_JS, timeout=timeout_ms, polling=100)
    page.wait_for_timeout(300)  # let the last widget views attach and lay out
    return RunResult(ok=bool(ok), unexecuted=page.evaluate(UNEXECUTED_JS), before=before)


COURSE_FILES = ("START_HERE.ipynb", "README.md", "notebooks", "instructor", "assets", "docs")
"""What a lesson opened in JupyterLab may open or link: the same layout as the
repository, so that every relative link and picture resolves in a copy."""


def copy_course(destination: Path, root: Path = ROOT) -> Path:
    """Copy the course (:data:`COURSE_FILES`) from ``root`` into ``destination``
    and return it.

    The browser tests serve such a copy: RISE's slideshow saves the notebook it
    shows (new widget ids in the outputs and no widget state), which must never
    happen to the lessons themselves, and scratch notebooks go beside it.
    """
    destination.mkdir(parents=True, exist_ok=True)
    for name in COURSE_FILES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, destination / name, dirs_exist_ok=True)
        elif source.is_file():
            shutil.copy2(source, destination / name)
    return destination


def scratch_notebook(server: LabServer, name: str, cells: list[str]) -> str:
    """Write a notebook of ``cells`` into the served folder's ``scratch/`` (one
    folder down, as the lessons are) and return its path for the server."""
    folder = server.root_dir / "scratch"
    folder.mkdir(parents=True, exist_ok=True)
    write_notebook(folder / name, cells)
    return f"scratch/{name}"


# ---------------------------------------------------------------- slides

SLIDESHOW_FRAME = "iframe[src*='/rise/']"
"""RISE:preview's slideshow: an iframe in a panel beside the notebook."""
SLIDES_ROOT = ".reveal .slides"
CLOSE_SLIDES_JS = """
([notebookId, frame]) => {
  const app = window.jupyterapp;
  for (const w of [...app.shell.widgets('main')]) {
    if (w.node.querySelector(frame)) w.close();
  }
  app.shell.activateById(notebookId);
}
"""


@contextlib.contextmanager
def rise_slides(page, log: PageLog, widgets: int, *, close: bool = True):
    """Show the notebook that ran in ``page`` as RISE slides, from its first cell.

    Yields (the slideshow's iframe element, its frame, the slideshow's
    :class:`PageLog`). Waits for ``widgets`` widget views on the slides; on a
    time out the caller's checks say what is missing. The slides share the
    notebook's kernel, so its widgets stay live. With ``close`` (for a page
    that goes on being used) the panel is closed afterwards, the notebook is
    the current widget again, and what was logged meanwhile is moved out of
    ``log`` into the yielded log once the block ends; without it, the yielded
    log is ``log``. RISE:preview saves the notebook first: run it only on a
    copy of a lesson.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    mark = log.mark()
    slides_log = PageLog() if close else log
    notebook_id = page.evaluate(
        "() => { const nb = window.jupyterapp.shell.currentWidget;"
        " nb.content.activeCellIndex = 0; return nb.id; }"
    )
    try:
        page.evaluate("() => window.jupyterapp.commands.execute('RISE:preview')")
        frame_element = page.wait_for_selector(SLIDESHOW_FRAME, timeout=30_000)
        frame = frame_element.content_frame()
        frame.wait_for_selector(".reveal .slides section.present", timeout=30_000)
        # The slides come first, the widgets after them (their state comes
        # from the kernel).
        with contextlib.suppress(PlaywrightTimeoutError):
            frame.wait_for_function(
                f"n => ({OUTPUTS_SHOWN_JS})('{SLIDES_ROOT}').widgets >= n",
                arg=widgets,
                timeout=30_000,
                polling=100,
            )
        frame.evaluate("() => window.focus()")
        yield frame_element, frame, slides_log
    finally:
        if close:
            page.evaluate(CLOSE_SLIDES_JS, [notebook_id, SLIDESHOW_FRAME])
            page.wait_for_selector(SLIDESHOW_FRAME, state="detached", timeout=10_000)
            taken = log.take_since(mark)
            slides_log.console_errors += taken.console_errors
            slides_log.page_errors += taken.page_errors
            slides_log.blocked += taken.blocked


def write_notebook(path: Path, cells: list[str]) -> None:
    """A minimal nbformat 4 notebook with the given code cells and no outputs."""
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"c{i}",
                "metadata": {},
                "outputs": [],
                "source": src,
            }
            for i, src in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb, indent=1))


# ---------------------------------------------------------------- accessibility

AXE_VERSION = "4.14.1"
AXE_TAGS = (
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22a",
    "wcag22aa",
    "best-practice",
)
"""WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe-core's best practices."""
FAILING_IMPACTS = ("moderate", "serious", "critical")
"""An audit fails on these; ``minor`` findings are listed, not failed."""

NOTEBOOK_CONTENT = ".jp-NotebookPanel .jp-Notebook"
"""What of JupyterLab is ours: the notebook's cells (Markdown and outputs).
Its menus, side bars, tabs and status bar are JupyterLab's own interface."""
LESSON_CONTENT = (
    ".jp-NotebookPanel .jp-Cell .jp-MarkdownOutput, .jp-NotebookPanel .jp-OutputArea-output"
)
"""Our content in a notebook: every rendered Markdown cell and every output."""
LAB_CHROME_IN_CONTENT = (".jp-collapseHeadingButton",)
"""JupyterLab's own controls drawn inside our content (the button that folds a
heading's section): left out of the audit."""
SLIDES_CONTENT = ".reveal .slides .jp-MarkdownOutput, .reveal .slides .jp-OutputArea-output"
"""What of a RISE slideshow is ours: the rendered Markdown and the outputs on
the slides (not reveal.js's controls, nor the cells' code editors and the
cell list that RISE takes over from JupyterLab)."""

AXE_AUDIT_JS = """
async ([include, exclude, tags, version]) => {
  if (axe.version !== version) {
    return {error: `axe-core ${axe.version} loaded, ${version} expected`};
  }
  const context = include ? {include: [...document.querySelectorAll(include)]} : document;
  if (include && context.include.length === 0) {
    return {error: `nothing matches ${include}`};
  }
  if (include && exclude.length) context.exclude = exclude.map(s => [s]);
  const result = await axe.run(context, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return {violations: result.violations.map(v => ({
    id: v.id, impact: v.impact || 'minor', help: v.help, url: v.helpUrl,
    nodes: v.nodes.map(n => n.target.join(' ') + ' :: '
                              + (n.failureSummary || '').replace(/\\s+/g, ' ')
                              + ' :: ' + n.html.slice(0, 160)),
  }))};
}
"""


@dataclass
class AuditResult:
    """What axe-core found on one surface."""

    surface: str
    violations: list[dict]

    @property
    def failing(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] in FAILING_IMPACTS]

    @property
    def minor(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] not in FAILING_IMPACTS]

    @staticmethod
    def _lines(violations: list[dict], nodes: int = 6) -> list[str]:
        lines = []
        for v in violations:
            lines.append(f"axe {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes)")
            lines += [f"    {n}" for n in v["nodes"][:nodes]]
        return lines

    def report(self) -> str:
        return "\n".join([f"{self.surface}:", *self._lines(self.violations)])

    def check(self) -> None:
        """Print minor findings; fail on any of impact moderate or above."""
        if self.minor:
            print(f"{self.surface}: minor accessibility findings (listed, not failed):")
            print("\n".join(self._lines(self.minor, nodes=3)))
        if self.failing:
            raise AssertionError(
                f"{self.surface}: axe-core {AXE_VERSION} (WCAG 2.2 A/AA and best practices)"
                " found violations of impact moderate or above:\n"
                + "\n".join(self._lines(self.failing))
            )


def inject_axe(target) -> None:
    """Load axe-core into a Playwright page or frame (inline: no request)."""
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} missing: run `make browser-deps` (npm ci) first")
    if not target.evaluate("() => typeof axe !== 'undefined'"):
        target.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))


def audit(target, *, surface: str, context: str | None = None, exclude=()) -> AuditResult:
    """Run the course's one accessibility audit on a page or frame.

    axe-core (``node_modules/axe-core``, version :data:`AXE_VERSION`) with the
    rules tagged :data:`AXE_TAGS`, over the elements matching the CSS selector
    ``context`` (the whole document when ``None``), leaving out the selectors
    in ``exclude``. Call ``.check()`` on the result to fail on any violation of
    impact moderate or above and print the minor ones.
    """
    inject_axe(target)
    found = target.evaluate(AXE_AUDIT_JS, [context, list(exclude), list(AXE_TAGS), AXE_VERSION])
    if "error" in found:
        raise AssertionError(f"{surface}: {found['error']}")
    return AuditResult(surface, found["violations"])


# ---------------------------------------------------------------- shared lesson runs

_KEPT_OPEN: dict[tuple, tuple] = {}


def _kept_open(key: tuple, open_: Callable[[], tuple]) -> tuple:
    """What ``open_()`` returned the first time it was asked for under ``key``:
    a page opened once and kept open for the whole test session, shared by
    the tests that look at it. Its context closes with the browser."""
    if key not in _KEPT_OPEN:
        _KEPT_OPEN[key] = open_()
    return _KEPT_OPEN[key]


def lesson_screenshots(page, stem: str, directory: Path = SCREENSHOT_DIR) -> None:
    """``STEM.png`` (the top of the lesson) and ``STEM-viewN.png`` (each widget
    view) in ``directory``; the lesson is left scrolled to its top."""
    directory.mkdir(parents=True, exist_ok=True)
    scroll_top = "() => window.jupyterapp.shell.currentWidget.content.node.scrollTo(0, 0)"
    page.evaluate(scroll_top)
    page.screenshot(path=directory / f"{stem}.png")
    height = page.viewport_size["height"]
    for i, view in enumerate(page.locator(".jp-Notebook .ie-view").all()):
        shot = directory / f"{stem}-view{i + 1}.png"
        box = view.bounding_box()
        if box is not None and box["height"] <= height:
            view.screenshot(path=shot)
        else:
            # Taller than the window: an element screenshot of JupyterLab's own
            # scroller comes out garbled, so take the window with the view's top.
            view.evaluate("v => v.scrollIntoView({block: 'start'})")
            page.screenshot(path=shot)
    page.evaluate(scroll_top)


def shared_unrun_page(browser, server: LabServer, relpath: str):
    """(page, log) of ``relpath`` opened in JupyterLab and not run (the start
    page as a student first sees it), once per browser and server for the
    session, for tests that only look at it."""

    def open_() -> tuple:
        _context, page, log = new_page(browser)
        page.goto(server.notebook_url(relpath), wait_until="domcontentloaded")
        page.wait_for_selector(".jp-Notebook .jp-MarkdownOutput", timeout=60_000)
        page.wait_for_function(PICTURES_LOADED_JS, timeout=30_000, polling=100)
        page.wait_for_timeout(500)  # let the Markdown settle
        return page, log

    return _kept_open(("unrun", id(browser), id(server), relpath), open_)


def shared_lesson_run(browser, server: LabServer, relpath: str, viewport: dict | None = None):
    """(page, log, run) of ``relpath`` run once per browser and server and kept
    open for the whole test session, so that several test modules check the
    same run instead of running the lesson again (``run.before`` is what it
    showed before it ran). The context closes with the browser."""

    def open_() -> tuple:
        _context, page, log = new_page(browser, viewport=viewport)
        run = open_and_run(page, server, relpath, look_first=True)
        # What a student sees after Run All, before any test moves a control.
        lesson_screenshots(page, Path(relpath).stem)
        return page, log, run

    return _kept_open(("run", id(browser), id(server), relpath), open_)


# ---------------------------------------------------------------- shared handout pages

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HANDOUT_RENDERED_JS = """
() => {
  const views = [...document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]')];
  return views.every(s => {
    const area = s.previousElementSibling;
    return area && area.classList.contains('widget-subarea') && area.childElementCount > 0;
  });
}
"""
"""Every saved widget view of an offline handout has been rendered (the embed
script inserts a filled .widget-subarea before each view's <script> tag)."""


def shared_handout(browser, path: Path, viewport: dict):
    """(page, log) of the offline handout ``path`` opened from disk at
    ``viewport``, once per browser for the whole session, for tests that
    only look at it (a test that moves a control opens its own). Every
    request but ``file:`` and ``data:`` is aborted and logged, and so is any
    websocket. Waits until the widgets rendered; on a time out the callers'
    checks say what did not. The context closes with the browser."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    def open_() -> tuple:
        _context, page, log = new_page(browser, viewport=viewport, allow=is_on_disk)
        page.on("websocket", lambda ws: log.blocked.append(ws.url))
        page.goto(path.as_uri(), wait_until="load")
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function(HANDOUT_RENDERED_JS, timeout=STEP_TIMEOUT_MS, polling=100)
        page.wait_for_timeout(200)  # let the last views lay out
        return page, log

    key = ("handout", id(browser), str(path), viewport["width"], viewport["height"])
    return _kept_open(key, open_)
