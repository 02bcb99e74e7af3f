"""Write student copies of the lessons: answers and instructor notes removed.

Usage: python scripts/make_student.py OUT_DIR notebooks/*.ipynb

From the same source notebooks as the instructor's, so the two never drift
apart. Removed, not hidden:

* cells tagged ``answers`` (for example the collapsed answer blocks) or
  ``instructor``, and cells whose slide type is ``notes``;
* the saved widget state (it may hold feedback a student already unlocked).

The quiz widgets stay: they check a student's answer in the kernel and only
then explain it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

REMOVED_TAGS = frozenset({"answers", "instructor"})


def is_for_instructors(cell: nbformat.NotebookNode) -> bool:
    """True for a cell that must not reach a student copy."""
    metadata = cell.get("metadata", {})
    if REMOVED_TAGS & set(metadata.get("tags", [])):
        return True
    return metadata.get("slideshow", {}).get("slide_type") == "notes"


def student_copy(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without answer and instructor cells and without widget state."""
    copy = nbformat.from_dict(notebook)
    copy.cells = [cell for cell in copy.cells if not is_for_instructors(cell)]
    copy.metadata.pop("widgets", None)
    return copy


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    out_dir = Path(argv[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in argv[1:]:
        path = Path(name)
        target = out_dir / path.name
        nbformat.write(student_copy(nbformat.read(path, as_version=4)), target)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
