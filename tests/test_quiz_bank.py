"""The question bank against the assessment guide (../shared/assessment-guide.md).

The figures are computed from the data by ``implant_edu.quiz.bank_figures()``;
``python -m implant_edu.quiz`` prints them. The thresholds below are the
guide's standard, with the reasoning next to each.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from implant_edu import quiz as q
from implant_edu.instructor import EXAM_BANK, exam_bank

ROOT = Path(__file__).resolve().parents[1]
FIGURES = q.bank_figures(ROOT / "notebooks")

MIN_ITEMS = 50
MIN_APPLICATION = 0.60  # "at least 60% of items test application"
MIN_VIGNETTE = 0.60  # "most items start from a patient"
MAX_RIGHT_LONGEST = 0.30  # by chance one in 4 (4 options) would be longest: 25%
MAX_RIGHT_SHORTEST = 0.35
MAX_RIGHT_ONLY_HEDGED = 0.20
POSITION_SHARE = (0.15, 0.35)  # even spread: 25% each for 4 options, give or take
MIN_DECISION_ITEMS = 8
MAX_TWO_OPTION_SHARE = 0.10  # "two-option items are for true/false facts only, and few"
# The times the guide names: minutes, a few hours, around the cut-off, a day,
# a weekend, weeks (hours since the healing abutment came out).
TIME_BANDS = {
    "minutes": (0, 1),
    "a few hours": (1, 8),
    "around the cut-off": (8, 18),
    "a day": (18, 36),
    "a weekend": (36, 96),
    "weeks": (168, 10_000),
}


def test_figures_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    text = FIGURES.text()
    print(text)
    assert f"items: {FIGURES.items}" in text
    assert "right answer's displayed position" in text


def test_enough_items() -> None:
    assert FIGURES.items >= MIN_ITEMS, FIGURES.text()


def test_four_or_five_options() -> None:
    two = FIGURES.options.get(2, 0)
    assert two / FIGURES.items <= MAX_TWO_OPTION_SHARE
    assert set(FIGURES.options) <= {2, 4, 5}, FIGURES.options


def test_no_length_cue() -> None:
    assert FIGURES.right_longest <= MAX_RIGHT_LONGEST, FIGURES.text()
    assert FIGURES.right_shortest <= MAX_RIGHT_SHORTEST, FIGURES.text()
    assert FIGURES.right_hedged_only <= MAX_RIGHT_ONLY_HEDGED, FIGURES.text()


def test_position_spread_even() -> None:
    low, high = POSITION_SHARE
    for share in FIGURES.position_shares[:4]:
        assert low <= share <= high, FIGURES.text()


def test_mostly_vignettes_and_application() -> None:
    assert FIGURES.vignette >= MIN_VIGNETTE, FIGURES.text()
    assert FIGURES.application >= MIN_APPLICATION, FIGURES.text()


def test_central_decision_at_every_time_and_policy() -> None:
    assert FIGURES.decision_items >= MIN_DECISION_ITEMS, FIGURES.text()
    for band, (low, high) in TIME_BANDS.items():
        assert any(low <= h < high for h in FIGURES.decision_hours), f"no decision item: {band}"
    for policy in q.POLICIES:
        assert FIGURES.decision_policies.get(policy, 0) >= 1, f"no decision item: {policy}"


def test_red_flags_are_tested() -> None:
    assert FIGURES.red_flag_items >= 5
    text = " ".join(
        f"{x.prompt} {' '.join(c.text + ' ' + c.feedback for c in x.choices)}"
        for x in q.bank()
        if x.red_flag
    ).casefold()
    for flag in ("moves", "swelling", "choking", "cough", "radiograph", "swallow", "temporary"):
        assert flag in text, flag


def test_every_objective_has_two_items() -> None:
    assert FIGURES.objectives, "no lesson notebooks found"
    assert not FIGURES.objectives_below_two, FIGURES.text()
    # only the orientation skills of lesson 01 and the review's lesson tags
    assert len(FIGURES.objectives_not_quizzed) <= 3


def test_objective_tags_name_real_objectives() -> None:
    from implant_edu.instructor import lesson_objectives

    for lesson in q.lessons():
        objectives = [
            o.casefold() for o in lesson_objectives(ROOT / "notebooks" / f"{lesson}.ipynb")
        ]
        for question in q.own(lesson):
            for tag in question.objectives:
                assert any(o.startswith(tag.casefold()) for o in objectives), (question.id, tag)


def test_no_absolutes_and_no_all_or_none_of_the_above() -> None:
    assert not FIGURES.absolutes_in_distractors
    for question in q.bank():
        for choice in question.choices:
            assert "of the above" not in choice.text.casefold(), question.id


def test_wrong_feedback_never_names_the_right_option() -> None:
    assert not FIGURES.wrong_feedback_naming_right


def test_feedback_explains_with_a_grade() -> None:
    """The right option's feedback names a grade, or the kind of source for facts
    about products (a maker's catalogue) and definitions (a classification)."""
    grades = re.compile(
        r"measured|consensus|rule of thumb|analogy|systematic review|meta-analysis|"
        r"no study|clinical practice|catalogue|classification",
        re.IGNORECASE,
    )
    for question in q.bank():
        right = question.choices[question.correct_index]
        assert grades.search(right.feedback), question.id
        for choice in question.choices:
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", choice.feedback) if s]
            assert 1 <= len(sentences) <= 3, (question.id, choice.text)


def test_no_item_tests_the_software() -> None:
    software = re.compile(r"\b(slider|toggle|explorer|widget|button|the model draws|click)\b")
    for question in q.bank():
        assert not software.search(question.prompt.casefold()), question.id


def test_options_homogeneous_in_length() -> None:
    for question in q.bank():
        lengths = [len(c.text) for c in question.choices]
        assert max(lengths) <= 3 * min(lengths) + 20, (question.id, lengths)


def test_no_twelve_hour_paradox_item() -> None:
    for question in q.bank():
        assert "paradox" not in question.prompt.casefold()
        assert "still shows an opening" not in question.prompt.casefold()


# ------------------------------------------------------------- the exam bank


def test_exam_bank_meets_the_same_guide() -> None:
    items = exam_bank()
    assert len(items) >= 12
    application = sum(x.kind == "application" for x in items) / len(items)
    assert application >= MIN_APPLICATION
    assert sum(x.is_decision for x in items) >= 3
    for item in items:
        assert len(item.choices) in (4, 5)
        right = item.choices[item.correct_index].text.casefold()
        for choice in item.choices:
            if not choice.correct:
                assert not q.has_absolute(choice.text), item.id
                assert right not in choice.feedback.casefold(), item.id
    longest = sum(
        len(x.choices[x.correct_index].text) > max(len(c.text) for c in x.choices if not c.correct)
        for x in items
    )
    assert longest / len(items) <= MAX_RIGHT_LONGEST
    bank_ids = {x.id for x in q.bank()}
    assert not bank_ids & {x.id for x in items}


def test_exam_bank_stays_out_of_student_material() -> None:
    """Exam items live under instructor/, never in the package, and never in a lesson."""
    assert EXAM_BANK.parent.name == "instructor"
    package = ROOT / "implant_edu"
    assert not any(p.name == EXAM_BANK.name for p in package.rglob("*.yaml"))
    raw = yaml.safe_load(EXAM_BANK.read_text(encoding="utf-8"))
    prompts = [" ".join(item["prompt"].split()) for item in raw["questions"]]
    ids = [item["id"] for item in raw["questions"]]
    student_side = [*sorted((ROOT / "notebooks").glob("*.ipynb")), *package.rglob("*.yaml")]
    for path in student_side:
        text = " ".join(path.read_text(encoding="utf-8").split())
        for qid, prompt in zip(ids, prompts, strict=True):
            assert prompt[:80] not in text, (path.name, qid)
            assert f"ie-quiz-{qid}" not in text, (path.name, qid)
    # in the guide, every cell that shows the exam bank is for instructors only
    guide = nbformat.read(ROOT / "instructor" / "guide.ipynb", as_version=4)
    showing = [c for c in guide.cells if "exam" in c.source.casefold() and c.cell_type == "code"]
    assert showing, "the guide does not show the exam bank"
    for cell in showing:
        assert "instructor" in cell.metadata.get("tags", []), cell.source[:60]
