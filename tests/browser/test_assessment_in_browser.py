"""Assessment in a real JupyterLab: first-attempt scoring and a whole phone call.

All run from one small scratch notebook (one quiz question; two callers), one
cell for each test, so that they share one short kernel; each test works only
inside its own cell's output, and all are driven as a student would: by
clicking radio buttons, check boxes and buttons in the page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from implant_edu import phone_call as calls
from implant_edu.quiz import own
from implant_edu.tools import labharness

pytestmark = pytest.mark.browser

STEP_TIMEOUT_MS = labharness.STEP_TIMEOUT_MS
LESSON = "04_gum_closure_timeline"
CALLER = "few_hours"


QUESTION = own(LESSON)[0]
MISSED = "swallowed_or_inhaled"
CELLS = {
    "quiz": f"from implant_edu.widgets.quiz import quiz\nquiz({LESSON!r}, ids=[{QUESTION.id!r}])",
    "call": f"from implant_edu.widgets.phone_call import phone_call\nphone_call({CALLER!r})",
    "missed": f"from implant_edu.widgets.phone_call import phone_call\nphone_call({MISSED!r})",
}


@pytest.fixture(scope="module")
def scratch(lab, browser):
    """(page, log) of the scratch notebook of :data:`CELLS`, run once."""
    relpath = labharness.scratch_notebook(lab, "assessment.ipynb", list(CELLS.values()))
    context, page, log = labharness.new_page(browser)
    run = labharness.open_and_run(page, lab, relpath)
    assert run.ok and not run.unexecuted, f"Run All stopped before cells {run.unexecuted}"
    yield page, log
    context.close()


def _output(scratch, name: str):
    """The output area of the scratch notebook's cell ``name``."""
    page, _log = scratch
    return page.locator(".jp-Notebook .jp-CodeCell .jp-OutputArea").nth(list(CELLS).index(name))


def _screenshot(scratch, area, path) -> None:
    """The window with the top of ``area`` (an element screenshot of a part of
    JupyterLab's scrolling notebook can come out garbled)."""
    area.evaluate("a => a.scrollIntoView({block: 'start'})")
    scratch[0].screenshot(path=path)


def _text(area, selector: str) -> str:
    return area.locator(selector).first.inner_text()


def test_the_score_counts_first_attempts(scratch, screenshot_dir):
    right = next(c.text for c in QUESTION.choices if c.correct)
    wrong = [c.text for c in QUESTION.choices if not c.correct]
    area = _output(scratch, "quiz")
    feedback = area.locator(f".ie-quiz-{QUESTION.id}-feedback").first
    check = area.locator(f".ie-quiz-{QUESTION.id}-check")

    def answer(text: str) -> str:
        before = feedback.inner_text()
        area.locator(".ie-quiz-radio label", has_text=text).first.click()
        check.click()
        expect(feedback).not_to_have_text(before, timeout=STEP_TIMEOUT_MS)
        expect(feedback).not_to_have_text("", timeout=STEP_TIMEOUT_MS)
        return feedback.inner_text()

    first = answer(wrong[0])
    assert right not in first, "a wrong answer's feedback names the right option"
    assert "First try: 0 of 1" in _text(area, ".ie-quiz-score"), _text(area, ".ie-quiz-score")
    second = answer(wrong[1])
    assert right in second, "after a second wrong answer the full explanation names the right one"
    then = answer(right)
    assert "Correct" in then, then
    # changing the answer after feedback improves understanding, not the score
    assert "First try: 0 of 1" in _text(area, ".ie-quiz-score"), _text(area, ".ie-quiz-score")
    _screenshot(scratch, area, screenshot_dir / "quiz_first_attempt.png")
    assert not scratch[1].problems(), "\n".join(scratch[1].problems())


def _decide(area) -> str:
    """Press Decide and return the feedback once it gives the score."""
    area.locator("button.ie-phone-decide").click()
    scored = area.locator(".ie-phone-feedback").first
    expect(scored).to_contain_text("Score", timeout=STEP_TIMEOUT_MS)
    return scored.inner_text()


def test_a_whole_phone_call(scratch, screenshot_dir):
    who = calls.caller(CALLER)
    area = _output(scratch, "call")
    transcript = area.locator(".ie-phone-transcript").first
    for key in who.essential:
        before = transcript.inner_text()
        area.locator(f"button.ie-phone-ask-{key}").click()
        expect(transcript).not_to_have_text(before, timeout=STEP_TIMEOUT_MS)
    for key in who.advice:
        area.locator(f".ie-phone-advice-{key} input[type=checkbox]").check()
    area.locator(".ie-phone-urgency label", has_text=calls.urgencies()[who.urgency].label).click()
    area.locator(".ie-phone-visit label", has_text=calls.visits()[who.visit]).first.click()
    scored = _decide(area)
    _screenshot(scratch, area, screenshot_dir / "phone_call_whole.png")
    assert "Score: 5 of 5" in scored, scored
    # the call has ended: the decision can no longer be changed (each widget's
    # state arrives in its own message: wait for the button's, not only the score's)
    expect(area.locator("button.ie-phone-decide")).to_be_disabled(timeout=STEP_TIMEOUT_MS)
    assert not scratch[1].problems(), "\n".join(scratch[1].problems())


def test_a_call_with_a_missed_red_flag_says_what_was_missed(scratch):
    who = calls.caller(MISSED)
    area = _output(scratch, "missed")
    area.locator(
        ".ie-phone-urgency label", has_text=calls.urgencies()["next_business_day"].label
    ).click()
    scored = _decide(area)
    assert "Score: 5 of 5" not in scored
    missed = [calls.questions()[key].label for key in who.essential]
    assert any(label in scored for label in missed), scored
    assert not scratch[1].problems(), "\n".join(scratch[1].problems())
