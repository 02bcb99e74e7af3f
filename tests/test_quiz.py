"""Quiz data, checking and scoring, and the quiz widget's click behaviour."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape

import pytest
import yaml

from implant_edu import quiz as q
from implant_edu.evidence import sources
from implant_edu.widgets.layout import LONG_OPTIONS
from implant_edu.widgets.quiz import quiz, quiz_answers

LESSONS = q.lessons()
OURS = ("01_start_here", "03_something_fell_out", "05_getting_back_in", "06_patient_cases")


def test_every_lesson_of_ours_has_a_quiz() -> None:
    for lesson in (*OURS, "07_review"):
        assert lesson in LESSONS


@pytest.mark.parametrize("lesson", LESSONS)
def test_quiz_file_is_valid(lesson: str) -> None:
    questions = q.load(lesson)
    assert questions
    ids = [question.id for question in questions]
    assert len(ids) == len(set(ids))
    for question in questions:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", question.id)
        assert sum(choice.correct for choice in question.choices) == 1
        assert question.choices[question.correct_index].correct
        assert all(s.key in sources() for s in question.sources)
        assert question.lesson == lesson or lesson == "07_review"
    for question in q.own(lesson):
        assert question.lesson == lesson


def test_review_draws_a_balanced_seeded_set() -> None:
    review = q.load("07_review")
    drawn = [x for x in review if x.lesson != "07_review"]
    counts = {lesson: sum(x.lesson == lesson for x in drawn) for lesson in LESSONS[:-1]}
    assert len(set(counts.values())) == 1 and min(counts.values()) >= 2, counts
    assert [x.id for x in q._draw("07_review")] == [x.id for x in drawn]  # reproducible
    positions = [x.correct_index for x in review]
    assert max(positions.count(i) for i in range(4)) <= len(review) // 4 + 1
    own = {x.id for lesson in LESSONS[:-1] for x in q.own(lesson)}
    assert {x.id for x in drawn} <= own


def test_check_right_and_wrong() -> None:
    for question in q.bank():
        right = q.check(question, question.correct_index)
        assert right.correct and right.text.startswith("Correct.")
        # Every source is named once: in the feedback or after it.
        for found in question.sources:
            assert right.text.count(found.short) == 1, (question.id, found.short)
        right_text = question.choices[question.correct_index].text
        for index, choice in enumerate(question.choices):
            if choice.correct:
                continue
            wrong = q.check(question, index)
            assert not wrong.correct
            assert choice.feedback in wrong.text
            # a wrong answer's feedback never names the right option
            assert right_text.casefold() not in wrong.text.casefold(), question.id
        assert right_text in q.explanation(question)
        assert f"({question.correct_letter})" in q.explanation(question)


def test_check_refuses_bad_input() -> None:
    question = q.load("05_getting_back_in")[0]
    high = len(question.choices) - 1
    with pytest.raises(ValueError, match=rf"choice_index must be from 0 to {high}, got 7"):
        q.check(question, 7)
    with pytest.raises(ValueError, match="got -1"):
        q.check(question, -1)
    with pytest.raises(TypeError, match="choice_index must be an int"):
        q.check(question, "1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="choice_index must be an int"):
        q.check(question, True)
    with pytest.raises(TypeError, match=r"question must be an implant_edu\.quiz\.Question"):
        q.check("question", 0)  # type: ignore[arg-type]


def test_unknown_lesson_and_ids() -> None:
    with pytest.raises(ValueError, match=r"lesson must be one of .*03_something_fell_out.*'99_x'"):
        q.load("99_x")
    with pytest.raises(TypeError, match="lesson must be a string"):
        q.load(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'nope' is not a question of 03_something_fell_out"):
        quiz("03_something_fell_out", ids=["nope"])
    with pytest.raises(TypeError, match="ids must be None or a list"):
        quiz("03_something_fell_out", ids="excess-cement")  # type: ignore[arg-type]


def test_score_counts_first_attempts() -> None:
    questions = q.load("06_patient_cases")
    right = {question.id: question.correct_index for question in questions}
    assert q.score(questions, right) == q.Score(len(questions), len(questions), len(questions))
    first = questions[0]
    wrong = (first.correct_index + 1) % len(first.choices)
    result = q.score(questions, {first.id: wrong, questions[1].id: None})
    assert result == q.Score(correct=0, answered=1, total=len(questions))
    assert result.text == f"First try: 0 of {len(questions)} right (1 answered)"
    assert q.Score(0, 0, 1).text == "First try: no answers yet (1 question)"
    with pytest.raises(ValueError, match="'ghost' is not one of the questions"):
        q.score(questions, {"ghost": 0})


def _wrong(question: q.Question, n: int = 0) -> int:
    return [i for i, c in enumerate(question.choices) if not c.correct][n]


def test_progress_first_try_second_wrong_and_right() -> None:
    questions = q.load("05_getting_back_in")
    one, two = questions[0], questions[1]
    progress = q.Progress(questions)
    # wrong first: no explanation, the right option is not named, try again
    response = progress.answer(one.id, _wrong(one))
    assert not response.feedback.correct and response.first_try
    assert response.explanation is None and response.prompt_again
    right_text = one.choices[one.correct_index].text
    assert right_text not in response.feedback.text
    # the same wrong answer again does not count as a second wrong one
    assert progress.answer(one.id, _wrong(one)).explanation is None
    # a second, different wrong answer opens the explanation
    response = progress.answer(one.id, _wrong(one, 1))
    assert not response.first_try and response.explanation is not None
    assert right_text in response.explanation
    assert not response.first_was_right
    # then the right one: correct, but the score keeps the first attempt
    response = progress.answer(one.id, one.correct_index)
    assert response.feedback.correct and not response.first_was_right
    assert progress.score.correct == 0 and progress.score.answered == 1
    # right at the first try: counted, explanation open
    response = progress.answer(two.id, two.correct_index)
    assert response.feedback.correct and response.explanation is not None
    assert response.first_was_right
    # a later wrong try does not change what was scored
    later = progress.answer(two.id, _wrong(two))
    assert not later.feedback.correct and not later.first_try and later.first_was_right
    assert progress.score == q.Score(correct=1, answered=2, total=len(questions))
    assert progress.score.text.startswith("First try: 1 of ")
    with pytest.raises(ValueError, match="'ghost' is not one of the questions"):
        progress.answer("ghost", 0)


def test_seeded_order_is_stable_and_differs_across_ids() -> None:
    assert q.seeded_order("abc", 5) == q.seeded_order("abc", 5)
    assert sorted(q.seeded_order("abc", 5)) == list(range(5))
    orders = {q.seeded_order(f"item-{n}", 4) for n in range(40)}
    assert len(orders) > 10
    assert q.seeded_order("x", 0) == () and q.seeded_order("x", 1) == (0,)
    # known values: SHA-256 based, the same on every machine and Python version
    assert q.seeded_order("reseat-at-three-hours", 3) == q.seeded_order("reseat-at-three-hours", 3)
    with pytest.raises(ValueError, match="n must be a whole number"):
        q.seeded_order("x", -1)


def test_displayed_order_is_reproducible_and_independent_of_file_order() -> None:
    lesson = "04_gum_closure_timeline"
    first = [(x.id, [c.text for c in x.choices]) for x in q.load(lesson)]
    q._read.cache_clear()
    q._load.cache_clear()
    again = [(x.id, [c.text for c in x.choices]) for x in q.load(lesson)]
    assert first == again
    raw = yaml.safe_load(q._quiz_dir().joinpath(f"{lesson}.yaml").read_text())
    for item in raw["questions"]:
        item["choices"].reverse()
    reversed_file = q.parse_questions(lesson, raw["questions"])
    assert [(x.id, [c.text for c in x.choices]) for x in reversed_file] == first
    positions = [x.correct_index for x in q.load(lesson)]
    assert len(set(positions)) == 4  # the right answer is spread within a lesson


def _validate(raw: dict) -> tuple[q.Question, ...]:
    lesson = raw["lesson"]
    where = f"{lesson}.yaml"
    items = raw["questions"]
    return tuple(q._question(lesson, f"{where} item {n}", item) for n, item in enumerate(items))


GOOD = yaml.safe_load(
    """
lesson: 99_test
questions:
  - id: one-right
    prompt: Which?
    choices:
      - {text: a, correct: true, feedback: right}
      - {text: b, correct: false, feedback: wrong}
    sources: [amin]
"""
)


def test_validation_messages() -> None:
    assert _validate(GOOD)[0].id == "one-right"
    two_right = yaml.safe_load(yaml.safe_dump(GOOD))
    two_right["questions"][0]["choices"][1]["correct"] = True
    with pytest.raises(
        ValueError, match="'one-right': exactly one choice must be correct, found 2"
    ):
        _validate(two_right)
    bad_source = yaml.safe_load(yaml.safe_dump(GOOD))
    bad_source["questions"][0]["sources"] = ["nobody_2099"]
    with pytest.raises(ValueError, match=r"source key must be one of .*'nobody_2099'"):
        _validate(bad_source)
    bad_id = yaml.safe_load(yaml.safe_dump(GOOD))
    bad_id["questions"][0]["id"] = "Not_Kebab"
    with pytest.raises(ValueError, match="kebab-case"):
        _validate(bad_id)


def test_duplicate_ids_are_refused(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    text = yaml.safe_dump({**GOOD, "questions": GOOD["questions"] * 2})
    folder = tmp_path / "quiz"
    folder.mkdir()
    (folder / "99_test.yaml").write_text(text)
    monkeypatch.setattr(q, "_quiz_dir", lambda: folder)
    q._load.cache_clear()
    try:
        with pytest.raises(ValueError, match="question id 'one-right' is used twice"):
            q.load("99_test")
    finally:
        q._load.cache_clear()


def test_widget_first_attempt_scoring_and_second_try() -> None:
    view = quiz("03_something_fell_out")
    questions = q.load("03_something_fell_out")
    first = questions[0]
    answer = view.controls[f"{first.id}:answer"]
    button = view.controls[f"{first.id}:check"]
    feedback = view.controls[f"{first.id}:feedback"]
    n = len(questions)
    assert answer.value is None
    assert feedback.value == ""
    # before any answer: no "0 of n right", which reads as a failing grade
    assert f"First try: no answers yet ({n} questions)" in view.controls["score"].value
    assert " right" not in view.controls["score"].value
    button.click()
    assert "Choose an answer" in feedback.value
    right_text = first.choices[first.correct_index].text
    answer.value = _wrong(first)
    button.click()
    assert "Not quite." in feedback.value and "Try another answer" in feedback.value
    assert escape(right_text) not in feedback.value
    assert "Explanation" not in feedback.value
    assert f"First try: 0 of {n} right (1 answered)" in view.controls["score"].value
    answer.value = _wrong(first, 1)
    button.click()
    assert "Explanation" in feedback.value and escape(right_text) in feedback.value
    answer.value = first.correct_index
    button.click()
    assert "Correct." in feedback.value
    assert "Not your first try. The score counts only the first answer" in feedback.value
    assert "<b>your first answer</b> to this one was not right" in feedback.value
    assert "<small>" not in feedback.value
    assert f"First try: 0 of {n} right (1 answered)" in view.controls["score"].value
    second = questions[1]
    view.controls[f"{second.id}:answer"].value = second.correct_index
    view.controls[f"{second.id}:check"].click()
    assert f"First try: 1 of {n} right (2 answered)" in view.controls["score"].value
    # the other questions are untouched
    assert view.controls[f"{questions[2].id}:feedback"].value == ""


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_answer_of_every_question_shows_its_own_feedback(lesson: str) -> None:
    """Each question's radio and Check button drive that question's feedback
    area and no other, for every answer (a loop that bound every button to the
    last question would fail here). The browser walk presses every answer of
    one question per quiz and one answer of each other question
    (tests/browser/test_lessons_in_browser.py), so this is where every answer
    of every question goes through the widget."""
    view = quiz(lesson)
    questions = q.load(lesson)
    feedbacks = {x.id: view.controls[f"{x.id}:feedback"] for x in questions}
    for question in questions:
        answer = view.controls[f"{question.id}:answer"]
        check = view.controls[f"{question.id}:check"]
        others = {i: f.value for i, f in feedbacks.items() if i != question.id}
        for index in range(len(question.choices)):
            answer.value = index
            assert feedbacks[question.id].value == "", (question.id, index)
            check.click()
            shown = feedbacks[question.id].value
            expected = escape(q.check(question, index).text)
            assert expected in shown, (question.id, index, shown)
        assert {i: f.value for i, f in feedbacks.items() if i != question.id} == others


def test_widget_callback_never_shows_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    view = quiz("01_start_here")
    first = q.load("01_start_here")[0]
    view.controls[f"{first.id}:answer"].value = 0

    def boom(*_args: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(q.Progress, "answer", boom)
    view.controls[f"{first.id}:check"].click()
    shown = view.controls[f"{first.id}:feedback"].value
    assert "could not be checked" in shown
    assert "internal detail" not in shown and "Traceback" not in shown


def test_widget_options_in_displayed_order_and_phone_layout() -> None:
    view = quiz("02_parts_of_an_implant")
    for question in q.load("02_parts_of_an_implant"):
        radio = view.controls[f"{question.id}:answer"]
        assert [label for label, _ in radio.options] == [c.text for c in question.choices]
        assert radio.layout.width == "auto" and radio.layout.max_width == "48em"
        assert "ie-quiz-radio" in radio._dom_classes and LONG_OPTIONS in radio._dom_classes
    css = view.widget.children[0].value
    assert "<style>" in css and f".{LONG_OPTIONS} .widget-radio-box label" in css
    assert "listed below" not in view.description


def test_widget_dom_contract() -> None:
    view = quiz("07_review")
    assert "ie-view" in view.widget._dom_classes
    first = q.load("07_review")[0]
    assert "ie-control" in view.controls[f"{first.id}:answer"]._dom_classes
    assert "ie-control" in view.controls[f"{first.id}:check"]._dom_classes
    assert "ie-feedback" in view.controls[f"{first.id}:feedback"]._dom_classes
    box_classes = [c for box in view.widget.children for c in box._dom_classes]
    assert f"ie-quiz-{first.id}" in box_classes
    assert view.controls[f"{first.id}:answer"].description
    assert view._repr_mimebundle_()["text/plain"].startswith("Quiz on lesson 07_review")


def test_ids_select_and_order() -> None:
    view = quiz("06_patient_cases", ids=["leave-it-out", "loose-crown-cause"])
    for qid in ("two-implants-bone-loss", "loosening-rate", "implant-distance-grade"):
        assert q.select("06_patient_cases", [qid])  # ids the lesson's cells call
    answers = [k for k in view.controls if k.endswith(":answer")]
    assert answers == ["leave-it-out:answer", "loose-crown-cause:answer"]


def test_printable_html_folds_the_answer_away() -> None:
    html = q.printable_html("05_getting_back_in")
    assert quiz_answers("05_getting_back_in").data == html
    questions = q.load("05_getting_back_in")
    assert html.count("<details>") == len(questions)
    for question in questions:
        block = html[html.index(f"ie-quiz-{question.id}'") :]
        summary = block.index("<summary>")
        key = f"The answer is ({question.correct_letter}) "
        assert block.index(key) > summary
        letters = [f"<li>{q.letter(i)}. " for i in range(len(question.choices))]
        assert all(x in block[:summary] for x in letters)
    # Headed by the lesson's own title, not its file name.
    assert "<h2>Check yourself: 05 · Getting back in</h2>" in html, html[:200]


def test_feedback_cites_when_no_source() -> None:
    question = next(x for x in q.load("03_something_fell_out") if not x.sources)
    right = q.check(question, question.correct_index).text
    assert "no study; standard clinical practice (rule of thumb)" in right
    assert "course brief" not in right
    sourced = replace(question, sources=q.load("03_something_fell_out")[0].sources)
    assert "Amin" in q.check(sourced, sourced.correct_index).text


def test_glossary_terms_and_renderers() -> None:
    from implant_edu import glossary

    keys = {t.key for t in glossary.terms()}
    for needed in (
        "barrier-epithelium",
        "keratinised-mucosa",
        "platform",
        "internal-hex",
        "ncm",
        "papilla",
        "crestal-bone",
        "parafunction",
        "healing-abutment",
        "cover-screw",
        "osseointegration",
        "peri-implantitis",
    ):
        assert needed in keys, needed
    html = glossary.glossary_html()
    assert all(f"id='gl-{key}'" in html for key in keys)
    assert glossary.link("papilla") == "[papilla](01_start_here.ipynb#Glossary)"
    assert "**healing abutment**" in glossary.glossary_markdown()
    with pytest.raises(ValueError, match="no term 'gum-glue'"):
        glossary.term("gum-glue")
    text = " ".join(t.definition for t in glossary.terms()).casefold()
    assert "course brief" not in text


def test_exam_key_and_printable_copy_use_displayed_letters() -> None:
    from implant_edu.instructor import exam_bank, exam_key

    items = exam_bank()
    html = exam_key().data
    key = ", ".join(f"{n}{x.correct_letter}" for n, x in enumerate(items, 1))
    assert key in html
    printable = q.printable_html("07_review")
    for question in q.load("07_review"):
        assert f"The answer is ({question.correct_letter}) " in printable
    assert "(Lesson 0" in printable


def test_printable_html_heading_is_optional() -> None:
    with_heading = q.printable_html("04_gum_closure_timeline")
    without = q.printable_html("04_gum_closure_timeline", heading=False)
    assert "<h2>Check yourself: " in with_heading and "<h2>" not in without
    assert without.replace("<div class='ie-quiz-answers'>", "") in with_heading


def test_review_tags_only_the_questions_it_draws_from_other_lessons() -> None:
    """ "(Lesson 07)" on the review's own questions sent students nowhere."""
    review = q.load(q.REVIEW)
    own = [x for x in review if x.lesson == q.REVIEW]
    drawn = [x for x in review if x.lesson != q.REVIEW]
    assert own and drawn
    boxes = quiz(q.REVIEW).widget.children
    widget_prompts = " ".join(
        w.value
        for box in boxes
        for w in getattr(box, "children", ())
        if "<b>Q" in str(getattr(w, "value", ""))
    )
    for shown in (q.printable_html(q.REVIEW), q.answer_key_html(q.REVIEW), widget_prompts):
        assert "(Lesson 07)" not in shown
        for question in drawn:
            assert f"{escape(question.prompt)} <i>(Lesson {question.lesson[:2]})</i>" in shown
        for question in own:
            assert f"{escape(question.prompt)}</p>" in shown
    assert "(Lesson" not in q.prompt_html(1, drawn[0], shown_in=drawn[0].lesson)
