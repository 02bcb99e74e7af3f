"""Self-check quizzes with immediate feedback, and their printable fallback.

``quiz(lesson)`` shows each question of ``data/quiz/<lesson>.yaml`` with radio
buttons, a "Check" button and a feedback area, plus a running score.
``quiz_answers(lesson)`` gives the same questions as static HTML with the
answers folded into ``<details>`` blocks, for printouts and exported pages.
"""

from __future__ import annotations

from html import escape

import ipywidgets
from IPython.display import HTML

from implant_edu.quiz import Question, Score, check, score, select
from implant_edu.style import OKABE_ITO
from implant_edu.widgets.view import View

_RIGHT = OKABE_ITO["bluish_green"]
_WRONG = OKABE_ITO["vermillion"]


def _prompt_html(number: int, question: Question) -> str:
    return f"<p style='margin:0.6em 0 0.2em 0'><b>Q{number}.</b> {escape(question.prompt)}</p>"


def _feedback_html(question: Question, index: int | None) -> str:
    if index is None:
        return "<p><i>Choose an answer above, then press Check.</i></p>"
    feedback = check(question, index)
    colour, mark = (_RIGHT, "&#10004;") if feedback.correct else (_WRONG, "&#10008;")
    return (
        f"<p style='border-left:4px solid {colour};padding-left:0.5em'>"
        f"<b>{mark}</b> {escape(feedback.text)}</p>"
    )


def _score_html(result: Score) -> str:
    return f"<p><b>{escape(result.text)}</b></p>"


def quiz(lesson: str, *, ids: list[str] | tuple[str, ...] | None = None) -> View:
    """A quiz on a lesson: choose an answer, press Check, read why.

    Parameters
    ----------
    lesson
        A lesson with a quiz file, e.g. ``"03_something_fell_out"``; the review
        lesson ``"07_review"`` draws on every lesson.
    ids
        Only these question ids, in this order (default: all, in file order).

    Returns
    -------
    View
        Root ``VBox`` (class ``ie-view``). Controls by name:
        ``"<id>:answer"`` (RadioButtons), ``"<id>:check"`` (Button),
        ``"<id>:feedback"`` (HTML, class ``ie-feedback``) for each question,
        and ``"score"`` (HTML). Each question's box carries the class
        ``ie-quiz-<id>``.

    Raises
    ------
    TypeError, ValueError
        For an unknown lesson or question id (the message lists the allowed ones).
    """
    questions = select(lesson, ids)
    checked: dict[str, int | None] = {}
    score_line = ipywidgets.HTML(_score_html(score(questions, checked)))
    score_line.add_class("ie-quiz-score")
    controls: dict[str, ipywidgets.Widget] = {}
    boxes = []
    for number, question in enumerate(questions, 1):
        answer = ipywidgets.RadioButtons(
            options=[(choice.text, i) for i, choice in enumerate(question.choices)],
            value=None,
            description="Answer:",
            layout=ipywidgets.Layout(width="auto"),
        )
        button = ipywidgets.Button(
            description="Check",
            tooltip=f"Check your answer to question {number}",
            button_style="info",
        )
        feedback = ipywidgets.HTML("")
        for widget, role in ((answer, "answer"), (button, "check")):
            widget.add_class("ie-control")
            widget.add_class(f"ie-quiz-{question.id}-{role}")
        feedback.add_class("ie-feedback")
        feedback.add_class(f"ie-quiz-{question.id}-feedback")

        def on_check(
            _button: ipywidgets.Button,
            question: Question = question,
            answer: ipywidgets.RadioButtons = answer,
            feedback: ipywidgets.HTML = feedback,
        ) -> None:
            try:
                index = answer.value
                feedback.value = _feedback_html(question, index)
                if index is not None:
                    checked[question.id] = index
                    score_line.value = _score_html(score(questions, checked))
            except Exception as error:  # keep tracebacks away from students
                feedback.value = f"<p>Could not check this answer: {escape(str(error))}</p>"

        button.on_click(on_check)
        box = ipywidgets.VBox(
            [ipywidgets.HTML(_prompt_html(number, question)), answer, button, feedback]
        )
        box.add_class(f"ie-quiz-{question.id}")
        boxes.append(box)
        controls[f"{question.id}:answer"] = answer
        controls[f"{question.id}:check"] = button
        controls[f"{question.id}:feedback"] = feedback
    controls["score"] = score_line
    root = ipywidgets.VBox([*boxes, score_line])
    root.add_class("ie-view")
    root.add_class(f"ie-quiz-{lesson.replace('_', '-')}")
    return View(
        widget=root,
        description=(
            f"Quiz on lesson {lesson}: {len(questions)} multiple-choice questions with "
            "immediate feedback and a running score. The answers are listed below it."
        ),
        controls=controls,
    )


def _letter(index: int) -> str:
    return chr(ord("a") + index)


def quiz_answers(lesson: str, *, ids: list[str] | tuple[str, ...] | None = None) -> HTML:
    """The questions of a lesson with their answers folded away (static HTML).

    For printouts and exported pages, where the interactive quiz cannot run:
    each answer and its explanation sits in a collapsed ``<details>`` block.
    """
    questions = select(lesson, ids)
    parts = []
    for number, question in enumerate(questions, 1):
        options = "".join(
            f"<li>{_letter(i)}. {escape(choice.text)}</li>"
            for i, choice in enumerate(question.choices)
        )
        right = question.choices[question.correct_index]
        parts.append(
            f"<div class='ie-quiz-{question.id}'>{_prompt_html(number, question)}"
            f"<ul style='list-style:none'>{options}</ul>"
            f"<details><summary>Show the answer</summary><p><b>"
            f"{_letter(question.correct_index)}. {escape(right.text)}</b> "
            f"{escape(right.feedback)} Sources: {escape(question.citation)}.</p>"
            "</details></div>"
        )
    return HTML("<div class='ie-quiz-answers'>" + "".join(parts) + "</div>")


def answer_key(lesson: str) -> HTML:
    """Every question of a lesson with every choice marked and its reasoning (instructors).

    Unlike :func:`quiz_answers` nothing is folded away, and the feedback of
    the wrong choices is shown too: why each distractor is wrong is what a
    class discussion needs.
    """
    parts = []
    for number, question in enumerate(select(lesson, None), 1):
        rows = "".join(
            f"<li><b>{_letter(i)}. {'&#10004;' if choice.correct else '&#10008;'} "
            f"{escape(choice.text)}</b><br>{escape(choice.feedback)}</li>"
            for i, choice in enumerate(question.choices)
        )
        parts.append(
            f"<div class='ie-quiz-{question.id}'>{_prompt_html(number, question)}"
            f"<ul style='list-style:none'>{rows}</ul>"
            f"<p><i>Sources: {escape(question.citation)}.</i></p></div>"
        )
    return HTML("<div class='ie-answer-key'>" + "".join(parts) + "</div>")
