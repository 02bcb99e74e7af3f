"""Programs that build, check and serve the course, and the helpers they share.

Each module runs as ``python -m implant_edu.tools.<name>``:

``lab``
    open JupyterLab on the start page (127.0.0.1, a token, nothing fetched
    from off the machine); ``make lab`` calls it.
``app``
    serve the lessons as apps with Voilà (text, pictures and controls, no
    code; the same guard); ``make app`` calls it.
``start_page``
    write ``START_HERE.ipynb``, the page that links every lesson and the guide.
``execute``
    re-execute notebooks in a fresh kernel and store their outputs.
``student``
    student copies of the lessons, answers and instructor notes removed.
``handouts``
    offline single-file HTML handouts (and PDFs).
``chromium``
    find (or install) the Chromium that the browser tests and PDFs use.
``lockcheck``
    check that requirements.lock installs from wheels on every Python that
    pyproject.toml allows.

The student's command, ``implant-edu`` (``implant_edu.cli``), copies the course
that :func:`course_files` finds and opens it with ``lab.open_lab``.

``labharness`` is a library, not a program: one JupyterLab server on a random
port and one headless Chromium for the browser tests and the benchmarks.
``classroom`` is one too: a JupyterHub from ``deploy/jupyterhub_config.py``
on 127.0.0.1 with simulated students, for ``make classroom``
(``benchmarks/bench_classroom.py``) and ``tests/test_hub.py``.

The library's models, figures and widgets never import this package; the
student's command (``implant_edu.cli``) does, and the quiz bank reads the
lessons' objectives and titles through :func:`course_files` and
``start_page.heading_and_lead`` (inside the functions that need them). Test-only
dependencies (nbclient, nbconvert, Playwright) are imported inside the
functions that need them, so ``lab`` and ``start_page`` work with the course's
own dependencies.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The source checkout this package sits in (with ``pip install -e .``).

The default folder of the programs that work on a clone (lessons, ``node_modules``,
``artifacts``); they also take an explicit folder.
"""

COURSE_DATA = "share/implant-edu"
"""Where a built wheel puts the course (lessons, pictures) under its install prefix
(``[tool.setuptools.data-files]`` in pyproject.toml)."""
LESSONS = "notebooks"
ASSETS = "assets"


class CourseFilesNotFoundError(FileNotFoundError):
    """Neither a source checkout nor an installed copy of the course was found."""


def _is_checkout(folder: Path) -> bool:
    pyproject = folder / "pyproject.toml"
    return (
        pyproject.is_file()
        and 'name = "implant-edu"' in pyproject.read_text(encoding="utf-8")
        and any((folder / LESSONS).glob("*.ipynb"))
    )


def _installed_course() -> Path | None:
    """``<prefix>/share/implant-edu`` of the installed wheel, from its RECORD."""
    from importlib import metadata

    try:
        files = metadata.distribution("implant-edu").files or []
    except metadata.PackageNotFoundError:
        return None
    marker = f"{COURSE_DATA}/{LESSONS}/"
    for file in files:
        posix = file.as_posix()
        if marker in posix and posix.endswith(".ipynb"):
            lesson = Path(file.locate()).resolve()
            root = lesson.parents[1]
            if root.is_dir():
                return root
    return None


def course_files() -> Path:
    """The folder that holds the course: ``notebooks/*.ipynb`` (with their outputs)
    and ``assets/``.

    The one place that knows where they are: in a source checkout (also with
    ``pip install -e .``) the repository itself; in an installed wheel
    ``<prefix>/share/implant-edu``, found through the wheel's own file list, so
    a virtual environment, a ``--user`` install and conda all work.

    Raises
    ------
    CourseFilesNotFoundError
        If neither is there (a broken install).
    """
    if _is_checkout(REPO_ROOT):
        return REPO_ROOT
    installed = _installed_course()
    if installed is not None:
        return installed
    raise CourseFilesNotFoundError(
        "the lessons were not found next to this copy of implant_edu: reinstall it "
        "(pip install --force-reinstall implant-edu) or run from a clone of the repository"
    )


def at_idle_priority(command: Sequence[str]) -> list[str]:
    """``command`` under ``nice -n 19`` (where there is a ``nice``), so that it
    and the processes it starts take only the CPU that others leave idle:
    the tests start the lock check and the wheel's build this way, beside the
    browser tests. A command prefix, unlike ``preexec_fn``, is safe to use
    from a thread."""
    return ["nice", "-n", "19", *command] if shutil.which("nice") else list(command)
