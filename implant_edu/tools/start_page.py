"""Write the course's start page, ``START_HERE.ipynb``, from the lessons themselves.

Usage: python -m implant_edu.tools.start_page [FOLDER]

The page links every lesson (``notebooks/*.ipynb``, in order) and the
instructor guide (``instructor/guide.ipynb``), each with its title (the
notebook's ``# `` heading) and the paragraph under it, and ends with the
course's reference list (``lesson.course_references``, from ``sources.yaml``):
nothing is retyped, so
a lesson added or renamed shows up when the page is written again
(``make notebooks`` does; a test fails until then). It is one Markdown cell,
so it shows at once, before anything runs, in a notebook JupyterLab does not
trust yet. FOLDER defaults to the current folder.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from implant_edu.lesson import course_references

START_PAGE = "START_HERE.ipynb"
LESSONS_DIR = "notebooks"
GUIDE = "instructor/guide.ipynb"

INTRO = """\
# implant_edu: start here

Interactive lessons on dental implants for dental students, built around one
phone call: *"my implant fell out"*.

> **Teaching material for dental students, not advice for a patient's own case.**

Open the lessons in order: click a title, then run the lesson with
**Run ▸ Run All Cells** (or Shift+Enter, one cell at a time).
Everything runs on the computer that serves these lessons (your own, or your
school's server); nothing is sent anywhere else."""


def heading_and_lead(notebook: Path) -> tuple[str, str]:
    """The first ``# `` heading of ``notebook`` and the paragraph right under it.

    Raises
    ------
    ValueError
        If the first cell is not Markdown starting with a ``# `` heading.
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    first = cells[0] if cells else {}
    source = "".join(first.get("source", ""))
    if first.get("cell_type") != "markdown" or not source.startswith("# "):
        raise ValueError(f"{notebook}: the first cell must be Markdown starting with '# Title'")
    title, _, rest = source.partition("\n")
    paragraphs = [p for p in rest.split("\n\n") if p.strip()]
    lead = " ".join(paragraphs[0].split()) if paragraphs else ""
    return title[2:].strip(), lead


def _entry(root: Path, notebook: Path) -> str:
    title, lead = heading_and_lead(notebook)
    link = notebook.relative_to(root).as_posix()
    return f"- [{title}]({link})" + (f": {lead}" if lead else "")


def start_page_markdown(root: Path) -> str:
    """The page's Markdown for the course in ``root``."""
    root = Path(root)
    lessons = sorted((root / LESSONS_DIR).glob("*.ipynb"))
    if not lessons:
        raise ValueError(f"no lessons in {root / LESSONS_DIR}")
    parts = [INTRO, "## Lessons", "\n".join(_entry(root, path) for path in lessons)]
    guide = root / GUIDE
    if guide.is_file():
        parts += [
            "## For instructors",
            _entry(root, guide),
            "Hand students the copies that `make student` writes: the guide and the "
            "lessons hold the answers.",
        ]
    parts += [
        "## References for the whole course",
        "Every source the lessons cite, with what it found. Where a lesson gives a "
        "number that no study measured, it says so beside the number.",
        course_references().data,
    ]
    return "\n\n".join(parts) + "\n"


def start_page_json(root: Path) -> str:
    """``START_HERE.ipynb`` as text: one Markdown cell, no outputs, nothing to run."""
    notebook = {
        "cells": [
            {
                "cell_type": "markdown",
                "id": "start-here",
                # Opened by every student: not to be edited or deleted by a slip.
                "metadata": {"editable": False, "deletable": False},
                "source": start_page_markdown(root).splitlines(keepends=True),
            }
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def write_start_page(root: Path) -> Path:
    """Write ``root/START_HERE.ipynb`` and return its path."""
    target = Path(root) / START_PAGE
    target.write_text(start_page_json(Path(root)), encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path()
    print(f"wrote {write_start_page(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
