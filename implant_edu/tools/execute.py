"""Execute notebooks top to bottom in a fresh kernel and store their outputs.

Usage: python -m implant_edu.tools.execute notebooks/*.ipynb

The kernel runs in the notebook's own folder, as in JupyterLab. Execution
timestamps are dropped so that re-running an unchanged notebook leaves the
file unchanged apart from widget model ids. Needs the test extras (nbclient).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

TIMEOUT_S = 120


def execute(path: Path) -> nbformat.NotebookNode:
    """Run every cell of the notebook at ``path`` in a fresh kernel and return it."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute()
    for cell in notebook.cells:
        cell.get("metadata", {}).pop("execution", None)
    return notebook


def main(argv: list[str]) -> int:
    """Execute each notebook named in ``argv`` in place; 2 (and nothing
    written) if any is not a notebook file."""
    import argparse

    import nbformat

    parser = argparse.ArgumentParser(
        prog="python -m implant_edu.tools.execute", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("notebooks", nargs="+", type=Path, help="notebooks (.ipynb) to run")
    paths = parser.parse_args(argv).notebooks
    missing = [p for p in paths if p.suffix != ".ipynb" or not p.is_file()]
    if missing:
        parser.error(f"not a notebook file: {', '.join(map(str, missing))}")
    for path in paths:
        nbformat.write(execute(path), path)
        print(f"executed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
