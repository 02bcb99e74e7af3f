"""Write student copies of the lessons: answers and instructor notes removed.

Usage: python -m implant_edu.tools.student OUT_DIR notebooks/*.ipynb

From the same source notebooks as the instructor's, so the two never drift
apart. Removed, not hidden:

* cells tagged ``answers`` (for example the collapsed answer blocks) or
  ``instructor``, and cells whose slide type is ``notes``;
* the saved widget state (it may hold feedback a student already unlocked).

The quiz widgets stay: they check a student's answer in the kernel and only
then explain it.

It refuses to write into a folder that holds one of the source notebooks, and
never writes over a source notebook (also not through a link): the copies
would replace the instructor's own lessons.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    import nbformat

    copy = nbformat.from_dict(notebook)
    copy.cells = [cell for cell in copy.cells if not is_for_instructors(cell)]
    copy.metadata.pop("widgets", None)
    return copy


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def write_student_copies(out_dir: Path, sources: list[Path]) -> list[Path]:
    """Write the student copy of each notebook in ``sources`` to ``out_dir``.

    Raises
    ------
    ValueError
        If ``out_dir`` is the folder of a source notebook, or a copy would land
        on a source notebook; nothing is written then.
    """
    import nbformat

    out = Path(out_dir)
    folders = {Path(source).resolve().parent for source in sources}
    if out.resolve() in folders:
        raise ValueError(
            f"refusing to write student copies into {out}: it holds the source notebooks, "
            "whose answers would be removed. Choose another folder, e.g. build/student."
        )
    targets = [out / Path(source).name for source in sources]
    for target in targets:
        for source in sources:
            if target.resolve() == Path(source).resolve() or _same_file(target, Path(source)):
                raise ValueError(
                    f"refusing to write {target}: it is the source notebook {source}. "
                    "Choose another folder, e.g. build/student."
                )
    out.mkdir(parents=True, exist_ok=True)
    for source, target in zip(sources, targets, strict=True):
        nbformat.write(student_copy(nbformat.read(source, as_version=4)), target)
    return targets


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    try:
        written = write_student_copies(Path(argv[0]), [Path(name) for name in argv[1:]])
    except ValueError as refused:
        print(refused, file=sys.stderr)
        return 2
    for target in written:
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
