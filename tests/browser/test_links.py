"""Every link on every surface leads somewhere.

Links are read from the page as the browser shows it, then followed:

* lessons in JupyterLab (each lesson's shared run, labharness.shared_lesson_run)
  and the start page (START_HERE.ipynb opened in JupyterLab): JupyterLab turns
  a link to a file into ``/files/<path>``; the file must exist in the
  repository, and an ``#anchor`` must be a heading (or an element id) of the
  notebook it points into. A link within the page must name one of its own
  headings.
* the offline handouts (built by ``make handouts``' own function): a link must
  lead to a file in the handouts folder, and its anchor must be an id there.

No link may leave the machine unchecked: a web address fails too, since
nothing here can follow it (add a checked exception if the course ever cites
one).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from implant_edu.tools import labharness

pytestmark = pytest.mark.browser

ROOT = labharness.ROOT
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
START = ROOT / "START_HERE.ipynb"

LINKS_JS = """
(root) => [...document.querySelectorAll(root)].flatMap(r => [...r.querySelectorAll('a[href]')])
  .map(a => ({raw: a.getAttribute('href'), url: a.href, text: a.innerText.trim().slice(0, 50)}))
"""
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
MARKUP = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"[*`]|(?<!\w)_+|_+(?!\w)"), ""),  # emphasis, code; not snake_case
]


def _heading_id(text: str) -> str:
    """The id JupyterLab and nbconvert give a Markdown heading."""
    for pattern, replacement in MARKUP:
        text = pattern.sub(replacement, text)
    return text.strip().replace(" ", "-")


def notebook_anchors(path: Path) -> set[str]:
    """Every #anchor a link into ``path`` may use: its headings' ids and the
    ids written into its Markdown or outputs."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    anchors = set()
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            anchors |= {_heading_id(h) for h in HEADING.findall(source)}
            anchors |= set(HTML_ID.findall(source))
        for output in cell.get("outputs", []):
            for kind in ("text/html", "text/markdown"):
                text = "".join(output.get("data", {}).get(kind, ""))
                anchors |= set(HTML_ID.findall(text))
                if kind == "text/markdown":
                    anchors |= {_heading_id(h) for h in HEADING.findall(text)}
    return anchors


def _dead_lab_links(links: list[dict], here: Path) -> list[str]:
    dead = []
    for link in links:
        raw, url = link["raw"], urlsplit(link["url"])
        what = f"{link['text']!r} -> {raw}"
        fragment = unquote(url.fragment)
        if raw.startswith("#"):
            target = here
        elif url.hostname in ("127.0.0.1", "localhost") and url.path.startswith("/files/"):
            target = ROOT / unquote(url.path.removeprefix("/files/"))
            if not target.is_file():
                dead.append(f"{what}: no file {target.relative_to(ROOT)}")
                continue
        else:
            dead.append(f"{what}: leaves the course (cannot be followed here)")
            continue
        if fragment and target.suffix == ".ipynb" and fragment not in notebook_anchors(target):
            dead.append(f"{what}: no #{fragment} in {target.relative_to(ROOT)}")
    return dead


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lesson_links(lab, browser, path):
    page, _log, _run = labharness.shared_lesson_run(browser, lab, path.relative_to(ROOT).as_posix())
    links = page.evaluate(LINKS_JS, labharness.LESSON_CONTENT)
    assert links, f"{path.stem}: no links at all (each lesson links the next one)"
    dead = _dead_lab_links(links, path)
    assert not dead, f"{path.stem}: dead links:\n" + "\n".join(dead)


def test_start_page_links(lab, browser):
    page, _log = labharness.shared_unrun_page(browser, lab, "START_HERE.ipynb")
    links = page.evaluate(LINKS_JS, labharness.LESSON_CONTENT)
    files = {unquote(urlsplit(link["url"]).path) for link in links}
    for path in [*NOTEBOOKS, ROOT / "instructor" / "guide.ipynb"]:
        assert f"/files/{path.relative_to(ROOT).as_posix()}" in files, f"no link to {path.name}"
    dead = _dead_lab_links(links, START)
    assert not dead, "START_HERE.ipynb: dead links:\n" + "\n".join(dead)


def test_handout_links(handout_dir, browser):
    """Read from each handout as opened at a desktop's width
    (labharness.shared_handout: the page the accessibility audit looks at)."""
    dead, followed = [], 0
    for html in sorted(handout_dir.glob("*.html")):
        page, _log = labharness.shared_handout(browser, html, labharness.DESKTOP)
        for link in page.evaluate(LINKS_JS, "body"):
            url = urlsplit(link["url"])
            what = f"{html.name}: {link['text']!r} -> {link['raw']}"
            if url.scheme != "file":
                dead.append(f"{what}: leaves the handouts")
                continue
            target = Path(unquote(url.path))
            if target.parent != handout_dir or not target.is_file():
                dead.append(f"{what}: no handout {target.name}")
                continue
            if url.fragment:
                text = target.read_text(encoding="utf-8")
                ids = {url.fragment, unquote(url.fragment)}
                if not any(f'id="{i}"' in text for i in ids):
                    dead.append(f"{what}: no #{unquote(url.fragment)} in {target.name}")
            followed += 1
    assert followed >= len(NOTEBOOKS), f"only {followed} links followed in the handouts"
    assert not dead, "dead links in the handouts:\n" + "\n".join(dead)
