"""Accessibility on every surface a student or instructor sees, with one audit.

``labharness.audit`` runs axe-core 4.14.1 (WCAG 2.0, 2.1 and 2.2 at levels A
and AA, plus best practices) and fails on any violation of impact moderate or
above, printing the minor ones. Surfaces here:

* the offline handouts and the phone-triage card, at desktop (1280 px) and
  phone (390 px) width, opened from disk with nothing else allowed;
* the start page (``START_HERE.ipynb`` opened in JupyterLab);
* the phone-call station of lesson 06, during a call.

Whole lessons in JupyterLab are audited by ``test_lessons_in_browser.py`` and
the RISE slides by ``test_classroom_in_browser.py``, with the same audit. In
JupyterLab only our content is audited (``labharness.LESSON_CONTENT``: rendered
Markdown cells and outputs); JupyterLab's own menus, side bars, cell editors
and heading-fold buttons are its own interface.

Pictures: every picture in a lesson has a text alternative, and the closure
pictures' alternative follows the time control.
"""

from __future__ import annotations

import pytest

from implant_edu.figures.time_axis import duration_label
from implant_edu.tools import handouts as make_handouts
from implant_edu.tools import labharness
from implant_edu.widgets.timeline_explorer import TIME_STEPS_H

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted((labharness.ROOT / "notebooks").glob("*.ipynb"))
WIDTHS = {"desktop": labharness.DESKTOP, "phone": labharness.PHONE}
PAGES = [p.stem for p in NOTEBOOKS] + [make_handouts.TRIAGE_CARD]
STEP_TIMEOUT_MS = labharness.STEP_TIMEOUT_MS


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
@pytest.mark.parametrize("stem", PAGES)
def test_handout(handout_dir, browser, stem, width):
    path = handout_dir / f"{stem}.html"
    page, log = labharness.shared_handout(browser, path, WIDTHS[width])
    result = labharness.audit(page, surface=f"handout {path.name} at {width} width")
    assert not log.blocked, log.blocked
    result.check()


def test_start_page(lab, browser):
    """START_HERE.ipynb as JupyterLab opens it for the first time (not run)."""
    page, _log = labharness.shared_unrun_page(browser, lab, "START_HERE.ipynb")
    labharness.audit(
        page,
        surface="START_HERE.ipynb in JupyterLab",
        context=labharness.LESSON_CONTENT,
        exclude=labharness.LAB_CHROME_IN_CONTENT,
    ).check()


def _lesson(browser, lab, stem):
    page, log, run = labharness.shared_lesson_run(browser, lab, f"notebooks/{stem}.ipynb")
    assert run.ok and not run.unexecuted, f"{stem}: Run All stopped at {run.unexecuted}"
    return page, log


def test_phone_station_during_a_call(lab, browser):
    """Lesson 06's phone-call station after the student has asked a question."""
    page, _log = _lesson(browser, lab, "06_patient_cases")
    station = page.locator(".ie-view", has=page.locator(".ie-phone-transcript")).first
    assert station.count(), "lesson 06 shows no phone-call station (.ie-phone-transcript)"
    transcript = station.locator(".ie-phone-transcript")
    before = transcript.inner_text()
    ask = station.locator(".ie-phone-ask button, button.ie-phone-ask").first
    ask.scroll_into_view_if_needed()
    ask.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([t, b]) => t.innerText !== b",
        arg=[transcript.element_handle(), before],
        timeout=STEP_TIMEOUT_MS,
    )
    result = labharness.audit(
        page,
        surface="06 phone-call station during a call",
        context=".ie-view:has(.ie-phone-transcript)",
    )
    # Back to the start of the call: the other tests share this run.
    station.locator(".ie-phone-restart button, button.ie-phone-restart").first.click()
    # the call starts afresh (headed by which attempt it is)
    page.wait_for_function(
        "([t, b]) => t.innerText.trim().endsWith(b.trim())",
        arg=[transcript.element_handle(), before],
        timeout=STEP_TIMEOUT_MS,
    )
    result.check()


# Pictures in a lesson's outputs and Markdown and their text alternatives:
# <img alt>, or an <svg> named by role=img with aria-label / <title>.
PICTURES_JS = """
(root) => [...document.querySelectorAll(root)].flatMap(r => [...r.querySelectorAll('img, svg')])
  .filter(e => !e.parentElement.closest('svg') && e.checkVisibility())
  .filter(e => e.tagName !== 'svg' || e.getBoundingClientRect().width > 40)
  .map(e => ({
    tag: e.tagName.toLowerCase(),
    hidden: e.getAttribute('aria-hidden') === 'true' || e.getAttribute('role') === 'presentation',
    name: e.tagName === 'IMG' ? (e.getAttribute('alt') || '')
          : (e.getAttribute('aria-label')
             || (e.querySelector(':scope > title') || {}).textContent || ''),
    role: e.getAttribute('role') || '',
    where: (e.closest('.ie-view, .jp-Cell') || e).className.toString().slice(0, 60),
  }))
"""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_picture_has_a_text_alternative(lab, browser, path):
    page, _log = _lesson(browser, lab, path.stem)
    pictures = page.evaluate(PICTURES_JS, labharness.LESSON_CONTENT)
    unnamed = [p for p in pictures if not p["hidden"] and len(p["name"].strip()) < 8]
    assert not unnamed, f"{path.stem}: pictures without a text alternative: {unnamed[:6]}"
    wrong_role = [
        p for p in pictures if p["tag"] == "svg" and not p["hidden"] and p["role"] != "img"
    ]
    assert not wrong_role, f"{path.stem}: <svg> pictures not marked role=img: {wrong_role[:6]}"


# The text alternative of each visible closure picture (the cross-section and
# the patient's view in the explorer's visible frame, and the curve's marker).
CLOSURE_ALT_JS = """
(view) => {
  const shown = (stack) => [...stack.children].find(c => c.checkVisibility());
  const frame = shown(view.querySelector('.ie-figure'));
  const marker = shown(view.querySelector('.ie-curve-markers'));
  const alt = (svg) => [svg.getAttribute('aria-label') || '',
                        (svg.querySelector(':scope > title') || {}).textContent || '',
                        (svg.querySelector(':scope > desc') || {}).textContent || ''].join(' | ');
  return [...frame.querySelectorAll('svg'), ...marker.querySelectorAll('svg')]
    .filter(s => !s.parentElement.closest('svg')).map(alt);
}
"""


def test_closure_pictures_say_what_they_show(lab, browser):
    """Moved by the keyboard, the closure pictures' text alternatives name the
    time shown and change with it."""
    page, _log = _lesson(browser, lab, "04_gum_closure_timeline")
    view = page.evaluate_handle(
        "() => document.querySelector('.ie-curve-box').closest('.ie-view')"
    ).as_element()
    handle = view.query_selector(".ie-control .noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.keyboard.press("Home")
    seen = []
    for step, hours in enumerate(TIME_STEPS_H[:6]):
        if step:
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            f"([v, want]) => ({CLOSURE_ALT_JS})(v).every(a => a.includes(want))",
            arg=[view, duration_label(hours)],
            timeout=STEP_TIMEOUT_MS,
        )
        alts = view.evaluate(CLOSURE_ALT_JS)
        assert len(alts) >= 3, f"expected the cross-section, the mouth view and the marker: {alts}"
        seen.append(tuple(alts))
    assert len(set(seen)) == len(seen), "the text alternatives did not change with the time"
    page.keyboard.press("Home")
