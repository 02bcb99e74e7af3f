"""Quiz data, checking and scoring, and the quiz widget's click behaviour."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import yaml

from implant_edu import quiz as q
from implant_edu.evidence import sources
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
        assert question.lesson == lesson


def test_review_covers_every_lesson_before_it() -> None:
    tags = " ".join(re.findall(r"\(Lesson[^)]*\)", " ".join(x.prompt for x in q.load("07_review"))))
    for number in range(1, 7):
        assert str(number) in tags, f"no review question on lesson {number}"


def test_check_right_and_wrong() -> None:
    question = q.load("03_something_fell_out")[0]
    right = q.check(question, question.correct_index)
    assert right.correct and right.text.startswith("Correct.")
    wrong_index = next(i for i, c in enumerate(question.choices) if not c.correct)
    wrong = q.check(question, wrong_index)
    assert not wrong.correct
    assert question.choices[wrong_index].feedback in wrong.text
    assert question.choices[question.correct_index].text in wrong.text
    assert "Sources:" in wrong.text


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


def test_score() -> None:
    questions = q.load("06_patient_cases")
    right = {question.id: question.correct_index for question in questions}
    assert q.score(questions, right) == q.Score(len(questions), len(questions), len(questions))
    first = questions[0]
    wrong = (first.correct_index + 1) % len(first.choices)
    result = q.score(questions, {first.id: wrong, questions[1].id: None})
    assert result == q.Score(correct=0, answered=1, total=len(questions))
    assert result.text == f"Score: 0 of {len(questions)} correct (1 answered)"
    with pytest.raises(ValueError, match="'ghost' is not one of the questions"):
        q.score(questions, {"ghost": 0})


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


def test_widget_click_shows_feedback_and_score() -> None:
    view = quiz("03_something_fell_out")
    questions = q.load("03_something_fell_out")
    first = questions[0]
    answer = view.controls[f"{first.id}:answer"]
    button = view.controls[f"{first.id}:check"]
    feedback = view.controls[f"{first.id}:feedback"]
    assert answer.value is None
    assert feedback.value == ""
    assert "Score: 0 of" in view.controls["score"].value
    button.click()
    assert "Choose an answer" in feedback.value
    wrong = next(i for i, c in enumerate(first.choices) if not c.correct)
    answer.value = wrong
    button.click()
    assert "Not quite." in feedback.value
    assert "Score: 0 of 6 correct (1 answered)" in view.controls["score"].value
    answer.value = first.correct_index
    button.click()
    assert "Correct." in feedback.value
    assert "Score: 1 of 6 correct (1 answered)" in view.controls["score"].value
    # the other questions are untouched
    assert view.controls[f"{questions[1].id}:feedback"].value == ""


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
    answers = [k for k in view.controls if k.endswith(":answer")]
    assert answers == ["leave-it-out:answer", "loose-crown-cause:answer"]


def test_static_answers_fold_the_answer_away() -> None:
    html = quiz_answers("05_getting_back_in").data
    questions = q.load("05_getting_back_in")
    assert html.count("<details>") == len(questions)
    for question in questions:
        answer = question.choices[question.correct_index].text
        assert html.index(answer, html.index("<summary>")) > 0
        assert f"ie-quiz-{question.id}" in html


def test_feedback_cites_when_no_source() -> None:
    question = next(x for x in q.load("03_something_fell_out") if not x.sources)
    assert "none named in the course brief" in q.check(question, 0).text
    sourced = replace(question, sources=q.load("03_something_fell_out")[0].sources)
    assert "none named" not in q.check(sourced, 0).text
    assert "Amin" in q.check(sourced, 0).text
