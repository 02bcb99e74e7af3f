"""Self-check questions: load, validate, shuffle, check, score, and the bank's figures.

Questions are data, one file per lesson: ``data/quiz/<lesson>.yaml``::

    lesson: 05_getting_back_in
    questions:
      - id: reseat-at-three-hours      # stable, kebab-case, unique in the whole bank
        kind: application              # application (a decision about a patient) or recall
        vignette: true                 # starts from a patient
        decision: {hours: 3, policy: 12 h}   # optional: the central decision,
                                       # time since loss -> what to do
        red_flag: false                # optional: tests a red flag (brief section 9)
        objectives: [choose between reseating]   # start of the lesson's objective(s)
        prompt: ...
        choices:                       # the right one may come first: see below
          - text: ...
            correct: true
            feedback: why this is right (with source and grade)
          - text: ...
            correct: false
            feedback: why this is wrong, without naming the right option
        sources: [amin]

The review lesson's file may also say ``draw: {per_lesson: 2, seed: ...}``:
its quiz then holds its own questions plus a balanced, seeded draw of that many
questions from every other lesson.

Options are shown in a seeded order derived from the question ids (SHA-256,
never Python's ``hash()``, so the same in every run and on every machine and
whatever the order in the file): the right option's position is balanced
within each lesson (:func:`right_position`), the wrong ones are shuffled by
:func:`seeded_order`. :class:`Question.choices` is already in the displayed
order, and letters in answer keys and printable copies are the displayed
letters.

Scoring counts first attempts (:class:`Progress`): a wrong answer's feedback
explains why it is wrong without naming the right option; the full
explanation opens after a right answer or a second wrong one.

Pure: no widgets (see :mod:`implant_edu.widgets.quiz`).
Run ``python -m implant_edu.quiz`` to print the bank's figures.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from html import escape
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from implant_edu.evidence import Source, data_file, source

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KINDS = ("application", "recall")
POLICIES = ("12 h", "24 h", "next business day")
REVIEW = "07_review"
NO_SOURCE = "no study; standard clinical practice (rule of thumb)"


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
        Stable kebab-case id, unique in the whole bank (used in CSS classes
        and as the seed of the option order).
    lesson
        The lesson the question belongs to, e.g. ``"03_something_fell_out"``.
    prompt
        The question: most often a patient (the vignette), then a lead-in.
    choices
        The answers, in the order shown (seeded by the id).
    sources
        The sources the question rests on.
    kind
        ``"application"`` (a decision about a patient) or ``"recall"``.
    vignette
        Whether the prompt starts from a patient.
    decision_hours
        For an item on the central decision (time since loss -> what to do):
        the hours since the healing abutment came out; else ``None``.
    policy
        The clinic's policy the decision item sets (one of :data:`POLICIES`),
        or ``None``.
    red_flag
        Whether the item tests a red flag or a safety step (brief section 9).
    objectives
        The start of each learning objective of the lesson the item tests.
    """

    id: str
    lesson: str
    prompt: str
    choices: tuple[Choice, ...]
    sources: tuple[Source, ...]
    kind: str = "recall"
    vignette: bool = False
    decision_hours: float | None = None
    policy: str | None = None
    red_flag: bool = False
    objectives: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        """The sources as an in-text citation, or a note that no study is cited."""
        if not self.sources:
            return NO_SOURCE
        return "; ".join(s.short for s in self.sources)

    def sources_after(self, text: str) -> str:
        """The sources to print after ``text``: all of them (" Sources: ..."),
        the ones ``text`` does not already cite (" See also: ..."), or "" when
        it cites them all. Printing a citation twice in a row only adds noise.
        """
        if not self.sources:
            return f" Sources: {NO_SOURCE}."
        rest = [s.short for s in self.sources if s.short not in text]
        if not rest:
            return ""
        return f" {'Sources' if len(rest) == len(self.sources) else 'See also'}: {'; '.join(rest)}."

    @property
    def correct_index(self) -> int:
        """Index of the one correct choice, in the displayed order."""
        return next(i for i, choice in enumerate(self.choices) if choice.correct)

    @property
    def correct_letter(self) -> str:
        """The displayed letter of the correct choice, e.g. ``"c"``."""
        return letter(self.correct_index)

    @property
    def is_decision(self) -> bool:
        """Whether the item tests the central decision, time since loss -> what to do."""
        return self.decision_hours is not None


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: right or not, and why.

    A wrong answer's text never names the right option.
    """

    correct: bool
    text: str


@dataclass(frozen=True)
class Score:
    """How a set of answers did, counting first attempts only.

    Attributes
    ----------
    correct
        Questions answered right at the first attempt.
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
        """The score in words, e.g. ``"First try: 5 of 7 right (7 answered)"``.

        Before any answer it says so (``"First try: no answers yet (7 questions)"``):
        "0 of 7 right" under an untouched quiz reads as a failing grade.
        """
        if self.answered == 0:
            questions = "question" if self.total == 1 else "questions"
            return f"First try: no answers yet ({self.total} {questions})"
        return f"First try: {self.correct} of {self.total} right ({self.answered} answered)"


def letter(index: int) -> str:
    """The letter of a displayed option: 0 -> ``"a"``."""
    return chr(ord("a") + index)


def seeded_order(key: str, n: int) -> tuple[int, ...]:
    """A permutation of ``range(n)`` derived from ``key`` alone.

    A Fisher-Yates shuffle driven by SHA-256 of the key (never Python's
    ``hash()``, which changes between runs), so the order is the same in every
    run, on every machine and in every Python version.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a whole number >= 0, got {n!r}")
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        digest = hashlib.sha256(f"{key}/{i}".encode()).digest()
        j = int.from_bytes(digest[:8], "big") % (i + 1)
        order[i], order[j] = order[j], order[i]
    return tuple(order)


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
    return " ".join(value.split())


def _choice(where: str, raw: object) -> Choice:
    if not isinstance(raw, Mapping):
        raise _fail(where, f"a choice must be a mapping with text, correct, feedback; got {raw!r}")
    correct = raw.get("correct")
    if not isinstance(correct, bool):
        raise _fail(where, f"'correct' must be true or false, got {correct!r}")
    return Choice(
        text=_text(where, raw, "text"), correct=correct, feedback=_text(where, raw, "feedback")
    )


def _flag(where: str, raw: Mapping[str, Any], key: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise _fail(where, f"{key!r} must be true or false, got {value!r}")
    return value


def _decision(where: str, raw: object) -> tuple[float | None, str | None]:
    if raw is None:
        return None, None
    if not isinstance(raw, Mapping):
        raise _fail(where, f"'decision' must be a mapping with 'hours' (and 'policy'), got {raw!r}")
    hours = raw.get("hours")
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or hours < 0:
        raise _fail(where, f"decision 'hours' must be a number >= 0, got {hours!r}")
    policy = raw.get("policy")
    if policy is not None and policy not in POLICIES:
        raise _fail(
            where, f"decision 'policy' must be one of {', '.join(POLICIES)}; got {policy!r}"
        )
    return float(hours), policy


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
    written = tuple(_choice(where, c) for c in raw_choices)
    n_correct = sum(c.correct for c in written)
    if n_correct != 1:
        raise _fail(where, f"exactly one choice must be correct, found {n_correct}")
    texts = [c.text.casefold() for c in written]
    if len(set(texts)) != len(texts):
        raise _fail(where, "two choices have the same text")
    keys = raw.get("sources")
    if not isinstance(keys, list):
        raise _fail(where, f"'sources' must be a list of source keys ([] if none), got {keys!r}")
    try:
        sources = tuple(source(key) for key in keys)
    except (TypeError, ValueError) as error:
        raise _fail(where, str(error)) from None
    kind = raw.get("kind", "recall")
    if kind not in KINDS:
        raise _fail(where, f"'kind' must be one of {', '.join(KINDS)}; got {kind!r}")
    objectives = raw.get("objectives", [])
    if not isinstance(objectives, list) or not all(
        isinstance(o, str) and o.strip() for o in objectives
    ):
        raise _fail(where, f"'objectives' must be a list of strings, got {objectives!r}")
    hours, policy = _decision(where, raw.get("decision"))
    return Question(
        id=qid,
        lesson=lesson,
        prompt=_text(where, raw, "prompt"),
        choices=written,
        sources=sources,
        kind=kind,
        vignette=_flag(where, raw, "vignette"),
        decision_hours=hours,
        policy=policy,
        red_flag=_flag(where, raw, "red_flag"),
        objectives=tuple(o.strip() for o in objectives),
    )


def parse_questions(name: str, items: object) -> tuple[Question, ...]:
    """Validate a list of raw questions (as read from YAML) under the name ``name``.

    Used for the lessons' files and for question banks kept elsewhere (the
    instructors' exam bank). Ids must be unique within the list.

    Raises
    ------
    ValueError
        If an item breaks the schema (the message names the file and question).
    """
    where = f"{name}.yaml"
    if not isinstance(items, list) or not items:
        raise _fail(where, "'questions' must be a non-empty list")
    questions = tuple(_question(name, f"{where} item {n}", item) for n, item in enumerate(items))
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise _fail(where, f"question id {question.id!r} is used twice")
        seen.add(question.id)
    return shuffled(name, questions)


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def right_position(group: str, questions: Sequence[Question], qid: str) -> int:
    """Where the right option of question ``qid`` is shown, balanced within ``group``.

    The questions of a group (a lesson's file) are ranked by SHA-256 of their
    ids; the right options then take the displayed positions a, b, c, d, ...
    in turn from a start set by the group's name. So every position holds
    about as many right answers as the others, in each lesson and in the
    whole bank, and the order depends on the ids alone, never on file order
    or on the run.
    """
    ranked = sorted(questions, key=lambda q: (_digest(q.id), q.id))
    rank = next(i for i, q in enumerate(ranked) if q.id == qid)
    n = len(next(q for q in questions if q.id == qid).choices)
    return (rank + _digest(group)) % n


def shuffled(group: str, questions: Sequence[Question]) -> tuple[Question, ...]:
    """The questions with their options in the displayed order (see :func:`right_position`).

    The wrong options are shuffled by :func:`seeded_order` of the id, and the
    right one is placed at its balanced position.
    """
    out = []
    for question in questions:
        right = next(c for c in question.choices if c.correct)
        wrong = sorted(
            (c for c in question.choices if not c.correct), key=lambda c: _digest(c.text)
        )
        wrong = [wrong[i] for i in seeded_order(question.id, len(wrong))]
        wrong.insert(right_position(group, questions, question.id), right)
        out.append(replace(question, choices=tuple(wrong)))
    return tuple(out)


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


@dataclass(frozen=True)
class _File:
    questions: tuple[Question, ...]
    per_lesson: int = 0
    seed: str = ""
    draw_objectives: tuple[str, ...] = ()


@cache
def _read(lesson: str) -> _File:
    where = f"{lesson}.yaml"
    raw = yaml.safe_load(_quiz_dir().joinpath(where).read_text(encoding="utf-8"))
    if not isinstance(raw, Mapping):
        raise _fail(where, "the file must be a mapping with 'lesson' and 'questions'")
    if raw.get("lesson") != lesson:
        raise _fail(
            where, f"'lesson' must be {lesson!r} (the file name), got {raw.get('lesson')!r}"
        )
    questions = parse_questions(lesson, raw.get("questions"))
    draw = raw.get("draw")
    if draw is None:
        return _File(questions)
    per_lesson, seed = (draw.get(k) for k in ("per_lesson", "seed"))
    if isinstance(per_lesson, bool) or not isinstance(per_lesson, int) or per_lesson < 1:
        raise _fail(where, f"draw 'per_lesson' must be a whole number >= 1, got {per_lesson!r}")
    if not isinstance(seed, str) or not seed:
        raise _fail(where, f"draw 'seed' must be a non-empty string, got {seed!r}")
    return _File(questions, per_lesson, seed, tuple(draw.get("objectives", [])))


def own(lesson: str) -> tuple[Question, ...]:
    """The questions written for ``lesson`` itself (for the review: not the drawn ones)."""
    return _read(_check_lesson(lesson)).questions


def _draw(lesson: str) -> tuple[Question, ...]:
    """A balanced, seeded draw from every other lesson (application items first)."""
    spec = _read(lesson)
    drawn: list[Question] = []
    for other in lessons():
        if other == lesson:
            continue
        ranked = sorted(
            own(other),
            key=lambda q: (
                q.kind != "application",
                hashlib.sha256(f"{spec.seed}/{q.id}".encode()).hexdigest(),
            ),
        )
        drawn += ranked[: spec.per_lesson]
    return tuple(drawn)


@cache
def _load(lesson: str) -> tuple[Question, ...]:
    questions = _read(lesson).questions
    if _read(lesson).per_lesson:
        # The review shows the drawn questions with positions balanced within
        # the review itself, so its own answer key and print use these letters.
        questions = shuffled(lesson, _draw(lesson) + questions)
    seen: dict[str, str] = {}
    for other in lessons():
        for question in _read(other).questions:
            if question.id in seen:
                raise _fail(
                    f"{other}.yaml",
                    f"question id {question.id!r} is used in {seen[question.id]} too",
                )
            seen[question.id] = other
    return questions


def load(lesson: str) -> tuple[Question, ...]:
    """The questions of a lesson, validated; options in the displayed (seeded) order.

    For the review lesson: a balanced, seeded draw from every other lesson,
    then its own questions.

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


def _check_index(question: object, choice_index: object) -> Question:
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
    return question


def check(question: Question, choice_index: int) -> Feedback:
    """Whether ``choice_index`` (displayed order) is the right answer, and why.

    Returns
    -------
    Feedback
        ``correct`` and a text: the verdict and the chosen answer's feedback,
        then the sources. A wrong answer's text does not name the right option.

    Raises
    ------
    TypeError
        If ``question`` is not a Question or ``choice_index`` not an int.
    ValueError
        If ``choice_index`` is out of range.
    """
    chosen = _check_index(question, choice_index).choices[choice_index]
    if chosen.correct:
        return Feedback(
            True, f"Correct. {chosen.feedback}{question.sources_after(chosen.feedback)}"
        )
    return Feedback(False, f"Not quite. {chosen.feedback}")


def explanation(question: Question) -> str:
    """The full explanation: the right option with its displayed letter, why, and the sources."""
    right = question.choices[question.correct_index]
    return (
        f"The answer is ({question.correct_letter}) {right.text}. {right.feedback}"
        f"{question.sources_after(right.feedback)}"
    )


@dataclass(frozen=True)
class Response:
    """What a student sees after pressing Check.

    Attributes
    ----------
    feedback
        The verdict on the chosen option (never names the right one when wrong).
    explanation
        The full explanation, once it has opened (after a right answer or a
        second wrong one); ``None`` before that.
    first_try
        Whether this was the question's first checked answer (the one scored).
    first_was_right
        Whether the question's first checked answer (the one scored) was right.
    """

    feedback: Feedback
    explanation: str | None
    first_try: bool
    first_was_right: bool

    @property
    def prompt_again(self) -> bool:
        """Whether the student is asked to try another answer."""
        return self.explanation is None


@dataclass
class Progress:
    """A student's attempts on a set of questions: first-attempt scoring.

    ``answer(qid, index)`` records a checked answer and returns what to show.
    The first checked answer of each question is the one scored; a second,
    different wrong answer (or a right one) opens the full explanation.
    """

    questions: Sequence[Question]
    first: dict[str, int] = field(default_factory=dict)
    wrong: dict[str, set[int]] = field(default_factory=dict)
    solved: set[str] = field(default_factory=set)

    def _question(self, qid: str) -> Question:
        for question in self.questions:
            if question.id == qid:
                return question
        raise ValueError(
            f"{qid!r} is not one of the questions ({', '.join(q.id for q in self.questions)})"
        )

    def answer(self, qid: str, choice_index: int) -> Response:
        """Record a checked answer to question ``qid`` and say what to show."""
        question = self._question(qid)
        feedback = check(question, choice_index)
        first_try = qid not in self.first
        if first_try:
            self.first[qid] = choice_index
        if feedback.correct:
            self.solved.add(qid)
        else:
            self.wrong.setdefault(qid, set()).add(choice_index)
        opened = qid in self.solved or len(self.wrong.get(qid, ())) >= 2
        first_was_right = check(question, self.first[qid]).correct
        return Response(
            feedback, explanation(question) if opened else None, first_try, first_was_right
        )

    @property
    def score(self) -> Score:
        """The first-attempt score."""
        return score(self.questions, self.first)


def score(questions: Iterable[Question], answers: Mapping[str, Any]) -> Score:
    """Score first answers to a set of questions.

    Parameters
    ----------
    questions
        The questions of the set.
    answers
        The first checked choice index (displayed order) by question id; a
        missing id or ``None`` means not answered. Ids not in ``questions``
        are refused.

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


# ---------------------------------------------------------------- static HTML


def _lesson_label(lesson: str) -> str:
    return f"Lesson {lesson[:2]}"


def prompt_html(number: int, question: Question, *, shown_in: str | None = None) -> str:
    """A question's number and prompt as one HTML paragraph.

    Shown in the review lesson (``shown_in`` is ``"07_review"``), a question
    drawn from another lesson carries that lesson, e.g. "(Lesson 04)", so
    students know what to revisit; the review's own questions carry none.
    """
    tagged = shown_in == REVIEW and question.lesson != REVIEW
    tag = f" <i>({_lesson_label(question.lesson)})</i>" if tagged else ""
    return f"<p style='margin:0.6em 0 0.2em 0'><b>Q{number}.</b> {escape(question.prompt)}{tag}</p>"


def lesson_title(lesson: str) -> str:
    """The title a student sees for ``lesson`` (a notebook's stem): the lesson's own
    ``# `` heading, or, where the lessons are not at hand, the stem in words."""
    folder = _notebooks()
    path = None if folder is None else folder / f"{lesson}.ipynb"
    if path is not None and path.is_file():
        from implant_edu.tools.start_page import heading_and_lead

        return heading_and_lead(path)[0]
    return lesson.replace("_", " ")


def printable_html(lesson: str, *, ids: object = None, heading: bool = True) -> str:
    """The questions of a lesson for print, each answer folded in a ``<details>`` block.

    For handouts and printed pages, where the interactive quiz cannot run.
    Options carry their displayed letters (the same order as the live quiz).
    ``heading`` adds "Check yourself: <lesson title>" (left out where the
    questions stand in the lesson, under its own heading).
    """
    questions = select(lesson, ids)
    parts = []
    for number, question in enumerate(questions, 1):
        options = "".join(
            f"<li>{letter(i)}. {escape(choice.text)}</li>"
            for i, choice in enumerate(question.choices)
        )
        parts.append(
            f"<div class='ie-quiz-{question.id}'>"
            f"{prompt_html(number, question, shown_in=lesson)}"
            f"<ul style='list-style:none'>{options}</ul>"
            f"<details><summary>Show the answer</summary><p>{escape(explanation(question))}</p>"
            "</details></div>"
        )
    title = f"<h2>Check yourself: {escape(lesson_title(lesson))}</h2>" if heading else ""
    return "<div class='ie-quiz-answers'>" + title + "".join(parts) + "</div>"


def answer_key_html(lesson_or_questions: str | Sequence[Question], *, title: str = "") -> str:
    """Every question with every option marked and its reasoning (instructors only).

    Nothing is folded away, and the feedback of the wrong options is shown
    too: why each distractor is wrong is what a class discussion needs.
    Letters are the displayed letters. Accepts a lesson name or a sequence of
    questions (for example the instructors' exam bank).
    """
    if isinstance(lesson_or_questions, str):
        questions, shown_in = load(lesson_or_questions), lesson_or_questions
    else:
        questions, shown_in = tuple(lesson_or_questions), None
    parts = []
    for number, question in enumerate(questions, 1):
        rows = "".join(
            f"<li><b>{letter(i)}. {'&#10004;' if choice.correct else '&#10008;'} "
            f"{escape(choice.text)}</b><br>{escape(choice.feedback)}</li>"
            for i, choice in enumerate(question.choices)
        )
        parts.append(
            f"<div class='ie-quiz-{question.id}'>"
            f"{prompt_html(number, question, shown_in=shown_in)}"
            f"<ul style='list-style:none'>{rows}</ul>"
            f"<p><i>Key: {question.correct_letter}. Sources: {escape(question.citation)}.</i></p>"
            "</div>"
        )
    heading = f"<h3>{escape(title)}</h3>" if title else ""
    return "<div class='ie-answer-key'>" + heading + "".join(parts) + "</div>"


# ---------------------------------------------------------------- bank figures

_HEDGES = re.compile(r"\b(about|usually|often|most|likely|probably|may|can)\b", re.IGNORECASE)
_ABSOLUTES = re.compile(
    r"\b(always|never|exactly|all of the above|none of the above|every|guaranteed|at all)\b",
    re.IGNORECASE,
)


def has_absolute(text: str) -> bool:
    """Whether an option's text carries a give-away absolute ("always", "never", ...)."""
    return bool(_ABSOLUTES.search(text))


def _notebooks() -> Path | None:
    """The lessons' folder, in a checkout or an installed wheel (``course_files``)."""
    from implant_edu.tools import CourseFilesNotFoundError, course_files

    try:
        folder = course_files() / "notebooks"
    except CourseFilesNotFoundError:
        return None
    return folder if folder.is_dir() else None


@dataclass(frozen=True)
class BankFigures:
    """The bank's figures, computed from the data (see :func:`bank_figures`).

    The bank is every lesson's own questions (the review's drawn questions are
    counted once, in their own lesson).
    """

    items: int
    per_lesson: dict[str, int]
    options: dict[int, int]
    right_longest: float
    right_shortest: float
    right_hedged_only: float
    position_counts: tuple[int, ...]
    position_shares: tuple[float, ...]
    vignette: float
    application: float
    decision_items: int
    decision_hours: tuple[float, ...]
    decision_policies: dict[str, int]
    red_flag_items: int
    absolutes_in_distractors: tuple[str, ...]
    wrong_feedback_naming_right: tuple[str, ...]
    objectives: dict[str, int] | None
    objectives_not_quizzed: tuple[str, ...]
    review_draw: dict[str, int]

    @property
    def objectives_below_two(self) -> tuple[str, ...]:
        """Objectives (``lesson: text``) with fewer than two items."""
        if self.objectives is None:
            return ()
        return tuple(k for k, n in self.objectives.items() if n < 2)

    def text(self) -> str:
        """The figures as a short plain-text report."""
        pct = lambda x: f"{100 * x:.0f}%"  # noqa: E731
        lines = [
            f"items: {self.items} ("
            + ", ".join(f"{k[:2]}: {n}" for k, n in self.per_lesson.items())
            + ")",
            "options per item: "
            + ", ".join(f"{n} options: {c}" for n, c in sorted(self.options.items())),
            f"right answer is the longest option: {pct(self.right_longest)}; "
            f"the shortest: {pct(self.right_shortest)}; "
            f"the only hedged one: {pct(self.right_hedged_only)}",
            "right answer's displayed position: "
            + ", ".join(
                f"{letter(i)} {n} ({pct(s)})"
                for i, (n, s) in enumerate(
                    zip(self.position_counts, self.position_shares, strict=True)
                )
            ),
            f"vignettes: {pct(self.vignette)}; application items: {pct(self.application)}",
            f"decision items (time since loss -> what to do): {self.decision_items}, at hours "
            + ", ".join(f"{h:g}" for h in self.decision_hours)
            + "; policies: "
            + ", ".join(f"{k} {n}" for k, n in self.decision_policies.items()),
            f"red-flag and safety items: {self.red_flag_items}",
            f"absolutes in wrong options: {len(self.absolutes_in_distractors)}; "
            f"wrong feedback naming the right option: {len(self.wrong_feedback_naming_right)}",
        ]
        if self.objectives is None:
            lines.append("objectives: notebooks not found, not checked")
        else:
            lines.append(
                f"objectives with >= 2 items: "
                f"{len(self.objectives) - len(self.objectives_below_two)} of {len(self.objectives)}"
                + (
                    f" (below: {'; '.join(self.objectives_below_two)})"
                    if self.objectives_below_two
                    else ""
                )
                + f"; not quizzed by design: {len(self.objectives_not_quizzed)}"
            )
        lines.append(
            "review draw: " + ", ".join(f"{k[:2]}: {n}" for k, n in self.review_draw.items())
        )
        return "\n".join(lines)


NOT_QUIZZED = {
    "01_start_here": (
        # Skills practised by doing; the assessment guide forbids items about the software.
        "run a lesson and use its controls",
        "find your way along the seven lessons",
    ),
    REVIEW: (
        # Met by the lesson tag on each drawn question, not by an item of its own.
        "find the lesson to revisit",
    ),
}


def bank() -> tuple[Question, ...]:
    """Every lesson's own questions, in lesson order and displayed order: the question bank."""
    out: list[Question] = []
    for lesson in lessons():
        shown = load(lesson) if _read(lesson).per_lesson else own(lesson)
        out += [q for q in shown if q.lesson == lesson]
    return tuple(out)


def bank_figures(notebooks: Path | str | None = None) -> BankFigures:
    """Compute the bank's figures from the data.

    Parameters
    ----------
    notebooks
        The folder of lesson notebooks, to read the learning objectives from
        (default: the repository's ``notebooks/``; objectives are not
        checked when it is missing).
    """
    questions = bank()
    n = len(questions)
    longest = shortest = hedged = 0
    positions: Counter[int] = Counter()
    offered: Counter[int] = Counter()
    for q in questions:
        lengths = [len(c.text) for c in q.choices]
        right = lengths[q.correct_index]
        others = [x for i, x in enumerate(lengths) if i != q.correct_index]
        longest += right > max(others)
        shortest += right < min(others)
        hedge = [bool(_HEDGES.search(c.text)) for c in q.choices]
        hedged += hedge[q.correct_index] and sum(hedge) == 1
        positions[q.correct_index] += 1
        for i in range(len(q.choices)):
            offered[i] += 1
    width = max(offered) + 1
    counts = tuple(positions[i] for i in range(width))
    shares = tuple(positions[i] / offered[i] for i in range(width))
    absolutes = tuple(
        f"{q.id}: {c.text}"
        for q in questions
        for c in q.choices
        if not c.correct and has_absolute(c.text)
    )
    naming = tuple(
        q.id
        for q in questions
        for c in q.choices
        if not c.correct and q.choices[q.correct_index].text.casefold() in c.feedback.casefold()
    )
    decisions = [q for q in questions if q.is_decision]
    policies = Counter(q.policy or "unset" for q in decisions)
    folder = Path(notebooks) if notebooks is not None else _notebooks()
    objectives: dict[str, int] | None = None
    not_quizzed: list[str] = []
    if folder is not None:
        from implant_edu.instructor import lesson_objectives

        objectives = {}
        for lesson in lessons():
            path = folder / f"{lesson}.ipynb"
            if not path.exists():
                continue
            items = list(own(lesson))
            spec = _read(lesson)
            for objective in lesson_objectives(path):
                key = f"{lesson}: {objective}"
                low = objective.casefold()
                if any(low.startswith(x.casefold()) for x in NOT_QUIZZED.get(lesson, ())):
                    not_quizzed.append(key)
                    continue
                hits = sum(any(low.startswith(o.casefold()) for o in q.objectives) for q in items)
                if any(low.startswith(o.casefold()) for o in spec.draw_objectives):
                    hits += len(_draw(lesson))
                objectives[key] = hits
    draw = (
        Counter(q.lesson for q in load(REVIEW) if q.lesson != REVIEW) if REVIEW in lessons() else {}
    )
    return BankFigures(
        items=n,
        per_lesson={lesson: len(own(lesson)) for lesson in lessons()},
        options=dict(Counter(len(q.choices) for q in questions)),
        right_longest=longest / n,
        right_shortest=shortest / n,
        right_hedged_only=hedged / n,
        position_counts=counts,
        position_shares=shares,
        vignette=sum(q.vignette for q in questions) / n,
        application=sum(q.kind == "application" for q in questions) / n,
        decision_items=len(decisions),
        decision_hours=tuple(sorted(q.decision_hours for q in decisions)),  # type: ignore[misc]
        decision_policies=dict(sorted(policies.items())),
        red_flag_items=sum(q.red_flag for q in questions),
        absolutes_in_distractors=absolutes,
        wrong_feedback_naming_right=naming,
        objectives=objectives,
        objectives_not_quizzed=tuple(not_quizzed),
        review_draw=dict(sorted(draw.items())),
    )


if __name__ == "__main__":
    print(bank_figures().text())
