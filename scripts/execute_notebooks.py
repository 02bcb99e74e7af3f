"""Execute notebooks top to bottom in a fresh kernel and store their outputs.

Usage: python scripts/execute_notebooks.py notebooks/*.ipynb

The kernel runs in the notebook's own folder, as in JupyterLab. Execution
timestamps are dropped so that re-running an unchanged notebook leaves the
file unchanged apart from widget model ids.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TIMEOUT_S = 120


def execute(path: Path) -> nbformat.NotebookNode:
    """Run every cell of the notebook at ``path`` in a fresh kernel and return it."""
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


def main(paths: list[str]) -> int:
    for name in paths:
        path = Path(name)
        nbformat.write(execute(path), path)
        print(f"executed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
