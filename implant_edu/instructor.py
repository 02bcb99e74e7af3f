"""What the instructor guide reads out of the lessons themselves.

The guide's objectives and answer keys are taken from the lessons and the quiz
data, never copied by hand, so the guide cannot drift from what students see.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from IPython.display import Markdown

OBJECTIVES_HEADING = "## Learning objectives"


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
