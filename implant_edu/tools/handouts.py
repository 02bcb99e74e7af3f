"""Export every lesson to a self-contained HTML handout (and optionally a PDF).

Usage: python -m implant_edu.tools.handouts OUT_DIR [--pdf] notebooks/*.ipynb

Each handout is one HTML file that opens from disk with the network cut off:
the widget renderer (``@jupyter-widgets/html-manager``'s ``embed.js``, from
``node_modules``), the course style sheet (``labextension/static/course.css``)
and the script that names slider handles for screen readers (the
``slider-names`` function of ``labextension/static/remoteEntry.js``) are
written inline, and no script, style sheet or font is loaded from anywhere
else. Code inputs are left out: each is a single call that means nothing on
paper.

What a handout changes on the way, so that no control looks live and does
nothing, and nothing meant for the instructor shows:

* The instructor's cells (speaker notes, cells tagged ``answers`` or
  ``instructor``) are left out, as in a student copy (``tools.student``).

* Widgets show their saved state. Controls linked in the page (``jslink``),
  such as the time control of the gum-closure lesson, keep working. Every
  other control needs the running lesson: controls marked ``ie-needs-kernel``,
  and any ``ie-control`` that no client-side link drives (the triage
  explorer's choices), are saved ``disabled``; every HTML widget marked
  ``ie-offline-note`` ("The controls below need the running lesson") is
  shown.
* A lesson's quiz is replaced, where it stands, by its printable version
  (``implant_edu.quiz.printable_html``, answers folded in ``<details>``):
  the questions once, and no answer button that does nothing.
* A link to another lesson (``05_getting_back_in.ipynb``, with or without an
  ``#anchor``, also ``../notebooks/...``) goes to that lesson's handout
  (``05_getting_back_in.html``). A link to anything that is not handed out
  (the instructor guide, the start page) becomes plain text with a note: never
  a dead link.

The folder also gets the one-page phone-triage card
(``implant_edu.phone_call.triage_card_html``) as ``phone_triage_card.html``.

``--pdf`` also prints each handout and the card to PDF with headless
Chromium. Needs the test extras (nbconvert) and ``npm ci`` (the widget
renderer in ``node_modules``).
"""

from __future__ import annotations

import base64
import copy
import json
import re
import subprocess
import sys
from collections.abc import Collection, Iterable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from implant_edu.tools import REPO_ROOT
from implant_edu.tools.chromium import CHROMIUM_FLAGS, ChromiumNotFoundError, find_chromium
from implant_edu.tools.student import is_for_instructors
from implant_edu.widgets import quiz as quiz_view
from implant_edu.widgets.view import OFFLINE_NOTE

if TYPE_CHECKING:
    import nbformat

ROOT = REPO_ROOT
PACKAGE = Path(__file__).resolve().parents[1]
EMBED_JS = ROOT / "node_modules" / "@jupyter-widgets" / "html-manager" / "dist" / "embed.js"
COURSE_CSS = PACKAGE / "labextension" / "static" / "course.css"
REMOTE_ENTRY_JS = PACKAGE / "labextension" / "static" / "remoteEntry.js"
SLIDER_NAMES = re.compile(r"/\* slider-names:begin \*/(.*?)/\* slider-names:end \*/", re.DOTALL)
EMPTY_SCRIPT = "data:text/javascript,"
FA_SOLID_WOFF2 = "1551f4f60c37af51121f.woff2"
"""The Font Awesome 5 solid face that widget icons use, shipped beside embed.js."""
TRIAGE_CARD = "phone_triage_card"
"""File name (without suffix) of the phone-triage card in the handouts folder."""
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
NEEDS_KERNEL = "ie-needs-kernel"
CONTROL = "ie-control"
LINK_MODELS = frozenset({"LinkModel", "DirectionalLinkModel"})
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FILLED_SLOT = re.compile(
    r"""<div class=["']ie-printable-slot["'] data-slot=["'](\d+)["']>\s*</div>"""
)
"""Where a quiz stood, as the exporter writes it back (see :func:`printable_in_place`)."""
MODEL_REFERENCE = re.compile(r'IPY_MODEL_([0-9a-f]{32})|"model_id": "([0-9a-f]{32})"')
"""A reference from one saved widget model to another."""
PHONE_CSS = """
<style>
/* handouts: readable from a phone's width up to a desktop */
body { margin: 0 auto; max-width: 60rem; padding: 0 0.75rem; }
.jp-Cell, .jp-OutputArea-output, .widget-box, .jupyter-widgets { max-width: 100% !important; }
/* JupyterLab gives widgets its interface font; the export leaves them the browser's serif */
.jupyter-widgets { font-family: var(--jp-ui-font-family); }
.jp-OutputArea-output svg, .jp-OutputArea-output img { max-width: 100%; height: auto; }
.jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
.ie-handout-printable { margin: 2em 0; }
</style>
"""
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)
ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<text>.*?)</a>", re.IGNORECASE | re.DOTALL)
HREF = re.compile(r"""\bhref\s*=\s*(["'])(?P<href>.*?)\1""", re.IGNORECASE | re.DOTALL)


def _renderer_script() -> str:
    if not EMBED_JS.exists():
        raise SystemExit(
            f"{EMBED_JS.relative_to(ROOT)} is missing: run `npm ci` (make handouts does) first"
        )
    # The bundle must not close the inline <script> it is written into.
    js = EMBED_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
    # The bundle finds its font files next to the last <script src> on the
    # page, which here is an empty data: script: inline the one icon face.
    font = (EMBED_JS.parent / FA_SOLID_WOFF2).read_bytes()
    uri = "data:font/woff2;base64," + base64.b64encode(font).decode()
    where = re.compile(r'\w+\.p\+"' + re.escape(FA_SOLID_WOFF2) + '"')
    js, found = where.subn(lambda _: json.dumps(uri), js)
    if found != 1:
        raise RuntimeError(f"{FA_SOLID_WOFF2} not found once in {EMBED_JS.name}: {found}")
    return js


def slider_names_script() -> str:
    """The lab extension's ``nameSliderHandles`` function, read from remoteEntry.js."""
    found = SLIDER_NAMES.findall(REMOTE_ENTRY_JS.read_text(encoding="utf-8"))
    if len(found) != 1 or "function nameSliderHandles" not in found[0]:
        raise RuntimeError(
            f"{REMOTE_ENTRY_JS.name}: expected one nameSliderHandles between the"
            " slider-names markers"
        )
    return found[0].strip()


def _page_assets() -> str:
    """Course style sheet and slider names, inlined after the widget renderer."""
    css = COURSE_CSS.read_text(encoding="utf-8").replace("</style", "<\\/style")
    names = slider_names_script().replace("</script", "<\\/script")
    return (
        f"<style>\n{css}</style>\n<script>\n{names}\nnameSliderHandles(document.body);\n"
        "markScrollingPictures(document.body);\n</script>\n"
    )


def _widget_states(notebook: nbformat.NotebookNode) -> dict:
    return notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def _model_id(reference: object) -> str:
    return str(reference).removeprefix("IPY_MODEL_")


def _shown_models(notebook: nbformat.NotebookNode) -> set[str]:
    """Ids of the saved models the page can show: those of its widget outputs,
    every model they refer to, and the links between such models. The rest
    (a quiz whose place the printable version took) would only add weight."""
    states = _widget_states(notebook)
    todo = [
        str(out["data"][WIDGET_VIEW].get("model_id", ""))
        for cell in notebook.get("cells", [])
        for out in cell.get("outputs", [])
        if WIDGET_VIEW in out.get("data", {})
    ]
    shown: set[str] = set()
    while todo:
        model_id = todo.pop()
        if model_id in shown or model_id not in states:
            continue
        shown.add(model_id)
        todo += [a or b for a, b in MODEL_REFERENCE.findall(json.dumps(states[model_id]))]
    for model_id, model in states.items():
        if model.get("model_name") in LINK_MODELS:
            ends = [(model.get("state", {}).get(side) or [""])[0] for side in ("source", "target")]
            if all(_model_id(end) in shown for end in ends):
                shown.add(model_id)
    return shown


def _link_graph(states: dict[str, dict]) -> dict[str, set[str]]:
    """For each model joined by a client-side link (``jslink``), the models at
    the other ends of its links."""
    neighbours: dict[str, set[str]] = {}
    for model in states.values():
        if model.get("model_name") not in LINK_MODELS:
            continue
        ends = [model.get("state", {}).get(side) or () for side in ("source", "target")]
        if all(ends):
            one, other = (_model_id(end[0]) for end in ends)
            neighbours.setdefault(one, set()).add(other)
            neighbours.setdefault(other, set()).add(one)
    return neighbours


def _drive_a_picture(states: dict[str, dict], neighbours: dict[str, set[str]]) -> set[str]:
    """The models whose client-side links (``jslink``), directly or through other
    controls, reach something that is not a control (a stack of frames).

    A slider and its drop-down linked only to each other (the triage explorer's
    time) move each other and nothing else without the kernel: they are not
    in the set. ``neighbours`` is the states' :func:`_link_graph`.
    """

    def is_control(model_id: str) -> bool:
        state = states.get(model_id, {}).get("state", {})
        return CONTROL in state.get("_dom_classes", ())

    live: set[str] = set()
    seen: set[str] = set()
    for start in neighbours:
        if start in seen:
            continue
        group, todo = set(), [start]
        while todo:
            current = todo.pop()
            if current not in group:
                group.add(current)
                todo.extend(neighbours[current])
        seen |= group
        if not all(is_control(m) for m in group):
            live |= group
    return live


def _keep_what_a_still_stack_shows(
    states: dict[str, dict], neighbours: dict[str, set[str]], disabled: set[str]
) -> None:
    """Empty the pages a stack cannot show offline: those of a stack linked in
    the page only to controls saved disabled (the pictures drawn ahead of a
    setting that needs Python, :mod:`implant_edu.widgets.preview`), all but
    the page selected now. They would only add weight (about 25 KB a page).
    ``neighbours`` is the states' :func:`_link_graph`.
    """
    for stack_id, controls in neighbours.items():
        stack = states.get(stack_id, {})
        if stack.get("model_name") != "StackModel" or not controls <= disabled:
            continue
        selected = stack.get("state", {}).get("selected_index")
        for index, child in enumerate(stack.get("state", {}).get("children", ())):
            page = states.get(_model_id(child), {})
            if index != selected and page.get("model_name") == "HTMLModel":
                page.setdefault("state", {})["value"] = ""


def offline_widget_state(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` whose saved widget state fits a page with no kernel.

    Controls marked ``ie-needs-kernel``, and every ``ie-control`` whose
    client-side links (``jslink``) reach no picture, are saved ``disabled``,
    and the stacks only they move keep just the page they show;
    the layout of every ``ie-offline-note`` no longer hides it. Controls
    linked to a picture in the page (the time steppers) keep working. Models
    that no output shows are left out.
    """
    offline = copy.deepcopy(notebook)
    states = _widget_states(offline)
    # The links between the saved models, read once for both uses below.
    graph = _link_graph(states)
    linked = _drive_a_picture(states, graph)
    disabled: set[str] = set()
    for model_id, model in states.items():
        state = model.get("state", {})
        classes = set(state.get("_dom_classes", ()))
        needs_kernel = NEEDS_KERNEL in classes or (CONTROL in classes and model_id not in linked)
        if needs_kernel and "disabled" in state:
            state["disabled"] = True
            disabled.add(model_id)
        if OFFLINE_NOTE in classes:
            layout = states.get(_model_id(state.get("layout", "")))
            if layout is not None:
                layout.setdefault("state", {})["display"] = None
    _keep_what_a_still_stack_shows(states, graph, disabled)
    shown = _shown_models(offline)
    for model_id in [m for m in states if m not in shown]:
        del states[model_id]
    for model in states.values():
        # A layout or style left at its default says so with dozens of nulls:
        # the page's widget manager starts every model from the defaults, so
        # they can go (about 1 KB a model; the 04 handout has over 80).
        if model.get("model_name") == "LayoutModel" or str(model.get("model_name")).endswith(
            "StyleModel"
        ):
            state = model.get("state", {})
            for key in [k for k, v in state.items() if v is None and not k.startswith("_")]:
                del state[key]
    return offline


def _link_target(href: str, handed_out: Collection[str]) -> str | None:
    """Where a link of a lesson goes in the handouts: the same ``href`` when it
    leaves the notebooks (an anchor in the page, a web address), the lesson's
    handout for a lesson handed out, ``None`` for anything else."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return href  # a web address, mailto:, or an anchor in this page
    path = Path(unquote(parts.path))
    if path.suffix == ".ipynb" and path.stem in handed_out:
        return f"{path.stem}.html" + (f"#{parts.fragment}" if parts.fragment else "")
    if path.suffix == ".html" and path.stem in {*handed_out, TRIAGE_CARD}:
        return href
    return None


def rewrite_links(html: str, handed_out: Collection[str]) -> str:
    """Lesson links go to handouts; links to anything not handed out become text."""

    def replace(match: re.Match) -> str:
        attrs = match.group("attrs")
        found = HREF.search(attrs)
        if found is None:
            return match.group(0)
        href = found.group("href")
        target = _link_target(href, handed_out)
        if target == href:
            return match.group(0)
        if target is not None:
            new_attrs = attrs[: found.start()] + f'href="{escape(target)}"' + attrs[found.end() :]
            return f"<a{new_attrs}>{match.group('text')}</a>"
        name = Path(unquote(urlsplit(href).path)).as_posix().lstrip("./")
        return (
            f"<span class='ie-not-handed-out'>{match.group('text')}</span>"
            f" <span class='ie-not-handed-out-note'>(not part of the handouts: open"
            f" <code>{escape(name)}</code> in the course's JupyterLab)</span>"
        )

    return ANCHOR.sub(replace, html)


TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.IGNORECASE | re.DOTALL)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)
HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.IGNORECASE | re.DOTALL)
TAGS = re.compile(r"<[^>]+>")
SCRIPT = re.compile(r"(<script\b[^>]*>.*?</script>)", re.IGNORECASE | re.DOTALL)


def _table_name(table: str) -> str:
    """A short name for a table: its caption, else its column headers."""
    caption = CAPTION.search(table)
    if caption:
        text = TAGS.sub(" ", caption.group(1))
    else:
        headers = [" ".join(TAGS.sub(" ", h).split()) for h in HEADER.findall(table)[:4]]
        text = "Table: " + ", ".join(headers)
    text = " ".join(text.split()).strip(" :,") or "Table"
    return escape(text[:120], quote=True)


def scrollable_tables(html: str) -> str:
    """Wrap every table in a region that scrolls sideways on a phone and that
    the keyboard can reach (``tabindex=0``, ``role=region``, named)."""

    def wrap(match: re.Match) -> str:
        table = match.group(0)
        return (
            f"<div class='ie-table-scroll' tabindex='0' role='region'"
            f" aria-label='{_table_name(table)}'>{table}</div>"
        )

    # Only in the page's markup: tables inside scripts (the saved widget
    # state) are strings the widgets render themselves.
    pieces = SCRIPT.split(html)
    return "".join(p if SCRIPT.fullmatch(p) else TABLE.sub(wrap, p) for p in pieces)


def _printable(
    stem: str,
    ids: tuple[str, ...] | None = None,
    name: str = "Printable quiz",
    *,
    intro: bool = True,
) -> str:
    """The printable questions of ``stem`` (``ids`` only, or all), answers
    folded, as a region called ``name`` (unique in its page); ``intro`` says
    how to use it (once a page: before its first quiz)."""
    from implant_edu.quiz import lessons, printable_html

    if stem not in lessons():
        return ""
    how = (
        "<p><i>On paper: answer each question, then open <b>Show the answer</b>. In the"
        " running lesson the same questions give feedback and a score.</i></p>"
        if intro
        else ""
    )
    return (
        "<section class='ie-handout-printable jp-RenderedHTMLCommon'"
        f" aria-label='{escape(name, quote=True)}'>{how}"
        f"{printable_html(stem, ids=ids, heading=ids is None)}</section>\n"
    )


def _quiz_ids(output: dict, states: dict, stem: str) -> tuple[str, ...] | None:
    """The question ids of the quiz ``output`` shows, in order; None if it is no quiz."""
    view = output.get("data", {}).get(WIDGET_VIEW, {})
    root = states.get(str(view.get("model_id", "")), {}).get("state", {})
    if quiz_view.view_class(stem) not in root.get("_dom_classes", ()):
        return None
    ids = []
    for child in root.get("children", ()):
        classes = states.get(_model_id(child), {}).get("state", {}).get("_dom_classes", ())
        if quiz_view.QUESTION_CLASS in classes:
            ids += [
                c.removeprefix(quiz_view.CLASS_PREFIX)
                for c in classes
                if c != quiz_view.QUESTION_CLASS
            ]
    return tuple(ids)


def printable_in_place(
    notebook: nbformat.NotebookNode, stem: str
) -> tuple[nbformat.NotebookNode, tuple[str, ...]]:
    """A copy of ``notebook`` whose live quizzes make room for their printable versions.

    On paper or from disk a quiz's answer buttons do nothing, so the handout
    shows each quiz's questions once, where the quiz stands, answers folded
    away. Each quiz's outputs become an empty slot (``ie-printable-slot``,
    numbered in page order) that :func:`handout_html` fills after the export
    (the exporter would rewrite the markup on the way through).

    Returns
    -------
    tuple
        The copy, and the printable HTML of each slot in order.
    """
    from nbformat.v4 import new_output

    placed = copy.deepcopy(notebook)
    states = _widget_states(placed)
    quizzes: list[tuple[str, ...]] = []
    for cell in placed.cells:
        found = [_quiz_ids(o, states, stem) for o in cell.get("outputs", [])]
        ids = next((i for i in found if i), None)
        if ids is not None:
            slot = f"<div class='ie-printable-slot' data-slot='{len(quizzes)}'></div>"
            quizzes.append(ids)
            cell["outputs"] = [new_output("display_data", data={"text/html": slot})]
    n = len(quizzes)

    def name(i: int) -> str:  # each region's name unique in the page
        return "Printable quiz" if n == 1 else f"Printable quiz, part {i + 1} of {n}"

    return placed, tuple(
        _printable(stem, ids, name(i), intro=i == 0) for i, ids in enumerate(quizzes)
    )


def handout_html(
    notebook: nbformat.NotebookNode,
    renderer: str,
    *,
    stem: str = "",
    handed_out: Collection[str] = (),
) -> str:
    """One self-contained HTML page for a lesson with stored outputs and widget state.

    ``stem`` names the lesson (for its printable quiz); ``handed_out`` lists
    the stems of the lessons that have a handout beside this one (links to
    them are kept, pointing at their ``.html``).
    """
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True)
    # The template loads require.js, MathJax and the widget renderer from a
    # CDN by default: point them at empty scripts and inline the renderer.
    exporter.require_js_url = EMPTY_SCRIPT
    exporter.mathjax_url = EMPTY_SCRIPT
    exporter.widget_renderer_url = EMPTY_SCRIPT
    # A handout is the student's: the instructor's cells (speaker notes, cells
    # tagged answers or instructor) stay out, as in a student copy. A shallow
    # copy: printable_in_place makes the deep one.
    notebook = nbformat.NotebookNode(
        {**notebook, "cells": [c for c in notebook.cells if not is_for_instructors(c)]}
    )
    placed, printed = printable_in_place(notebook, stem)
    body, _ = exporter.from_notebook_node(offline_widget_state(placed))
    body = scrollable_tables(rewrite_links(body, {*handed_out, stem} - {""}))
    body = FILLED_SLOT.sub(lambda slot: printed[int(slot.group(1))], body)
    printable = "" if printed else _printable(stem)
    if printable:  # a lesson whose quiz was not run: all its questions, at the end
        head, tail = body.rsplit("</main>", 1)
        body = head + printable + "</main>" + tail
    inline = f"{PHONE_CSS}<script>{renderer}</script>\n{_page_assets()}</body>"
    head, tail = body.rsplit("</body>", 1)
    page = head + inline + tail
    remote = REMOTE.search(page)
    if remote:
        raise RuntimeError(f"handout would load {page[remote.start() : remote.start() + 80]!r}")
    return page


def write_triage_card(out_dir: Path) -> Path:
    """The one-page phone-triage card, ``OUT/phone_triage_card.html``."""
    from implant_edu.phone_call import triage_card_html

    target = Path(out_dir) / f"{TRIAGE_CARD}.html"
    target.write_text(triage_card_html(), encoding="utf-8")
    return target


def print_pdf(html: Path) -> Path:
    """Print a handout to PDF with headless Chromium, next to the HTML."""
    pdf = html.with_suffix(".pdf")
    try:
        chromium = find_chromium()
    except ChromiumNotFoundError as missing:
        raise SystemExit(f"printing PDFs needs Chromium. {missing}") from None
    subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            "--no-pdf-header-footer",
            "--virtual-time-budget=5000",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
    )
    return pdf


def build(out_dir: Path, notebooks: Iterable[Path], *, pdf: bool = False) -> list[Path]:
    """Write a handout for each notebook and the triage card into ``out_dir``."""
    import nbformat

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [Path(p) for p in notebooks]
    stems = {p.stem for p in paths}
    renderer = _renderer_script()
    written = []
    for path in paths:
        target = out / f"{path.stem}.html"
        notebook = nbformat.read(path, as_version=4)
        page = handout_html(notebook, renderer, stem=path.stem, handed_out=stems)
        target.write_text(page, "utf-8")
        written.append(target)
    written.append(write_triage_card(out))
    if pdf:
        written += [print_pdf(html) for html in list(written)]
    return written


def main(argv: list[str]) -> int:
    pdf = "--pdf" in argv
    paths = [a for a in argv if a != "--pdf"]
    if len(paths) < 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    for target in build(Path(paths[0]), [Path(p) for p in paths[1:]], pdf=pdf):
        print(f"wrote {target} ({target.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
