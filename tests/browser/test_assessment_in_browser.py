"""Assessment in a real JupyterLab: first-attempt scoring and a whole phone call.

Both run from small scratch notebooks (one quiz question; one caller) so that
each check takes one short kernel, and both are driven as a student would:
by clicking radio buttons, check boxes and buttons in the page.
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


def _scratch(name: str, cells: list[str]) -> str:
    folder = labharness.ROOT / "artifacts" / "scratch"
    folder.mkdir(parents=True, exist_ok=True)
    labharness.write_notebook(folder / name, cells)
    return f"artifacts/scratch/{name}"


@pytest.fixture
def page_for(lab, browser):
    opened = []

    def open_(relpath: str):
        context, page, log = labharness.new_page(browser)
        opened.append(context)
        run = labharness.open_and_run(page, lab, relpath)
        assert run.ok and not run.unexecuted, f"Run All stopped before cells {run.unexecuted}"
        return page, log

    yield open_
    for context in opened:
        context.close()


def _text(page, selector: str) -> str:
    return page.locator(selector).first.inner_text()


def test_the_score_counts_first_attempts(page_for, screenshot_dir):
    question = own(LESSON)[0]
    right = next(c.text for c in question.choices if c.correct)
    wrong = [c.text for c in question.choices if not c.correct]
    page, log = page_for(
        _scratch(
            "first_attempt.ipynb",
            [f"from implant_edu.widgets.quiz import quiz\nquiz({LESSON!r}, ids=[{question.id!r}])"],
        )
    )
    feedback = f".ie-quiz-{question.id}-feedback"
    check = page.locator(f".ie-quiz-{question.id}-check")

    def answer(text: str) -> str:
        before = _text(page, feedback)
        page.locator(".ie-quiz-radio label", has_text=text).first.click()
        check.click()
        page.wait_for_function(
            "([sel, before]) => { const t = document.querySelector(sel).innerText;"
            " return t.trim() !== '' && t !== before; }",
            arg=[feedback, before],
            timeout=STEP_TIMEOUT_MS,
        )
        return _text(page, feedback)

    first = answer(wrong[0])
    assert right not in first, "a wrong answer's feedback names the right option"
    assert "First try: 0 of 1" in _text(page, ".ie-quiz-score"), _text(page, ".ie-quiz-score")
    second = answer(wrong[1])
    assert right in second, "after a second wrong answer the full explanation names the right one"
    then = answer(right)
    assert "Correct" in then, then
    # changing the answer after feedback improves understanding, not the score
    assert "First try: 0 of 1" in _text(page, ".ie-quiz-score"), _text(page, ".ie-quiz-score")
    page.screenshot(path=screenshot_dir / "quiz_first_attempt.png", full_page=True)
    assert not log.problems(), "\n".join(log.problems())


def test_a_whole_phone_call(page_for, screenshot_dir):
    who = calls.caller(CALLER)
    page, log = page_for(
        _scratch(
            "phone_call.ipynb",
            [f"from implant_edu.widgets.phone_call import phone_call\nphone_call({CALLER!r})"],
        )
    )
    transcript = page.locator(".ie-phone-transcript")
    for key in who.essential:
        before = transcript.inner_text()
        page.locator(f"button.ie-phone-ask-{key}").click()
        page.wait_for_function(
            "before => document.querySelector('.ie-phone-transcript').innerText !== before",
            arg=before,
            timeout=STEP_TIMEOUT_MS,
        )
    for key in who.advice:
        page.locator(f".ie-phone-advice-{key} input[type=checkbox]").check()
    page.locator(".ie-phone-urgency label", has_text=calls.urgencies()[who.urgency].label).click()
    page.locator(".ie-phone-visit label", has_text=calls.visits()[who.visit]).first.click()
    page.locator("button.ie-phone-decide").click()
    page.wait_for_function(
        "() => document.querySelector('.ie-phone-feedback').innerText.includes('Score')",
        timeout=STEP_TIMEOUT_MS,
    )
    scored = page.locator(".ie-phone-feedback").inner_text()
    page.screenshot(path=screenshot_dir / "phone_call_whole.png", full_page=True)
    assert "Score: 5 of 5" in scored, scored
    # the call has ended: the decision can no longer be changed (each widget's
    # state arrives in its own message: wait for the button's, not only the score's)
    expect(page.locator("button.ie-phone-decide")).to_be_disabled(timeout=STEP_TIMEOUT_MS)
    assert not log.problems(), "\n".join(log.problems())


def test_a_call_with_a_missed_red_flag_says_what_was_missed(page_for):
    who = calls.caller("swallowed_or_inhaled")
    page, log = page_for(
        _scratch(
            "phone_call_missed.ipynb",
            [
                "from implant_edu.widgets.phone_call import phone_call\n"
                "phone_call('swallowed_or_inhaled')"
            ],
        )
    )
    page.locator(
        ".ie-phone-urgency label", has_text=calls.urgencies()["next_business_day"].label
    ).click()
    page.locator("button.ie-phone-decide").click()
    page.wait_for_function(
        "() => document.querySelector('.ie-phone-feedback').innerText.includes('Score')",
        timeout=STEP_TIMEOUT_MS,
    )
    scored = page.locator(".ie-phone-feedback").inner_text()
    assert "Score: 5 of 5" not in scored
    missed = [calls.questions()[key].label for key in who.essential]
    assert any(label in scored for label in missed), scored
    assert not log.problems(), "\n".join(log.problems())
