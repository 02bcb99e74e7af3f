"""Self-check quizzes with feedback, first-attempt scoring and a second try.

``quiz(lesson)`` shows each question of ``data/quiz/<lesson>.yaml`` with radio
buttons, a "Check" button below them and a feedback area, plus a score line
that counts first attempts ("First try: 5 of 7 right"). A wrong answer's
feedback says why it is wrong without naming the right option, and asks for
another try; the full explanation opens after a right answer or a second
wrong one.

The printable copy (answers folded away) belongs to handouts and print:
:func:`implant_edu.quiz.printable_html`. ``quiz_answers`` wraps it for a
notebook cell; ``answer_key`` is the instructors' key.
"""

from __future__ import annotations

from html import escape

import ipywidgets
from IPython.display import HTML

from implant_edu.quiz import (
    Progress,
    Question,
    Response,
    answer_key_html,
    printable_html,
    prompt_html,
    select,
)
from implant_edu.style import OKABE_ITO
from implant_edu.widgets.layout import LONG_OPTIONS_CSS, long_options, up_to
from implant_edu.widgets.view import View

CLASS_PREFIX = "ie-quiz-"
"""Classes of a quiz: ``ie-quiz-<lesson>`` on its root (``_`` as ``-``, see
:func:`view_class`), ``ie-quiz-<id>`` and :data:`QUESTION_CLASS` on each
question's box. The offline handouts find a quiz and its questions by them."""
QUESTION_CLASS = "ie-quiz-question"


def view_class(lesson: str) -> str:
    """The class of the root of ``lesson``'s quiz view."""
    return CLASS_PREFIX + lesson.replace("_", "-")


_RIGHT = OKABE_ITO["bluish_green"]
_WRONG = OKABE_ITO["vermillion"]

QUIZ_CSS = (
    LONG_OPTIONS_CSS
    + """
<style>
/* implant_edu quiz: the answers are long options (LONG_OPTIONS_CSS); on a
   phone the Check button sits below them, and nothing is wider than the screen */
.ie-quiz-check { margin-top: 0.3em !important; position: static !important; }
.ie-quiz-question { max-width: 100%; box-sizing: border-box; overflow-x: hidden; }
.ie-quiz-question .ie-feedback { max-width: 48em; box-sizing: border-box; }
</style>
"""
)


def _verdict_html(correct: bool, text: str) -> str:
    colour, mark = (_RIGHT, "&#10004;") if correct else (_WRONG, "&#10008;")
    return (
        f"<p style='border-left:4px solid {colour};padding-left:0.5em'>"
        f"<b>{mark}</b> {escape(text)}</p>"
    )


def response_html(response: Response) -> str:
    """The feedback area's HTML after a Check: verdict, then a prompt or the explanation."""
    parts = [_verdict_html(response.feedback.correct, response.feedback.text)]
    if response.explanation is None:
        parts.append("<p><i>Try another answer, then press Check again.</i></p>")
    elif not response.feedback.correct:
        parts.append(
            "<p style='border-left:4px solid #777;padding-left:0.5em'>"
            f"<b>Explanation.</b> {escape(response.explanation)}</p>"
        )
    if not response.first_try:
        # Full size, and saying how the scored (first) answer went: a "Correct"
        # over "0 of 1 right" looked like a scoring mistake to new readers.
        first = "right" if response.first_was_right else "not right"
        parts.append(
            "<p class='ie-quiz-not-first'>Not your first try. The score counts only the "
            "first answer you checked for each question; <b>your first answer</b> to this "
            f"one was {first}.</p>"
        )
    return "".join(parts)


def _score_html(progress: Progress) -> str:
    return f"<p><b>{escape(progress.score.text)}</b></p>"


def quiz(lesson: str, *, ids: list[str] | tuple[str, ...] | None = None) -> View:
    """A quiz on a lesson: choose an answer, press Check, read why; try again if wrong.

    Parameters
    ----------
    lesson
        A lesson with a quiz file, e.g. ``"03_something_fell_out"``; the review
        lesson ``"07_review"`` draws a balanced set from every lesson.
    ids
        Only these question ids, in this order (default: all, in file order).

    Returns
    -------
    View
        Root ``VBox`` (class ``ie-view``). Controls by name:
        ``"<id>:answer"`` (RadioButtons, options in the seeded displayed
        order, value = displayed index), ``"<id>:check"`` (Button),
        ``"<id>:feedback"`` (HTML, class ``ie-feedback``) for each question,
        and ``"score"`` (HTML, first attempts). Each question's box carries
        the class ``ie-quiz-<id>``.

    Raises
    ------
    TypeError, ValueError
        For an unknown lesson or question id (the message lists the allowed ones).
    """
    questions = select(lesson, ids)
    progress = Progress(questions)
    score_line = ipywidgets.HTML(_score_html(progress))
    score_line.add_class("ie-quiz-score")
    controls: dict[str, ipywidgets.Widget] = {}
    boxes = []
    for number, question in enumerate(questions, 1):
        answer = long_options(
            [(choice.text, i) for i, choice in enumerate(question.choices)],
            description=f"Answer to Q{number}:",
        )
        answer.add_class("ie-quiz-radio")
        button = ipywidgets.Button(
            description="Check",
            tooltip=f"Check your answer to question {number}",
            button_style="info",
        )
        button.add_class("ie-quiz-check")
        feedback = ipywidgets.HTML("", layout=up_to("48em"))
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
                if index is None:
                    feedback.value = "<p><i>Choose an answer above, then press Check.</i></p>"
                    return
                feedback.value = response_html(progress.answer(question.id, index))
                score_line.value = _score_html(progress)
            except Exception:  # keep tracebacks away from students
                feedback.value = (
                    "<p>Sorry, this answer could not be checked. Run the cell again "
                    "(Shift+Enter) and choose an answer.</p>"
                )

        button.on_click(on_check)

        def on_change(_change: object, feedback: ipywidgets.HTML = feedback) -> None:
            # Feedback belongs to the answer that was checked: a new choice clears it.
            feedback.value = ""

        answer.observe(on_change, names="value")
        prompt = ipywidgets.HTML(prompt_html(number, question, shown_in=lesson))
        box = ipywidgets.VBox([prompt, answer, button, feedback])
        box.add_class(CLASS_PREFIX + question.id)
        box.add_class(QUESTION_CLASS)
        boxes.append(box)
        controls[f"{question.id}:answer"] = answer
        controls[f"{question.id}:check"] = button
        controls[f"{question.id}:feedback"] = feedback
    controls["score"] = score_line
    # No offline note: a handout shows the printable questions in the quiz's
    # place (implant_edu.tools.handouts.printable_in_place), never these buttons.
    root = ipywidgets.VBox([ipywidgets.HTML(QUIZ_CSS), *boxes, score_line])
    root.add_class("ie-view")
    root.add_class(view_class(lesson))
    n = len(questions)
    return View(
        widget=root,
        description=(
            f"Quiz on lesson {lesson}: {n} multiple-choice question{'s' if n != 1 else ''} "
            "with feedback. A wrong answer can be tried again; the score counts first "
            "attempts."
        ),
        controls=controls,
    )


def quiz_answers(lesson: str, *, ids: list[str] | tuple[str, ...] | None = None) -> HTML:
    """The questions of a lesson with their answers folded away (static HTML).

    For handouts and print (see :func:`implant_edu.quiz.printable_html`).
    """
    return HTML(printable_html(lesson, ids=ids))


def answer_key(lesson: str) -> HTML:
    """Every question of a lesson with every choice marked and its reasoning (instructors)."""
    return HTML(answer_key_html(lesson))
