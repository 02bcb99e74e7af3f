"""What the instructor guide reads out of the lessons themselves, and the exam bank.

The guide's objectives and answer keys are taken from the lessons and the quiz
data, never copied by hand, so the guide cannot drift from what students see.

The exam bank (``instructor/exam_bank.yaml``) holds items for instructors
only: it sits outside the package, so it never reaches student copies,
handouts or the wheel. It uses the quiz schema (:mod:`implant_edu.quiz`).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import yaml
from IPython.display import HTML, Markdown

from implant_edu.quiz import Question, answer_key_html, parse_questions

OBJECTIVES_HEADING = "## Learning objectives"
EXAM_BANK = Path(__file__).resolve().parents[1] / "instructor" / "exam_bank.yaml"
"""The instructors' exam bank: in the repository, outside the package."""


def lesson_objectives(notebook: Path | str) -> tuple[str, ...]:
    """The learning objectives of a lesson notebook, as bullet texts.

    Parameters
    ----------
    notebook
        Path of a lesson notebook with a ``## Learning objectives`` cell.

    Raises
    ------
    ValueError
        If the notebook has no such cell.
    """
    path = Path(notebook)
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.startswith(OBJECTIVES_HEADING):
            return tuple(
                line[2:].strip() for line in cell.source.splitlines() if line.startswith("- ")
            )
    raise ValueError(f"notebook {path.name!r} has no {OBJECTIVES_HEADING!r} cell")


def objectives_overview(folder: Path | str) -> Markdown:
    """Every lesson in ``folder`` with its objectives, as one Markdown list."""
    lines = []
    for path in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb")):
        lines.append(f"**{path.stem}**\n")
        lines += [f"- {objective}" for objective in lesson_objectives(path)]
        lines.append("")
    return Markdown("\n".join(lines))


def exam_bank(path: Path | str | None = None) -> tuple[Question, ...]:
    """The exam items, validated like the lessons' questions, options in displayed order.

    Parameters
    ----------
    path
        The exam bank file (default :data:`EXAM_BANK`).

    Raises
    ------
    FileNotFoundError
        If the file is missing (it is not shipped in the package).
    ValueError
        If an item breaks the quiz schema (the message names the item).
    """
    file = Path(path) if path is not None else EXAM_BANK
    raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{file.name}: must be a mapping with 'questions'")
    return parse_questions(file.stem, raw.get("questions"))


def exam_key(path: Path | str | None = None) -> HTML:
    """The exam bank with every option marked, its reasoning, and the key letter."""
    items = exam_bank(path)
    letters = ", ".join(f"{n}{q.correct_letter}" for n, q in enumerate(items, 1))
    return HTML(
        answer_key_html(items, title=f"Exam bank: {len(items)} items")
        + f"<p><b>Key:</b> {letters}</p>"
    )
