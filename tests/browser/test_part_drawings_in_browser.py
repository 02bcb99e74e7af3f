"""The drawings of the parts as students see them in JupyterLab.

Lesson 02 shows the line-up (every part at one scale, with a mm ruler),
lesson 03 the parts table and the triage explorer, each part with a
thumbnail at the thumbnails' common scale. These tests check the same lesson
runs as test_lessons_in_browser.py (labharness.shared_lesson_run): every
drawing loads, is large enough to read, keeps its true proportions, and the
triage explorer shows the drawing of the part it names.
"""

from __future__ import annotations

import re

import pytest

from implant_edu.figures.part_drawings import LABEL_FONT, parts_lineup_svg
from implant_edu.parts import catalogue
from implant_edu.tools import labharness

pytestmark = pytest.mark.browser

PARTS_LESSON = "notebooks/02_parts_of_an_implant.ipynb"
TRIAGE_LESSON = "notebooks/03_something_fell_out.ipynb"
MIN_LABEL_PX = 10.0  # the line-up's labels at the size they are drawn on screen

# Each image's drawn size and its picture's own size.
IMAGES_JS = """
(imgs) => imgs.map(i => ({alt: i.alt, complete: i.complete, natural: [i.naturalWidth,
  i.naturalHeight], shown: [i.getBoundingClientRect().width, i.getBoundingClientRect().height]}))
"""


def _images(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(IMAGES_JS)


def test_lineup_shows_every_part_readably(lab, browser, screenshot_dir):
    page, log, run = labharness.shared_lesson_run(browser, lab, PARTS_LESSON)
    assert run.ok, "lesson 02 did not run"
    lineup = page.locator(".ie-parts-lineup").first
    lineup.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.ie-parts-lineup img')].every(i => i.complete)",
        timeout=labharness.STEP_TIMEOUT_MS,
    )
    lineup.screenshot(path=screenshot_dir / "parts-lineup.png")
    images = _images(page, ".ie-parts-lineup img")
    assert images, "lesson 02 shows no line-up of the parts"
    for image in images:
        assert image["natural"][0] > 0, "the line-up picture did not load"
        view_w, view_h = (
            float(v)
            for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', parts_lineup_svg()).groups()
        )
        shown_w, shown_h = image["shown"]
        # Not stretched: the picture keeps its proportions, so the ruler stays true.
        assert shown_h / shown_w == pytest.approx(view_h / view_w, rel=0.02)
        label_px = LABEL_FONT * shown_w / view_w
        assert label_px >= MIN_LABEL_PX, f"line-up labels are {label_px:.1f} px on screen"
        named = [
            item.name for item in catalogue().values() if item.name.lower() in image["alt"].lower()
        ]
        assert len(named) >= 6, f"the line-up's text alternative names only {named}"
    assert not log.problems(), "\n".join(log.problems())


def test_thumbnails_keep_one_scale(lab, browser):
    """The parts table's thumbnails share one height, so their widths keep the
    parts' true proportions (the picture's own width over its height)."""
    page, log, run = labharness.shared_lesson_run(browser, lab, TRIAGE_LESSON)
    assert run.ok, "lesson 03 did not run"
    images = _images(page, "table .ie-part-thumbnail")
    assert len(images) >= 6, f"the parts table shows {len(images)} drawings"
    heights = {round(i["shown"][1]) for i in images}
    assert len(heights) == 1, f"thumbnails drawn at different heights: {sorted(heights)}"
    for image in images:
        (nat_w, nat_h), (shown_w, shown_h) = image["natural"], image["shown"]
        assert image["complete"] and nat_w > 0, f"a thumbnail did not load: {image['alt'][:60]}"
        assert shown_w / shown_h == pytest.approx(nat_w / nat_h, rel=0.03), image["alt"][:60]
        assert "same scale" in image["alt"], image["alt"][:60]
    assert not log.problems(), "\n".join(log.problems())


def test_triage_result_shows_the_named_part(lab, browser, screenshot_dir):
    """An answer in the triage explorer brings a ranked list, each part with its drawing."""
    page, log, run = labharness.shared_lesson_run(browser, lab, TRIAGE_LESSON)
    assert run.ok, "lesson 03 did not run"
    explorer = page.locator(".ie-triage-explorer").first
    explorer.scroll_into_view_if_needed()
    # "Short, rounded, polished top?": the student describes the part in hand.
    row = explorer.locator(".widget-toggle-buttons", has_text="polished top")
    assert row.count() == 1, "the triage explorer does not ask about the part's top"
    row.locator("button", has_text=re.compile(r"^\s*yes\s*$")).click()
    candidates = explorer.locator(".ie-triage-candidate")
    candidates.first.wait_for(timeout=labharness.STEP_TIMEOUT_MS)
    page.wait_for_function(
        "(v) => [...v.querySelectorAll('.ie-triage-candidate img')].every(i => i.complete)",
        arg=explorer.element_handle(),
        timeout=labharness.STEP_TIMEOUT_MS,
    )
    explorer.locator(".ie-triage-ranking").screenshot(
        path=screenshot_dir / "triage-with-drawings.png"
    )
    names = {key: item.name for key, item in catalogue().items()}
    for candidate in candidates.all():
        key = candidate.get_attribute("data-part")
        image = _images(candidate, "img.ie-part-thumbnail")
        assert len(image) == 1, f"{key}: no drawing beside the name"
        assert image[0]["natural"][0] > 0, f"{key}: its drawing did not load"
        assert names[key].lower() in image[0]["alt"].lower(), f"{key}: drawing of another part"
    # Back to "not seen", as the other tests of this shared run expect.
    row.locator("button", has_text=re.compile(r"^\s*not seen\s*$")).click()
    explorer.locator(".ie-triage-candidate").first.wait_for(
        state="detached", timeout=labharness.STEP_TIMEOUT_MS
    )
    assert not log.problems(), "\n".join(log.problems())


# Per grid of triage questions: its height, the rows' heights, and in how many
# columns the questions stand.
QUESTION_GRIDS_JS = """
(view) => [...view.querySelectorAll('.ie-questions')].map(grid => {
  const questions = [...grid.querySelectorAll('.ie-question')];
  return {
    height: grid.getBoundingClientRect().height,
    heights: questions.map(q => q.getBoundingClientRect().height),
    columns: new Set(questions.map(q => Math.round(q.getBoundingClientRect().left))).size,
  };
})
"""
ACTIVE_BACKGROUND_JS = (
    "(q) => getComputedStyle(q.querySelector('button.mod-active')).backgroundColor"
)


def test_triage_questions_stand_side_by_side_and_real_answers_stand_out(lab, browser):
    """In one column the sixteen questions put the answer a screen below the first;
    a question left as it is ("not seen") is drawn outlined, a real answer dark."""
    page, log, run = labharness.shared_lesson_run(browser, lab, TRIAGE_LESSON)
    assert run.ok, "lesson 03 did not run"
    explorer = page.locator(".ie-triage-explorer").first
    grids = explorer.evaluate(QUESTION_GRIDS_JS)
    assert len(grids) == 2, grids
    for grid in grids:
        assert grid["columns"] >= 2, grid
        assert grid["height"] < 0.75 * sum(grid["heights"]), grid
    row = explorer.locator(".ie-question", has_text="polished top")
    assert row.evaluate(ACTIVE_BACKGROUND_JS) == "rgb(255, 255, 255)"
    measured = explorer.locator(".ie-blank-first")
    assert measured.evaluate(ACTIVE_BACKGROUND_JS) == "rgb(255, 255, 255)", "not measured"
    row.locator("button", has_text=re.compile(r"^\s*yes\s*$")).click()
    explorer.locator(".ie-triage-candidate").first.wait_for(timeout=labharness.STEP_TIMEOUT_MS)
    assert row.evaluate(ACTIVE_BACKGROUND_JS) == "rgb(31, 58, 95)"
    # Back to "not seen", as the other tests of this shared run expect.
    row.locator("button", has_text=re.compile(r"^\s*not seen\s*$")).click()
    explorer.locator(".ie-triage-candidate").first.wait_for(
        state="detached", timeout=labharness.STEP_TIMEOUT_MS
    )
    assert not log.problems(), "\n".join(log.problems())
