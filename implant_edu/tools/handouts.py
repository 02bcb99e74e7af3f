"""Export every lesson to a self-contained HTML handout (and optionally a PDF).

Usage: python -m implant_edu.tools.handouts OUT_DIR [--pdf] notebooks/*.ipynb

Each handout is one HTML file that opens from disk with the network cut off:
the widget renderer (``@jupyter-widgets/html-manager``'s ``embed.js``, from
``node_modules``) is written inline, and no script, style sheet or font is
loaded from anywhere else. Widgets show their saved state; links made on the
client side (``jslink``), such as the time control of the gum-closure lesson,
keep working with no kernel. Code inputs are left out: each is a single call
that means nothing on paper.

``--pdf`` also prints each handout to PDF with headless Chromium. Needs the
test extras (nbconvert) and ``npm ci`` (the widget renderer in ``node_modules``).
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from implant_edu.tools import REPO_ROOT
from implant_edu.tools.chromium import CHROMIUM_FLAGS, ChromiumNotFoundError, find_chromium

if TYPE_CHECKING:
    import nbformat

ROOT = REPO_ROOT
EMBED_JS = ROOT / "node_modules" / "@jupyter-widgets" / "html-manager" / "dist" / "embed.js"
EMPTY_SCRIPT = "data:text/javascript,"
FA_SOLID_WOFF2 = "1551f4f60c37af51121f.woff2"
"""The Font Awesome 5 solid face that widget icons use, shipped beside embed.js."""
PHONE_CSS = """
<style>
/* handouts: readable from a phone's width up to a desktop */
body { margin: 0 auto; max-width: 60rem; padding: 0 0.75rem; }
.jp-Cell, .jp-OutputArea-output, .widget-box, .jupyter-widgets { max-width: 100% !important; }
/* JupyterLab gives widgets its interface font; the export leaves them the browser's serif */
.jupyter-widgets { font-family: var(--jp-ui-font-family); }
.jp-OutputArea-output svg, .jp-OutputArea-output img { max-width: 100%; height: auto; }
.jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
.jp-RenderedHTMLCommon table { display: block; overflow-x: auto; }
</style>
"""
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


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


def handout_html(notebook: nbformat.NotebookNode, renderer: str) -> str:
    """One self-contained HTML page for a lesson with stored outputs and widget state."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True)
    # The template loads require.js, MathJax and the widget renderer from a
    # CDN by default: point them at empty scripts and inline the renderer.
    exporter.require_js_url = EMPTY_SCRIPT
    exporter.mathjax_url = EMPTY_SCRIPT
    exporter.widget_renderer_url = EMPTY_SCRIPT
    body, _ = exporter.from_notebook_node(notebook)
    inline = f"{PHONE_CSS}<script>{renderer}</script>\n</body>"
    head, tail = body.rsplit("</body>", 1)
    page = head + inline + tail
    remote = REMOTE.search(page)
    if remote:
        raise RuntimeError(f"handout would load {page[remote.start() : remote.start() + 80]!r}")
    return page


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


def main(argv: list[str]) -> int:
    import nbformat

    pdf = "--pdf" in argv
    paths = [a for a in argv if a != "--pdf"]
    if len(paths) < 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    out_dir = Path(paths[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    renderer = _renderer_script()
    for name in paths[1:]:
        path = Path(name)
        target = out_dir / f"{path.stem}.html"
        target.write_text(handout_html(nbformat.read(path, as_version=4), renderer), "utf-8")
        print(f"wrote {target} ({target.stat().st_size / 1e6:.2f} MB)")
        if pdf:
            print(f"wrote {print_pdf(target)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
