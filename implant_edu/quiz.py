"""Self-check questions: load, validate, check an answer, score a set of answers.

Questions are data, one file per lesson: ``data/quiz/<lesson>.yaml``::

    lesson: 04_gum_closure_timeline
    questions:
      - id: closure-cutoff-grade     # stable, unique, kebab-case
        prompt: ...
        choices:
          - text: ...
            correct: true
            feedback: why this is right (with source/grade)
          - text: ...
            correct: false
            feedback: why this is wrong
        sources: [amin]

Every file is validated when it is loaded (exactly one correct choice, unique
kebab-case ids, known source keys), with errors that name the file and the
question. Pure: no widgets (see :mod:`implant_edu.widgets.quiz`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from implant_edu.evidence import Source, data_file, source

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Choice:
    """One answer a student can pick, and the feedback it gets."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One multiple-choice question with exactly one correct choice.

    Attributes
    ----------
    id
        Stable kebab-case id, unique within its lesson (used in CSS classes).
    lesson
        The lesson the question belongs to, e.g. ``"03_something_fell_out"``.
    prompt
        The question.
    choices
        The answers, in the order shown.
    sources
        The sources the question rests on.
    """

    id: str
    lesson: str
    prompt: str
    choices: tuple[Choice, ...]
    sources: tuple[Source, ...]

    @property
    def citation(self) -> str:
        """The sources as an in-text citation, or a note that none is named."""
        if not self.sources:
            return "none named in the course brief"
        return "; ".join(s.short for s in self.sources)

    @property
    def correct_index(self) -> int:
        """Index of the one correct choice."""
        return next(i for i, choice in enumerate(self.choices) if choice.correct)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: right or not, and why."""

    correct: bool
    text: str


@dataclass(frozen=True)
class Score:
    """How a set of answers did.

    Attributes
    ----------
    correct
        Answers that were right.
    answered
        Questions that got an answer.
    total
        Questions in the set.
    """

    correct: int
    answered: int
    total: int

    @property
    def text(self) -> str:
        """The score in words, e.g. ``"Score: 2 of 5 correct (3 answered)"``."""
        return f"Score: {self.correct} of {self.total} correct ({self.answered} answered)"


def _quiz_dir() -> Traversable:
    return data_file("quiz")


def lessons() -> tuple[str, ...]:
    """The lessons that have a quiz file, sorted."""
    return tuple(
        sorted(
            entry.name.removesuffix(".yaml")
            for entry in _quiz_dir().iterdir()
            if entry.name.endswith(".yaml")
        )
    )


def _fail(where: str, message: str) -> ValueError:
    return ValueError(f"quiz/{where}: {message}")


def _text(where: str, raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"{key!r} must be a non-empty string, got {value!r}")
    return value.strip()


def _choice(where: str, raw: object) -> Choice:
    if not isinstance(raw, Mapping):
        raise _fail(where, f"a choice must be a mapping with text, correct, feedback; got {raw!r}")
    correct = raw.get("correct")
    if not isinstance(correct, bool):
        raise _fail(where, f"'correct' must be true or false, got {correct!r}")
    return Choice(
        text=_text(where, raw, "text"), correct=correct, feedback=_text(where, raw, "feedback")
    )


def _question(lesson: str, where: str, raw: object) -> Question:
    if not isinstance(raw, Mapping):
        raise _fail(where, f"a question must be a mapping, got {raw!r}")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        raise _fail(where, f"question id must be kebab-case (e.g. 'closure-cutoff'), got {qid!r}")
    where = f"{where} question {qid!r}"
    raw_choices = raw.get("choices")
    if not isinstance(raw_choices, list) or len(raw_choices) < 2:
        raise _fail(where, f"'choices' must be a list of at least 2 choices, got {raw_choices!r}")
    choices = tuple(_choice(where, c) for c in raw_choices)
    n_correct = sum(c.correct for c in choices)
    if n_correct != 1:
        raise _fail(where, f"exactly one choice must be correct, found {n_correct}")
    keys = raw.get("sources")
    if not isinstance(keys, list):
        raise _fail(where, f"'sources' must be a list of source keys ([] if none), got {keys!r}")
    try:
        sources = tuple(source(key) for key in keys)
    except (TypeError, ValueError) as error:
        raise _fail(where, str(error)) from None
    return Question(
        id=qid,
        lesson=lesson,
        prompt=_text(where, raw, "prompt"),
        choices=choices,
        sources=sources,
    )


def _check_lesson(lesson: object) -> str:
    known = lessons()
    if not isinstance(lesson, str):
        raise TypeError(
            f"lesson must be a string, one of {', '.join(known)}; got {lesson!r} "
            f"of type {type(lesson).__name__}"
        )
    if lesson not in known:
        raise ValueError(f"lesson must be one of {', '.join(known)}; got {lesson!r}")
    return lesson


@cache
def _load(lesson: str) -> tuple[Question, ...]:
    where = f"{lesson}.yaml"
    raw = yaml.safe_load(_quiz_dir().joinpath(where).read_text(encoding="utf-8"))
    if not isinstance(raw, Mapping):
        raise _fail(where, "the file must be a mapping with 'lesson' and 'questions'")
    if raw.get("lesson") != lesson:
        raise _fail(
            where, f"'lesson' must be {lesson!r} (the file name), got {raw.get('lesson')!r}"
        )
    items = raw.get("questions")
    if not isinstance(items, list) or not items:
        raise _fail(where, "'questions' must be a non-empty list")
    questions = tuple(_question(lesson, f"{where} item {n}", item) for n, item in enumerate(items))
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise _fail(where, f"question id {question.id!r} is used twice")
        seen.add(question.id)
    return questions


def load(lesson: str) -> tuple[Question, ...]:
    """The questions of a lesson, validated, in file order.

    Parameters
    ----------
    lesson
        A lesson with a quiz file, e.g. ``"03_something_fell_out"`` (see
        :func:`lessons`).

    Raises
    ------
    TypeError
        If ``lesson`` is not a string.
    ValueError
        If no quiz file exists for it (the message lists those that do), or
        the file breaks the schema (the message names file and question).
    """
    return _load(_check_lesson(lesson))


def select(lesson: str, ids: object = None) -> tuple[Question, ...]:
    """The questions of a lesson, or only those with the given ids, in that order.

    Raises
    ------
    TypeError
        If ``ids`` is not ``None`` or a list or tuple of strings.
    ValueError
        If an id is not in the lesson (the message lists the lesson's ids).
    """
    questions = load(lesson)
    if ids is None:
        return questions
    by_id = {q.id: q for q in questions}
    if isinstance(ids, str) or not isinstance(ids, (list, tuple)):
        raise TypeError(
            f"ids must be None or a list of question ids, got {ids!r} of type {type(ids).__name__}"
        )
    for qid in ids:
        if qid not in by_id:
            raise ValueError(
                f"ids: {qid!r} is not a question of {lesson}; allowed: {', '.join(by_id)}"
            )
    return tuple(by_id[qid] for qid in ids)


def check(question: Question, choice_index: int) -> Feedback:
    """Whether ``choice_index`` is the right answer to ``question``, and why.

    Parameters
    ----------
    question
        A :class:`Question`.
    choice_index
        Index of the chosen answer, 0 to ``len(question.choices) - 1``.

    Returns
    -------
    Feedback
        ``correct`` and a text: the verdict, the chosen answer's feedback, and
        (when wrong) the right answer, then the sources.

    Raises
    ------
    TypeError
        If ``question`` is not a Question or ``choice_index`` not an int.
    ValueError
        If ``choice_index`` is out of range.
    """
    if not isinstance(question, Question):
        raise TypeError(
            f"question must be an implant_edu.quiz.Question, got {type(question).__name__}"
        )
    high = len(question.choices) - 1
    if isinstance(choice_index, bool) or not isinstance(choice_index, int):
        raise TypeError(
            f"choice_index must be an int from 0 to {high}, got {choice_index!r} "
            f"of type {type(choice_index).__name__}"
        )
    if not 0 <= choice_index <= high:
        raise ValueError(f"choice_index must be from 0 to {high}, got {choice_index}")
    chosen = question.choices[choice_index]
    sources = f"Sources: {question.citation}."
    if chosen.correct:
        return Feedback(True, f"Correct. {chosen.feedback} {sources}")
    right = question.choices[question.correct_index]
    return Feedback(
        False,
        f'Not quite. {chosen.feedback} The right answer is "{right.text}": '
        f"{right.feedback} {sources}",
    )


def score(questions: tuple[Question, ...] | list[Question], answers: Mapping[str, Any]) -> Score:
    """Score answers to a set of questions.

    Parameters
    ----------
    questions
        The questions of the set.
    answers
        Chosen choice index by question id; a missing id or ``None`` means
        not answered. Ids not in ``questions`` are refused.

    Raises
    ------
    TypeError, ValueError
        For an unknown question id or a bad choice index (see :func:`check`).
    """
    if not isinstance(answers, Mapping):
        raise TypeError(
            f"answers must be a mapping of question id to choice index, got "
            f"{type(answers).__name__}"
        )
    by_id = {q.id: q for q in questions}
    for qid in answers:
        if qid not in by_id:
            raise ValueError(f"answers: {qid!r} is not one of the questions ({', '.join(by_id)})")
    correct = answered = 0
    for qid, index in answers.items():
        if index is None:
            continue
        answered += 1
        correct += check(by_id[qid], index).correct
    return Score(correct=correct, answered=answered, total=len(by_id))
