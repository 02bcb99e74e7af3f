"""Student copies, the instructor guide, and what each may contain."""

from __future__ import annotations

from html import escape
from pathlib import Path

import nbformat
import pytest

from implant_edu.instructor import lesson_objectives
from implant_edu.quiz import lessons, load
from implant_edu.tools import student as make_student

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
GUIDE = ROOT / "instructor" / "guide.ipynb"


def _everything_shown(notebook: nbformat.NotebookNode) -> str:
    """All the text a reader of the notebook file could see: sources and outputs."""
    parts = [nbformat.writes(notebook)]
    for cell in notebook.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts += [str(value) for value in output.get("data", {}).values()]
            parts.append(str(output.get("text", "")))
    return "\n".join(parts)


def _answer_texts(lesson: str) -> list[str]:
    return [q.choices[q.correct_index].feedback for q in load(lesson)]


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_student_copy_has_no_answers(path: Path) -> None:
    original = nbformat.read(path, as_version=4)
    student = make_student.student_copy(original)
    shown, full = _everything_shown(student), _everything_shown(original)
    answers = _answer_texts(path.stem)
    assert answers, f"{path.stem} has no quiz questions"
    # The lesson itself shows the answers (folded away); the student copy must not.
    assert any(escape(a) in full for a in answers), "answers missing from the lesson itself"
    for answer in answers:
        assert answer not in shown and escape(answer) not in shown, answer[:60]
    assert not [c for c in student.cells if make_student.is_for_instructors(c)]
    assert "widgets" not in student.metadata
    assert len(student.cells) < len(original.cells)


def test_guide_has_every_answer_with_reasoning() -> None:
    shown = _everything_shown(nbformat.read(GUIDE, as_version=4))
    assert len(lessons()) == len(LESSONS)
    for lesson in lessons():
        for question in load(lesson):
            assert f"ie-quiz-{question.id}" in shown, question.id
            for choice in question.choices:
                assert escape(choice.feedback) in shown, choice.feedback[:60]


def test_guide_lists_every_objective() -> None:
    shown = _everything_shown(nbformat.read(GUIDE, as_version=4))
    for path in LESSONS:
        objectives = lesson_objectives(path)
        assert objectives, path.stem
        assert all(objective in shown for objective in objectives)


def test_objectives_need_the_heading(tmp_path: Path) -> None:
    bare = tmp_path / "99_bare.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x")]), bare)
    with pytest.raises(ValueError, match="no '## Learning objectives' cell"):
        lesson_objectives(bare)
