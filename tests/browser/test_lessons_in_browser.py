"""Every lesson in a real JupyterLab in headless Chromium.

For each ``notebooks/*.ipynb`` (found when the tests are collected): Run All,
then check that it ran clean (no stderr, no traceback, no console or page
error, no request off this machine), that every widget view rendered, that
every control does what the DOM contract (docs/CONVENTIONS.md) promises when a
student moves it with the keyboard or the mouse, and that the lesson outputs
pass the course's accessibility audit (labharness.audit). Screenshots of each
lesson just after Run All, before any test moves a control, go to
``artifacts/screenshots/`` (labharness.shared_lesson_run).
"""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from implant_edu.tools import labharness

NOTEBOOKS = sorted((labharness.ROOT / "notebooks").glob("*.ipynb"))
STEP_TIMEOUT_MS = labharness.STEP_TIMEOUT_MS

pytestmark = pytest.mark.browser

FINGERPRINT_JS = labharness.FINGERPRINT_JS
STAGE_JS = labharness.STAGE_JS
CHANGED_JS = labharness.CHANGED_JS

CONTROL_KIND_JS = """
(c) => {
  if (c.querySelector('.noUi-handle')) return 'slider';
  if (c.classList.contains('widget-toggle-buttons')) return 'toggle-buttons';
  if (c.classList.contains('widget-toggle-button')) return 'toggle-button';
  if (c.classList.contains('widget-radio')) return 'radio';
  if (c.classList.contains('widget-dropdown') || c.querySelector('select')) return 'dropdown';
  if (c.querySelector('input[type=checkbox]')) return 'checkbox';
  if (c.tagName === 'BUTTON') return 'button';
  return 'other';
}
"""
DISABLED_JS = """
(c) => c.matches('[disabled]') || !!c.querySelector('[disabled]')
       || c.classList.contains('mod-disabled')
"""
LABEL_JS = """
(c) => c.querySelector('.widget-label')?.innerText?.trim() || c.innerText.trim().slice(0, 40)
"""

# Keyboard reachability and accessible names of every .ie-control (axe must
# be injected: its own name computation is used).
CONTROL_A11Y_JS = """
() => {
  const FOCUSABLE = 'input, button, select, textarea, [tabindex]';
  axe.setup(document);
  const problems = [];
  try {
    for (const c of document.querySelectorAll('.ie-control')) {
      const label = c.querySelector('.widget-label')?.innerText?.trim()
                    || c.innerText.trim().slice(0, 40);
      const own = c.matches(FOCUSABLE) ? [c] : [];
      const targets = [...own, ...c.querySelectorAll(FOCUSABLE)]
        .filter(e => !(e.disabled || e.closest('[disabled]')));
      if (c.matches('[disabled]') || c.querySelector('[disabled]')) {
        if (targets.length === 0) continue;  // a disabled control is not expected to focus
      }
      const reachable = targets.filter(e => e.tabIndex >= 0);
      if (reachable.length === 0) {
        problems.push(`"${label}" (${c.className}): nothing in it is keyboard-focusable`);
        continue;
      }
      for (const e of reachable) {
        const v = axe.utils.getNodeFromTree(e);
        const name = v ? axe.commons.text.accessibleTextVirtual(v).trim() : '';
        if (!name) {
          problems.push(`"${label}": <${e.tagName.toLowerCase()} class="${e.className}"`
                        + ` role="${e.getAttribute('role') || ''}"> has no accessible name`);
        }
      }
    }
  } finally {
    axe.teardown();
  }
  return problems;
}
"""


class Lesson:
    def __init__(self, path, page, log, run):
        self.path = path
        self.page = page
        self.log = log
        self.run = run

    @property
    def views(self):
        return self.page.locator(".jp-Notebook .ie-view")


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def lesson(request, lab, browser):
    """Each lesson run once for the session (labharness.shared_lesson_run, which
    also takes its screenshots just after Run All): the accessibility, keyboard
    and link tests check the same run."""
    path = request.param
    page, log, run = labharness.shared_lesson_run(
        browser, lab, path.relative_to(labharness.ROOT).as_posix()
    )
    page.evaluate("() => window.jupyterapp.shell.currentWidget.content.node.scrollTo(0, 0)")
    return Lesson(path, page, log, run)


def test_shows_everything_before_it_runs(lesson):
    """A student opens a lesson before running it, so JupyterLab does not trust
    it yet: every picture must still show, and each widget output its text
    description (the widgets themselves need the kernel). Looked at in the
    lesson's shared run just before Run All (labharness.open_and_run)."""
    path, before = lesson.path, lesson.run.before
    assert before is not None, f"{path.name}: the shared run did not look before Run All"
    assert not before.shown["broken"], f"{path.name}: pictures not shown: {before.shown['broken']}"
    assert not before.shown["problems"], f"{path.name}: {before.shown['problems']}"
    stored = labharness.stored_pictures(path)
    assert before.shown["pictures"] >= stored, (
        f"{path.name}: {before.shown['pictures']} of {stored} pictures"
    )
    missing = [alt for alt in labharness.widget_text_alternatives(path) if alt not in before.text]
    assert not missing, f"{path.name}: widget outputs without their text description: {missing}"


def test_lessons_exist():
    assert NOTEBOOKS, "no notebooks/*.ipynb to test"


def test_runs_clean(lesson):
    page = lesson.page
    assert lesson.run.ok and not lesson.run.unexecuted, (
        f"{lesson.path.name}: Run All stopped; code cells not executed: {lesson.run.unexecuted}"
    )
    stderr = page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_inner_texts()
    assert not stderr, f"{lesson.path.name}: stderr output after Run All:\n" + "\n".join(stderr)
    text = page.locator(".jp-Notebook .jp-OutputArea").all_inner_texts()
    tracebacks = [t for t in text if re.search(r"Traceback \(most recent call last\)|Error:", t)]
    assert not tracebacks, f"{lesson.path.name}: traceback in the outputs:\n" + "\n".join(
        t[:800] for t in tracebacks
    )
    assert not lesson.log.problems(), "\n".join(lesson.log.problems())


def test_widgets_render(lesson):
    page = lesson.page
    notebook_text = page.locator(".jp-Notebook").inner_text()
    for bad in ("Loading widget...", "Error displaying widget", "Model not found"):
        assert bad not in notebook_text, f"{lesson.path.name}: {bad!r} in the notebook"
    widget_outputs = page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]'
    )
    n = widget_outputs.count()
    if n:
        empty = [
            i
            for i, out in enumerate(widget_outputs.all())
            if out.evaluate("e => e.querySelector('.jupyter-widgets') === null")
        ]
        assert not empty, f"{lesson.path.name}: widget outputs {empty} rendered nothing"
        assert lesson.views.count() > 0, (
            f"{lesson.path.name}: {n} widget outputs but no .ie-view (DOM contract)"
        )


def _wait_changed(page, view, before, what):
    try:
        page.wait_for_function(CHANGED_JS, arg=[view, before], timeout=STEP_TIMEOUT_MS)
    except PlaywrightTimeoutError as error:
        raise AssertionError(f"{what}: the view's figure did not change") from error


def _settle(page, view, quiet_ms=150):
    """Wait until the view's figure stops changing and the kernel is idle
    (kernel-driven updates); return its fingerprint. A view still changing
    after STEP_TIMEOUT_MS is left as it is: the caller's checks say what is wrong."""
    with contextlib.suppress(PlaywrightTimeoutError):
        labharness.wait_until_still(page, view, quiet_ms)
    return view.evaluate(FINGERPRINT_JS)


def _check_slider(page, view, control, what):
    """Home, ArrowRight, End, Home from the keyboard on the slider's handle.

    The handle's value must follow every key. The figure must show something
    else at the end of the range than at its start, or, when both ends look
    the same (a ranking outside every size range at both ends), at some step
    in between; Home must bring back a change. Returns whether the view's
    .ie-stage text differed between start and end.
    """
    handle = control.query_selector(".noUi-handle")
    value = "h => h.getAttribute('aria-valuenow')"
    at_max = "h => h.getAttribute('aria-valuenow') === h.getAttribute('aria-valuemax')"
    handle.focus()
    page.keyboard.press("Home")
    start = _settle(page, view)
    stage_start = view.evaluate(STAGE_JS)
    v0 = handle.evaluate(value)
    page.keyboard.press("ArrowRight")
    v1 = handle.evaluate(value)
    assert v1 != v0, f"{what}: ArrowRight did not move the slider (value {v0})"
    page.keyboard.press("End")
    assert handle.evaluate(at_max), f"{what}: End did not reach the maximum"
    end = _settle(page, view)
    stage_end = view.evaluate(STAGE_JS)
    if end == start:
        # Both ends look alike: walk the range one step at a time.
        page.keyboard.press("Home")
        _settle(page, view)
        while end == start and not handle.evaluate(at_max):
            page.keyboard.press("ArrowRight")
            end = _settle(page, view)
        assert end != start, f"{what}: the view's figure is the same all along the range"
    page.keyboard.press("Home")
    _wait_changed(page, view, end, f"{what}: Home")
    _settle(page, view)
    return stage_start is not None and stage_end != stage_start


def _enabled_flags(view):
    return view.evaluate(
        f"v => [...v.querySelectorAll('.ie-control')].map(c => !({DISABLED_JS})(c))"
    )


def _check_choice(page, view, control, kind, what):
    """Pick another option (or click), check the figure changed, test the
    controls this enabled, then put the original option back, so that every
    control is tried from the lesson's initial state. Returns whether a
    nested slider changed the .ie-stage text."""
    before = view.evaluate(FINGERPRINT_JS)
    enabled_before = _enabled_flags(view)
    undo = None
    if kind == "toggle-buttons":
        active = control.query_selector("button.mod-active")
        control.query_selector("button:not(.mod-active)").click()
        undo = active.click if active else None
    elif kind == "radio":
        checked = control.query_selector("input[type=radio]:checked")
        control.query_selector("input[type=radio]:not(:checked)").check()
        undo = checked.check if checked else None
    elif kind == "dropdown":
        select = control.query_selector("select")
        current = select.evaluate("s => s.selectedIndex")
        count = select.evaluate("s => s.options.length")
        # the last other option: a first option may be a "choose ..." placeholder
        select.select_option(index=[i for i in range(count) if i != current][-1])
        undo = lambda: select.select_option(index=max(current, 0))  # noqa: E731
    elif kind in ("checkbox", "toggle-button"):
        target = control.query_selector("input[type=checkbox]") or control
        target.click()
        undo = target.click
    else:  # a plain button: no way back
        control.click()
    _wait_changed(page, view, before, f"{what}: {kind}")
    _settle(page, view)
    stage_moved = False
    controls = view.query_selector_all(".ie-control")
    newly = [
        c
        for c, was, now in zip(controls, enabled_before, _enabled_flags(view), strict=True)
        if now and not was
    ]
    for nested in newly:
        label = nested.evaluate(LABEL_JS)
        if nested.evaluate(CONTROL_KIND_JS) == "slider":
            stage_moved |= _check_slider(page, view, nested, f"{what} -> {label!r}")
    if undo is not None:
        undo()
        _settle(page, view)
    return stage_moved


def _check_answer(page, feedback, radio, check, what):
    """Choose ``radio``, press Check; returns the feedback shown. A new choice
    clears the feedback of the answer checked before (the quiz's own rule),
    then Check brings this answer's feedback."""
    radio.check()
    page.wait_for_function("f => f.innerText.trim() === ''", arg=feedback, timeout=STEP_TIMEOUT_MS)
    check.click()
    page.wait_for_function("f => f.innerText.trim() !== ''", arg=feedback, timeout=STEP_TIMEOUT_MS)
    text = feedback.inner_text().strip()
    assert text, f"{what}: .ie-feedback empty after Check"
    return text


def _check_quiz(page, view, name):
    """Every answer of the quiz's first question, one at a time; then one
    answer of every other question, all chosen and checked in one go: each
    question's own radios and Check button must fill its own feedback (a
    Check wired to another question would leave one empty), and the first
    question's feedback stays as it was. tests/test_quiz.py presses every
    answer of every question in the kernel."""
    feedbacks = view.query_selector_all(".ie-feedback")
    boxes = []
    for q, feedback in enumerate(feedbacks, 1):
        box = feedback.evaluate_handle("f => f.parentElement").as_element()
        radios = box.query_selector_all(".ie-control.widget-radio input[type=radio]")
        check = box.query_selector("button.ie-control")
        assert radios and check, (
            f"{name} question {q}: no answer radios or Check button next to .ie-feedback"
        )
        boxes.append((feedback, radios, check))
    first, radios, check = boxes[0]
    what = f"{name} question 1"
    texts = {_check_answer(page, first, radio, check, what) for radio in radios}
    assert len(texts) >= 2, f"{what}: the same feedback for every answer: {texts!r}"
    kept = first.inner_text()
    rest = boxes[1:]
    assert all(not f.inner_text().strip() for f, _, _ in rest), (
        f"{name}: a question other than the first shows feedback before it was checked"
    )
    for _feedback, radios, check in rest:
        radios[0].check()
        check.click()
    try:
        page.wait_for_function(
            "fs => fs.every(f => f.innerText.trim() !== '')",
            arg=[f for f, _, _ in rest],
            timeout=STEP_TIMEOUT_MS,
        )
    except PlaywrightTimeoutError as error:
        empty = [q for q, (f, _, _) in enumerate(rest, 2) if not f.inner_text().strip()]
        raise AssertionError(f"{name}: questions {empty} show no feedback after Check") from error
    assert first.inner_text() == kept, f"{name}: checking the others changed question 1"


def test_interactions(lesson):
    page = lesson.page
    name = lesson.path.name
    views = lesson.views.element_handles()
    moved = 0
    for v, view in enumerate(views, 1):
        if view.query_selector(".ie-quiz-question"):
            _check_quiz(page, view, f"{name} view {v}")
            moved += 1
            continue
        stage_moved = False
        for control in view.query_selector_all(".ie-control"):
            label = control.evaluate(LABEL_JS)
            what = f"{name} view {v} control {label!r}"
            if control.evaluate(DISABLED_JS):
                continue
            kind = control.evaluate(CONTROL_KIND_JS)
            control.scroll_into_view_if_needed()
            if kind == "slider":
                stage_moved |= _check_slider(page, view, control, what)
            else:
                stage_moved |= _check_choice(page, view, control, kind, what)
            moved += 1
        if view.query_selector(".ie-stage") and view.query_selector(".ie-control .noUi-handle"):
            assert stage_moved, f"{name} view {v}: no slider changes the .ie-stage text"
    if views:
        assert moved, f"{name}: views but no enabled control moved"
    assert not lesson.log.problems(), "\n".join(lesson.log.problems())


def test_accessibility(lesson):
    """The course's one audit (labharness.audit: axe-core, WCAG 2.2 A/AA and
    best practices) over the whole lesson as JupyterLab shows it, Markdown
    cells and outputs, after Run All; plus keyboard reach and accessible names
    of every .ie-control. JupyterLab's own interface is not audited."""
    page = lesson.page
    labharness.inject_axe(page)
    control_problems = page.evaluate(CONTROL_A11Y_JS)
    result = labharness.audit(
        page,
        surface=f"{lesson.path.name} in JupyterLab",
        context=labharness.LESSON_CONTENT,
        exclude=labharness.LAB_CHROME_IN_CONTENT,
    )
    assert not control_problems, f"{lesson.path.name}: control problems:\n" + "\n".join(
        control_problems
    )
    result.check()
