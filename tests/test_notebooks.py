"""Whole-notebook checks that strict nbval alone does not make.

* Every lesson follows the template and carries the disclaimer.
* Notebooks are committed with their outputs, free of errors, absolute paths
  and user names.
* Cells survive being run bottom to top in a fresh kernel with the network
  blocked inside it (only loopback may be reached), and once more top to
  bottom in that kernel (every cell runs twice, the first time out of order).

Determinism is strict nbval's part (``make test``): a fresh run compared with
the stored outputs, which came from another fresh run (``make notebooks``).
Each lesson runs twice here (the two passes of the order check), once under
nbval, and in the browser tests.
"""

from __future__ import annotations

import copy
import getpass
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SECTIONS = (
    "## Learning objectives",
    "## Background",
    "## Explore",
    "## Check yourself",
    "## Key points",
    "## References",
)

# Run first in every kernel these tests start: any connection or name lookup
# that is not loopback raises, so a cell that reaches the network fails.
NETWORK_GUARD = """
import ipaddress, sys
def _implant_edu_no_network(event, args):
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else None
        if host is not None:
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = host == "localhost"
            if not loopback:
                raise ConnectionError(f"notebook tried to reach {host}: no network")
    elif event == "socket.getaddrinfo":
        if args[0] not in (None, "localhost", "127.0.0.1", "::1", b"localhost"):
            raise ConnectionError(f"notebook tried to look up {args[0]!r}: no network")
sys.addaudithook(_implant_edu_no_network)
"""


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def test_there_are_seven_lessons() -> None:
    assert [p.name[:3] for p in NOTEBOOKS] == [f"0{n}_" for n in range(1, 8)]


def _client(notebook: nbformat.NotebookNode) -> NotebookClient:
    return NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
        record_timing=False,
    )


def _errors(cell: nbformat.NotebookNode) -> list[str]:
    return [f"{o['ename']}: {o['evalue']}" for o in cell.outputs if o.output_type == "error"]


def _run(
    notebook: nbformat.NotebookNode, order: list[int]
) -> tuple[nbformat.NotebookNode, list[str]]:
    """Execute the code cells at ``order`` in one fresh, network-guarded kernel.

    Returns the notebook (each cell holding the outputs of its last run) and
    every error raised on the way, as ``"cell N: Name: message"``.
    """
    client = _client(notebook)
    client.allow_errors = True
    guard = nbformat.v4.new_code_cell(NETWORK_GUARD)
    errors = []
    with client.setup_kernel():
        client.execute_cell(guard, 0)
        assert not _errors(guard), _errors(guard)
        for index in order:
            client.execute_cell(notebook.cells[index], index)
            errors += [f"cell {index}: {e}" for e in _errors(notebook.cells[index])]
    return notebook, errors


def _code_indices(notebook: nbformat.NotebookNode) -> list[int]:
    return [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_lesson_follows_the_template(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    positions = [markdown.find(section) for section in SECTIONS]
    assert all(p >= 0 for p in positions), dict(zip(SECTIONS, positions, strict=True))
    assert positions == sorted(positions), "sections out of order"
    assert notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[0].source.startswith("# ")
    sources = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert any("lesson.begin()" in s for s in sources), "the lesson must begin with the disclaimer"
    shown = json.dumps([c.get("outputs", []) for c in notebook.cells])
    assert "not advice for a patient's own case" in shown, "disclaimer missing from the outputs"
    assert any("references(" in s for s in sources), "the lesson must list its references"
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            assert cell.metadata.get("slideshow", {}).get("slide_type") == "slide", cell.source
    # RISE settings: the "white" theme loads no web fonts (the default one
    # does), and "scroll" lets a slide taller than the screen scroll, so the
    # controls under a figure stay reachable on a projector.
    assert notebook.metadata.get("rise") == {"theme": "white", "scroll": True}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_lesson_ends_with_the_way_on(path: Path) -> None:
    """The last cell links the next lesson, or, after the last, the start page."""
    last = nbformat.read(path, as_version=4).cells[-1]
    assert last.cell_type == "markdown", "the lesson must end with a link to the next one"
    lessons = sorted(p.name for p in path.parent.glob("*.ipynb"))
    index = lessons.index(path.name)
    target = lessons[index + 1] if index + 1 < len(lessons) else "../START_HERE.ipynb"
    assert f"]({target})" in last.source, f"{path.name} must end with a link to {target}"
    assert (path.parent / target).is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_pictures_show_before_the_cells_run(path: Path) -> None:
    """A student opens a lesson before running it, so JupyterLab does not trust
    it yet: it strips inline <svg> from HTML outputs and will not show
    image/svg+xml. Stored pictures outside widgets must be <img> elements."""
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                continue  # widgets render from their saved state, trusted or not
            assert "image/svg+xml" not in data, f"cell {index}: an image/svg+xml output"
            assert "<svg" not in data.get("text/html", ""), f"cell {index}: inline <svg> in HTML"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_committed_with_clean_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.outputs for c in code), "every code cell must store its output"
    assert all(c.execution_count == n for n, c in enumerate(code, 1)), "run top to bottom"
    text = json.dumps([c.outputs for c in code])
    assert '"output_type": "error"' not in text
    assert "Traceback" not in text
    for private in ("/work/", "/root/", "/home/", "/tmp/", getpass.getuser() + "@"):
        assert private not in text, f"{private!r} in the outputs"
    assert not re.search(r"at 0x[0-9a-f]{6,}", text), "memory address in the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_cells_survive_reverse_order_and_rerun(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    order = _code_indices(notebook)
    # Bottom to top in a fresh kernel: a cell that needs an earlier cell fails
    # on its first run. Then top to bottom once more in the same kernel: every
    # cell runs a second time, after the others.
    _, errors = _run(copy.deepcopy(notebook), order[::-1] + order)
    assert not errors
