"""Programs that build, check and serve the course, and the helpers they share.

Each module runs as ``python -m implant_edu.tools.<name>``:

``lab``
    open JupyterLab on the start page (127.0.0.1, a token, nothing fetched
    from off the machine); ``make lab`` calls it.
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

``labharness`` is a library, not a program: one JupyterLab server on a random
port and one headless Chromium for the browser tests and the benchmarks.

The library itself (``implant_edu``) never imports this package. Test-only
dependencies (nbclient, nbconvert, Playwright) are imported inside the
functions that need them, so ``lab`` and ``start_page`` work with the course's
own dependencies.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The source checkout this package sits in (with ``pip install -e .``).

The default folder of the programs that work on a clone (lessons, ``node_modules``,
``artifacts``); they also take an explicit folder.
"""
