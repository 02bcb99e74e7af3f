"""The evidence panel of lesson 4: which parts of the closure curve are measured.

Static displays (no controls): :func:`evidence_table` lists the time scales of
``data/closure.yaml`` with what happens, grade and source;
:func:`evidence_figure` shows the same as span bars by grade.
"""

from __future__ import annotations

from IPython.display import HTML, Markdown

from implant_edu.evidence import cite
from implant_edu.figures.evidence_chart import (
    EVIDENCE_FIGURE_ALT,
    EVIDENCE_FIGURE_TITLE,
    figure_svg,
    time_scales,
    time_scales_figure,
)
from implant_edu.figures.svg import svg_as_img
from implant_edu.widgets.layout import capped_figure


def evidence_table() -> Markdown:
    """The evidence table: time scale, what happens, grade, source (Markdown)."""
    lines = [
        "| time scale | what happens | grade | source |",
        "|---|---|---|---|",
    ]
    for row in time_scales():
        sources = cite(*(s.key for s in row.sources)).strip("()")
        lines.append(f"| {row.span} | {row.what} | *{row.grade.label}* | {sources} |")
    return Markdown("\n".join(lines))


def evidence_figure() -> HTML:
    """The time scales as span bars by grade (matplotlib, rendered once to SVG).

    At most 900 px wide. On a phone it keeps a readable width and scrolls
    sideways, as the explorer's pictures do (an ``ie-pictures`` box in an
    ``ie-frame``); projector mode gives it the lesson's width (class
    ``ie-capped-picture``).
    """
    svg = figure_svg(time_scales_figure(), title=EVIDENCE_FIGURE_TITLE, desc=EVIDENCE_FIGURE_ALT)
    # its own cap, not the explorer's 800 px for the pictures side by side
    return HTML(
        capped_figure(
            svg_as_img(svg),
            css_class="ie-evidence-figure",
            max_width_px=900,
            caption=EVIDENCE_FIGURE_ALT,
        )
    )
