"""The parts catalogue as a lesson table, and the parts side by side to one scale.

``parts_table()`` is generated from the catalogue (``data/parts.yaml``), never
retyped: one row per part with its small drawing, the names students will
meet, what it is, its typical size (with the sources of the numbers) and how
to tell it apart. ``parts_lineup()`` shows every part of the default line-up
at true relative scale next to a mm ruler. Both are static HTML whose
pictures are ``<img>`` elements, so they show in a notebook before it is
trusted (JupyterLab strips inline ``<svg>`` from untrusted outputs).
"""

from __future__ import annotations

import re
from html import escape

from IPython.display import HTML

from implant_edu.evidence import cite
from implant_edu.figures.part_drawings import (
    THUMBNAIL_HEIGHT_EM,
    part_thumbnail_img,
    part_thumbnail_svg,
    parts_lineup_svg,
)
from implant_edu.figures.svg import svg_as_img
from implant_edu.parts import Part, catalogue
from implant_edu.widgets.layout import capped_figure

COLUMNS: tuple[str, ...] = (
    "part",
    "drawing (one scale)",
    "also called",
    "what it is",
    "size",
    "how to tell it apart",
)
"""The column headings of :func:`parts_table`, left to right."""

CAPTION = (
    "The parts that could have come out, from the bone up: what each is called, what it "
    "is, its typical size and how to tell it apart. Every drawing has the same scale and a "
    "5 mm scale bar."
)
"""The table's caption."""

_CELL_STYLE = "text-align:left;vertical-align:top"
_CELL = f" style='{_CELL_STYLE}'"


NO_STUDY_FOR_NUMBERS = "No study is known for these numbers."
"""Said after a size that gives numbers but has no source."""


def _size_html(item: Part) -> str:
    keys = [s.key for s in item.dimension_sources]
    if keys:
        note = cite(*keys)
    elif re.search(r"\d", item.dimensions):
        note = NO_STUDY_FOR_NUMBERS
    else:
        # "Tooth-sized" or "no typical size is known": no number to source.
        return escape(item.dimensions)
    return f"{escape(item.dimensions)} <span class='ie-source'>{escape(note)}</span>"


def _thumbnail_em(key: str) -> float:
    """Width of a thumbnail shown at its common height, in em: the cell is kept at
    least this wide so that no drawing is squeezed out of the common scale."""
    found = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', part_thumbnail_svg(key))
    if found is None:  # pragma: no cover - every thumbnail has a viewBox
        return THUMBNAIL_HEIGHT_EM
    return THUMBNAIL_HEIGHT_EM * float(found.group(1)) / float(found.group(2))


def _cell(column: int, content: str, extra_style: str = "") -> str:
    # data-label: on a narrow screen each row is laid out as a card and every
    # cell shows its column's heading before it (course.css).
    return (
        f"<td data-label='{escape(COLUMNS[column])}' "
        f"style='{_CELL_STYLE}{extra_style}'>{content}</td>"
    )


def _row(item: Part) -> str:
    also = ", ".join(item.also_called) if item.also_called else "no other name"
    return (
        f"<tr class='ie-part-row' data-part='{escape(item.key)}'>"
        f"<th scope='row'{_CELL}>{escape(item.name)}</th>"
        + _cell(1, part_thumbnail_img(item.key), f";min-width:{_thumbnail_em(item.key):.1f}em")
        + _cell(2, escape(also))
        + _cell(3, escape(item.what_it_is))
        + _cell(4, _size_html(item))
        + _cell(5, escape(item.looks_like))
        + "</tr>"
    )


def parts_table_html() -> str:
    """The body of :func:`parts_table` as an HTML string (for handouts and tests)."""
    head = "".join(f"<th scope='col'{_CELL}>{escape(h)}</th>" for h in COLUMNS)
    rows = "".join(_row(item) for item in catalogue().values())
    return (
        "<div class='ie-parts-table' tabindex='0' role='region' "
        "aria-label='Parts of an implant restoration (table)' "
        "style='overflow-x:auto;max-width:100%'>"
        f"<table><caption>{escape(CAPTION)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def parts_table() -> HTML:
    """Every part of the catalogue with its drawing, names, size and how to tell it apart.

    Returns
    -------
    IPython.display.HTML
        A ``<table>`` with a ``<caption>`` and one row per catalogue part, in
        catalogue order (bone upwards), inside a keyboard-scrollable region
        (``tabindex='0'``, ``role='region'``, ``aria-label``). Columns:
        :data:`COLUMNS`. Each drawing is
        :func:`implant_edu.figures.part_drawings.part_thumbnail_img` (an
        ``<img>`` at the thumbnails' common height, so the parts keep their
        true relative sizes). Sizes carry their sources, or say that none is
        named.
    """
    return HTML(parts_table_html())


def parts_lineup() -> HTML:
    """The default line-up of the parts at true relative scale, with a mm ruler.

    :func:`implant_edu.figures.part_drawings.parts_lineup_svg` as an ``<img>``
    (:func:`implant_edu.figures.svg.svg_as_img`; its ``<desc>`` is the alt
    text), so it shows before the notebook is trusted. On a phone it keeps a
    readable width and scrolls sideways; projector mode widens it.
    """
    return HTML(
        capped_figure(
            svg_as_img(parts_lineup_svg()), css_class="ie-parts-lineup", max_width_px=1100
        )
    )
