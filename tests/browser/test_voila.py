"""The lessons as apps (``make app``): Voilà 0.5 in headless Chromium.

One Voilà for the module, started as ``make app`` starts it
(``implant_edu.tools.app.voila_server``), and one browser page that goes
through the course as a student does: the start page, then every lesson one
after another. On every page nothing is requested from off this machine and
the console stays clean (``labharness.new_page``). Each lesson shows its text,
pictures and widgets and no code, and its widgets are live: a quiz answer is
checked by Python and, where the lesson has one, a slider changes its picture.
In lesson 04 the time control and two controls computed in Python (the clinic
policy, the gum thickness) change the picture. The start page and lesson 04
pass the course's accessibility audit (``labharness.audit``) over the whole
page: a Voilà page has no application interface of its own (no menus, side
bars or cell editors, which ``test_accessibility.py`` leaves out in
JupyterLab), so nothing is left out. Last, the kernels of the lessons left
behind have been shut down, and culling is on for the rest.

Screenshots (1280x800 and 1024x768) go to ``artifacts/screenshots/voila/``;
how long each lesson takes to its first widget and to all of them is printed
(``pytest -s``).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from implant_edu.tools import app, labharness
from implant_edu.tools.student import is_for_instructors

pytestmark = pytest.mark.browser

ROOT = labharness.ROOT
CLOSURE = "04_gum_closure_timeline"
# Lesson 04 last: the closure and audit tests below go on with it as it is open.
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"), key=lambda p: (p.stem == CLOSURE, p))
STEP_TIMEOUT_MS = labharness.STEP_TIMEOUT_MS
LOAD_TIMEOUT_MS = 90_000
DESKTOP = {"width": 1280, "height": 800}
PROJECTOR = {"width": 1024, "height": 768}
TIMINGS: dict[str, tuple[float, float]] = {}


@dataclass
class Served:
    """The running Voilà and where its log goes."""

    server: app.AppServer
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory):
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    with log_path.open("wb") as out, app.voila_server(ROOT, output=out) as server:
        yield Served(server, log_path)


@pytest.fixture(scope="module")
def student(browser):
    """(page, log): one tab for the whole module."""
    context, page, log = labharness.new_page(browser, viewport=DESKTOP)
    try:
        yield page, log
    finally:
        context.close()


@pytest.fixture(scope="module")
def shots(screenshot_dir: Path) -> Path:
    folder = screenshot_dir / "voila"
    folder.mkdir(exist_ok=True)
    return folder


def _no_new_problems(log: labharness.PageLog, seen: int) -> None:
    problems = log.problems()[seen:]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the start page


def test_start_page_lists_every_lesson(voila: Served, student, shots: Path) -> None:
    page, log = student
    page.goto(voila.server.url, wait_until="load")
    links = page.locator("main.ie-start ol a")
    expected = app.lessons(ROOT)
    assert links.all_inner_texts() == [e["title"] for e in expected]
    hrefs = [a.get_attribute("href") for a in links.all()]
    assert hrefs == [f"/voila/render/{e['path']}?token={voila.server.token}" for e in expected]
    page.screenshot(path=shots / "start_1280x800.png")
    page.set_viewport_size(PROJECTOR)
    page.screenshot(path=shots / "start_1024x768.png")
    page.set_viewport_size(DESKTOP)
    result = labharness.audit(page, surface="Voilà start page")
    _no_new_problems(log, 0)
    result.check()


# ---------------------------------------------------------------- every lesson

# Everything the kernel was asked to show is on the page: every widget output
# holds its widgets (a count known from the stored notebook).
RENDERED_JS = """
(want) => {
  const cells = document.querySelector('#rendered_cells');
  if (!cells || cells.style.display === 'none') return false;
  const outputs = [...cells.querySelectorAll('.jp-OutputArea-output')];
  const live = outputs.filter(o => o.querySelector('.jupyter-widgets'));
  return live.length >= want && !cells.innerText.includes('Loading widget');
}
"""
FIRST_WIDGET = "#rendered_cells .jupyter-widgets .ie-control"

# What a student must not see: code, prompts, error output.
SHOWN_JS = """
() => {
  const cells = document.querySelector('#rendered_cells');
  return {
    code: cells.querySelectorAll('.jp-CodeCell .jp-InputArea, .jp-InputPrompt, '
                                 + '.jp-OutputPrompt, .cm-editor, .CodeMirror').length,
    errors: [...cells.querySelectorAll('.jp-OutputArea-output')]
      .filter(o => /stderr|error/.test(o.dataset.mimeType || ''))
      .map(o => o.innerText.slice(0, 300)),
    text: cells.innerText,
  };
}
"""


def _code_lines(path: Path) -> list[str]:
    """The first line of every code cell: none may show on the page."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    firsts = ["".join(c["source"]).strip().splitlines() for c in cells if c["cell_type"] == "code"]
    return [lines[0] for lines in firsts if lines]


def _open_lesson(
    page, voila: Served, path: Path, *, from_start_page: bool = False
) -> tuple[float, float]:
    """Open a lesson by its address, or by its link on the start page (which must be
    open); seconds to its first control and to all its widgets."""
    want = labharness.stored_widget_outputs(path)
    start = time.monotonic()
    if from_start_page:
        title = next(e["title"] for e in app.lessons(ROOT) if e["path"].endswith(path.name))
        page.locator("main.ie-start a", has_text=title).click()
    else:
        page.goto(voila.server.lesson_url(path.relative_to(ROOT).as_posix()), wait_until="commit")
    page.wait_for_selector(FIRST_WIDGET, timeout=LOAD_TIMEOUT_MS)
    first = time.monotonic() - start
    page.wait_for_function(RENDERED_JS, arg=want, timeout=LOAD_TIMEOUT_MS, polling=100)
    return first, time.monotonic() - start


def _check_quiz(page, view, what: str) -> None:
    """Answer the first question and check it: Python writes the feedback."""
    question = view.query_selector(".ie-quiz-question")
    feedback = question.query_selector(".ie-feedback")
    before = feedback.inner_text()
    question.query_selector("input[type=radio]").check()
    question.query_selector("button.ie-quiz-check").click()
    try:
        page.wait_for_function(
            "([f, b]) => f.innerText.trim() !== '' && f.innerText !== b",
            arg=[feedback, before],
            timeout=STEP_TIMEOUT_MS,
        )
    except PlaywrightTimeoutError as error:
        raise AssertionError(f"{what}: Check gave no feedback (is the kernel there?)") from error


def _check_slider(page, view, handle, what: str) -> None:
    """To the other end of the slider by the keyboard: the view's picture changes."""
    before = view.evaluate(labharness.FINGERPRINT_JS)
    handle.scroll_into_view_if_needed()
    handle.focus()
    at_max = handle.evaluate(
        "h => h.getAttribute('aria-valuenow') === h.getAttribute('aria-valuemax')"
    )
    page.keyboard.press("Home" if at_max else "End")
    try:
        page.wait_for_function(labharness.CHANGED_JS, arg=[view, before], timeout=STEP_TIMEOUT_MS)
    except PlaywrightTimeoutError as error:
        raise AssertionError(f"{what}: moving the slider did not change the picture") from error


# The lesson's text in the app, as large as the start page's, in lines of about
# 80 characters (the kit's template; the window is 1280 px wide).
LESSON_TEXT_PX = 17
LINE_EM = 48


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_renders_live(voila: Served, student, path: Path) -> None:
    page, log = student
    seen = len(log.problems())
    first = path == NOTEBOOKS[0]
    if first:
        # The first lesson by its link on the start page, but without the
        # start page's cookies, as in a browser that came straight to a lesson:
        # the lesson must set the _xsrf cookie itself, or its kernel is not
        # shut down when it is left (checked by the last test).
        page.goto(voila.server.url, wait_until="load")
        page.context.clear_cookies()
    TIMINGS[path.stem] = _open_lesson(page, voila, path, from_start_page=first)
    shown = page.evaluate(SHOWN_JS)
    assert shown["code"] == 0, f"{path.name}: {shown['code']} code inputs or prompts shown"
    assert not shown["errors"], f"{path.name}: error output: {shown['errors']}"
    assert "There was an error when executing cell" not in shown["text"]
    shown_code = [line for line in _code_lines(path) if line in shown["text"]]
    assert not shown_code, f"{path.name}: code shown: {shown_code}"
    # What the student copies leave out, the app does not show either.
    for cell in nbformat.read(path, as_version=4).cells:
        if is_for_instructors(cell):
            first_line = cell.source.strip().splitlines()[0][:60]
            assert first_line not in shown["text"], f"{path.name}: instructor cell shown"
    text_px, line_px = page.evaluate(
        "() => { const p = document.querySelector('#rendered_cells .jp-RenderedMarkdown p');"
        " return [parseFloat(getComputedStyle(p).fontSize), p.getBoundingClientRect().width]; }"
    )
    assert text_px >= LESSON_TEXT_PX, f"{path.name}: lesson text {text_px} px"
    assert line_px <= LINE_EM * text_px, f"{path.name}: lines {line_px:.0f} px wide"
    outputs = page.evaluate(labharness.OUTPUTS_SHOWN_JS, "#rendered_cells")
    assert not outputs["problems"], f"{path.name}: {outputs['problems']}"
    assert not outputs["broken"], f"{path.name}: pictures not shown: {outputs['broken']}"
    assert outputs["pictures"] >= labharness.stored_pictures(path), outputs

    views = page.locator("#rendered_cells .ie-view").element_handles()
    quizzes = [v for v in views if v.query_selector(".ie-quiz-question")]
    sliders = [
        (v, h)
        for v in views
        for h in v.query_selector_all(".ie-control .noUi-handle")
        if not h.evaluate("h => !!h.closest('[disabled], .mod-disabled')")
    ][:1]
    assert quizzes or sliders, f"{path.name}: no quiz and no slider to try"
    for view in quizzes[:1]:
        _check_quiz(page, view, path.name)
    for view, handle in sliders:
        _check_slider(page, view, handle, path.name)
    _no_new_problems(log, seen)


# ---------------------------------------------------------------- lesson 04, the closure explorer

EXPLORER_JS = "() => document.querySelector('.ie-curve-box').closest('.ie-view')"
STAGE_NOW_JS = """
(view) => [...view.querySelector('.ie-figure').children].find(c => c.checkVisibility())
  .querySelector('.ie-stage').innerText
"""


def _explorer(page, voila: Served):
    if CLOSURE not in page.url:
        _open_lesson(page, voila, ROOT / "notebooks" / f"{CLOSURE}.ipynb")
    view = page.evaluate_handle(EXPLORER_JS).as_element()
    assert view is not None, "lesson 04 shows no closure explorer"
    return view


def _changes_picture(page, view, act, what: str) -> float:
    """From a still picture, do ``act``; seconds until the explorer's picture shows
    something else (then wait until it is still again)."""
    labharness.wait_until_still(page, view, 300)
    before = view.evaluate(labharness.FINGERPRINT_JS)
    start = time.monotonic()
    act()
    try:
        page.wait_for_function(labharness.CHANGED_JS, arg=[view, before], timeout=STEP_TIMEOUT_MS)
    except PlaywrightTimeoutError as error:
        raise AssertionError(f"lesson 04: {what} did not change the picture") from error
    took = time.monotonic() - start
    labharness.wait_until_still(page, view, 300)
    return took


def _control(view, label: str):
    """The .ie-control whose label starts with ``label``."""
    for control in view.query_selector_all(".ie-control"):
        text = control.evaluate("c => c.querySelector('.widget-label')?.innerText || ''")
        if text.startswith(label):
            return control
    raise AssertionError(f"lesson 04: no control labelled {label!r}")


def test_closure_time_control_changes_the_picture(voila: Served, student, shots: Path) -> None:
    page, log = student
    seen = len(log.problems())
    view = _explorer(page, voila)
    picker = view.query_selector(".ie-step-picker select")
    assert picker is not None, "the time control has no drop-down"
    picker.scroll_into_view_if_needed()
    for label in ("12 h", "3 h"):
        _changes_picture(
            page, view, lambda at=label: picker.select_option(label=at), f"time {label}"
        )
        assert view.evaluate(STAGE_NOW_JS).startswith(label), view.evaluate(STAGE_NOW_JS)
    page.screenshot(path=shots / "04_explorer_1280x800.png")
    _no_new_problems(log, seen)


def test_the_time_control_sticks_flush_to_the_top(voila: Served, student) -> None:
    """Scrolled down to the curve, the time control sits at the very top of the
    page: no strip of the text scrolling by shows above it."""
    page, log = student
    seen = len(log.problems())
    view = _explorer(page, voila)
    view.query_selector(".ie-curve-box").scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    bar = view.query_selector(".ie-stepper").bounding_box()
    scroller = page.evaluate(
        "() => document.querySelector('#rendered_cells').getBoundingClientRect().top"
    )
    assert bar["y"] == pytest.approx(scroller, abs=0.5), (bar, scroller)
    _no_new_problems(log, seen)


@pytest.mark.parametrize("label", ["Clinic policy", "Gum (mucosa) thickness"])
def test_closure_python_control_changes_the_picture(voila: Served, student, label: str) -> None:
    """Controls drawn anew by Python (class ie-needs-kernel): the kernel answers."""
    page, log = student
    seen = len(log.problems())
    view = _explorer(page, voila)
    control = _control(view, label)
    assert "ie-needs-kernel" in (control.get_attribute("class") or "")
    control.scroll_into_view_if_needed()
    if control.query_selector(".noUi-handle"):
        handle = control.query_selector(".noUi-handle")
        handle.focus()
        took = _changes_picture(page, view, lambda: page.keyboard.press("End"), label)
        _changes_picture(page, view, lambda: page.keyboard.press("Home"), label)
    else:
        other = control.query_selector("button:not(.mod-active)")
        active = control.query_selector("button.mod-active")
        took = _changes_picture(page, view, other.click, label)
        _changes_picture(page, view, active.click, label)
    print(f"\nlesson 04 in Voilà: {label} changed the picture in {took:.2f} s")
    _no_new_problems(log, seen)


def test_closure_lesson_accessibility(voila: Served, student, shots: Path) -> None:
    """The course's audit over lesson 04 as Voilà shows it: the whole page."""
    page, _log = student
    _explorer(page, voila)
    page.evaluate("() => document.querySelector('#rendered_cells').scrollTo(0, 0)")
    page.screenshot(path=shots / "04_top_1280x800.png")
    page.set_viewport_size(PROJECTOR)
    page.screenshot(path=shots / "04_top_1024x768.png")
    page.evaluate_handle(EXPLORER_JS).as_element().query_selector(
        ".ie-step-picker"
    ).scroll_into_view_if_needed()
    page.screenshot(path=shots / "04_explorer_1024x768.png")
    page.set_viewport_size(DESKTOP)
    labharness.audit(page, surface="lesson 04 in Voilà").check()


# ---------------------------------------------------------------- kernels


def test_kernels_of_left_lessons_are_shut_down(voila: Served, student) -> None:
    """Leaving a lesson shuts its kernel down (Voilà's own request, let through by
    ``app.keep_xsrf_cookie``); the culler is on for pages that could not say so."""
    page, log = student
    seen = len(log.problems())
    page.goto(voila.server.url, wait_until="load")

    def counts() -> tuple[int, int]:
        text = voila.log()
        return text.count("Kernel started:"), text.count("Kernel shutdown:")

    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    while counts()[1] < counts()[0] and time.monotonic() < deadline:
        time.sleep(0.1)
    started, shut_down = counts()
    text = voila.log()
    assert started >= len(NOTEBOOKS)
    assert shut_down == started, f"{started} kernels started, {shut_down} shut down"
    assert not re.search(r"403 POST /voila/api/shutdown", text)
    timeout = app.CULLING["MappingKernelManager.cull_idle_timeout"]
    interval = app.CULLING["MappingKernelManager.cull_interval"]
    assert (
        f"Culling kernels with idle durations > {timeout} seconds at {interval} second intervals"
        in text
    )
    _no_new_problems(log, seen)
    print("\nVoilà, seconds to the first control / to every widget of each lesson:")
    for stem, (first, ready) in TIMINGS.items():
        print(f"  {stem}: {first:.1f} / {ready:.1f}")
