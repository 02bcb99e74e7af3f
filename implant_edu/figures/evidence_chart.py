"""The evidence panel: what is known about each time scale, and how well.

:func:`time_scales` reads the ``time_scales`` table of ``data/closure.yaml``;
:func:`time_scales_figure` draws it as span bars on a log time axis, coloured
*and labelled* by evidence grade (matplotlib, static: for lesson 4 and
``make assets``, never in an interactive path); :func:`figure_svg` renders a
figure to deterministic SVG text.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from html import escape

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from implant_edu.evidence import Grade, Source, load_yaml, source
from implant_edu.style import GRADE_COLOURS, GRADE_HATCHES

EVIDENCE_FIGURE_TITLE = "What is known about each time scale of gum closure, and how well"
"""Title of :func:`time_scales_figure`."""

EVIDENCE_FIGURE_ALT = (
    "Span bars on a log time axis from 1 second to 8 weeks, one per time scale, coloured "
    "and labelled by evidence grade: the collapse in seconds to minutes and under 20 s "
    "(measured, plain), the hours and the 12 h cut-off (rule of thumb, hatched with "
    "lines), epithelial bridging at 12 to 48 h and surface coverage at 5 to 14 days "
    "(measured in other wounds: an analogy, dotted), and seal maturation at 6 to 8 "
    "weeks (measured, in dogs). Nothing between 20 minutes and 12 hours is measured."
)
"""Text alternative of :func:`time_scales_figure`."""

_FLOOR_H = 1.0 / 3600.0  # 1 s: a log axis cannot start at 0


@dataclass(frozen=True)
class TimeScale:
    """One row of the evidence table.

    Attributes
    ----------
    span
        The time scale in words, e.g. ``"12 to 48 hours"``.
    from_h, to_h
        Its start and end in hours after the abutment came out.
    what
        What happens then.
    grade
        Evidence grade.
    sources
        Where it comes from.
    """

    span: str
    from_h: float
    to_h: float
    what: str
    grade: Grade
    sources: tuple[Source, ...]


def time_scales() -> tuple[TimeScale, ...]:
    """The time scales of ``data/closure.yaml`` (course brief, section 4), in time order."""
    return tuple(
        TimeScale(
            span=str(row["span"]),
            from_h=float(row["from_h"]),
            to_h=float(row["to_h"]),
            what=" ".join(str(row["what"]).split()),
            grade=Grade(row["grade"]),
            sources=tuple(source(k) for k in row["sources"]),
        )
        for row in load_yaml("closure.yaml")["time_scales"]
    )


def time_scales_figure() -> Figure:
    """Span bars of every time scale on a log time axis, by evidence grade.

    Returns
    -------
    matplotlib.figure.Figure
        A figure (not attached to pyplot, so nothing is shown by accident).
        Each bar is coloured *and hatched* by grade (plain: measured; dotted:
        measured in other wounds, an analogy; lines: rule of thumb; crossed:
        consensus) and carries its span and grade as text.
        Spans that start at 0 are drawn from 1 s (log axis).
    """
    rows = time_scales()
    fig = Figure(figsize=(9.0, 5.2), dpi=100)
    ax = fig.add_subplot()
    for n, row in enumerate(rows):
        y = len(rows) - 1 - n
        start = max(row.from_h, _FLOOR_H)
        colour = GRADE_COLOURS[row.grade.value]
        hatch = GRADE_HATCHES[row.grade.value] or None
        ax.barh(
            y,
            row.to_h - start,
            left=start,
            height=0.6,
            color=colour,
            edgecolor="#000000",
            hatch=hatch,
        )
        # Late spans are labelled on their left, where the row is empty, so
        # no label runs off the right edge.
        late = row.from_h >= 12.0
        ax.text(
            start / 1.25 if late else row.to_h * 1.25,
            y,
            f"{row.span}: {row.grade.label}",
            va="center",
            ha="right" if late else "left",
            fontsize=9.5,
        )
    ticks = [1 / 3600, 30 / 3600, 5 / 60, 1, 12, 48, 24 * 5, 24 * 14, 24 * 56]
    labels = ["1 s", "30 s", "5 min", "1 h", "12 h", "48 h", "5 d", "14 d", "8 wk"]
    ax.set_xscale("log")
    ax.set_xticks(ticks, labels)
    ax.minorticks_off()
    ax.set_xlim(_FLOOR_H * 0.8, 24 * 56 * 4)
    ax.set_yticks([])
    ax.set_xlabel("time since the healing abutment came out (log scale)")
    ax.set_title("What is known about each time scale, and how well")
    handles = [
        Patch(
            facecolor=GRADE_COLOURS[g.value],
            edgecolor="#000000",
            hatch=GRADE_HATCHES[g.value] or None,
            label=textwrap.fill(f"{g.label}: {g.meaning}", 100),
        )
        for g in Grade
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.17), ncol=1, fontsize=9)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(left=0.03, right=0.98, top=0.93, bottom=0.39)
    return fig


def figure_svg(fig: Figure, *, title: str, desc: str) -> str:
    """The figure as SVG text, identical on every run (fixed hash salt, no date, text as text).

    Parameters
    ----------
    fig
        A matplotlib figure.
    title, desc
        Text alternative, written as ``<title>``, ``<desc>`` and ``aria-label``
        (with ``role="img"``) into the ``<svg>`` element.
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    for name, value in (("title", title), ("desc", desc)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "implant_edu", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    head_end = svg.index(">") + 1
    # Drop the fixed size so the viewBox scales it to its container (projector).
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[:head_end])
    head = head.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(title, quote=True)}" '
        'style="width:100%;height:auto;max-width:100%" ',
        1,
    )
    text_alt = f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    # matplotlib writes six decimals and a line per path command: a tenth of a
    # unit is invisible in a 648-unit figure, and the lesson and its offline
    # handout carry the picture a third lighter.
    body = re.sub(r"(\d\.\d)\d+", r"\1", svg[head_end:])
    body = re.sub(r">\s+<", "><", body)
    body = re.sub(r"\s*\n\s*", " ", body)
    return head + text_alt + body


def figure_png(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes without time or software stamps."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
