"""The parts as they look in the hand, side by side at true relative scale.

Students must tell the parts apart by what they see: a healing abutment is
short, rounded, polished metal with a thin screw stem underneath and no
threads along its body; the implant body is longer and threaded from top to
bottom, with its connection at the top. Three pictures, each a pure function
of the drawing data (``data/part_drawings.yaml``, loaded once):

* :func:`parts_lineup_svg`: the parts standing on one baseline next to a mm
  ruler, each with its name, drawn size and what to look for;
* :func:`part_drawing_svg`: one part, larger, with its features pointed out
  and where its sizes come from;
* :func:`part_thumbnail_svg`: one part, small, with a 5 mm scale bar, for
  the triage explorer's results. Every thumbnail has the same scale and the
  same height, so a list of thumbnails keeps the parts' true relative sizes.

Every drawing is in true proportion: one scale (user units per mm) for the
whole picture, the same in x and y. A size our sources give a range for is
drawn inside that range; every other size is illustrative and the picture
says so (an asterisk in the labels, the words in ``<desc>``). Proportions
inside a part (thread pitch, stem thickness, socket size) are drawing
details, never reported as sizes. Parts are named in text and their cues
are words; the tooth colour of the crowns carries no meaning on its own.

:func:`write_part_assets` writes the line-up into the course's assets.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from implant_edu._validate import check_choice
from implant_edu.evidence import Source, load_yaml, source
from implant_edu.figures.svg import el, points, svg_document, text
from implant_edu.parts import catalogue
from implant_edu.style import TISSUE_COLOURS

LINEUP_SCALE: float = 20.0
"""User units per mm in :func:`parts_lineup_svg` (same in x and y)."""

DRAWING_SCALE: float = 24.0
"""User units per mm in :func:`part_drawing_svg`, the same for every part."""

THUMBNAIL_SCALE: float = 10.0
"""User units per mm in :func:`part_thumbnail_svg`, the same for every part."""

LABEL_FONT: float = 16.0
"""Size of every label, in user units (never smaller, so labels stay readable)."""

TITLE_FONT: float = 20.0
"""Size of the headings, in user units."""

LINE_HEIGHT: float = 20.0
"""Distance between lines of a label, in user units."""

CHAR_WIDTH_EM: float = 0.6
"""Width of one character as a fraction of the font size, rounded up for
DejaVu Sans (measured 0.47 to 0.58 on our labels): used to keep labels apart."""

BOLD_CHAR_WIDTH_EM: float = 0.64
"""The same for bold DejaVu Sans (measured 0.54 to 0.63 on our labels)."""

LINEUP_KEYS: tuple[str, ...] = (
    "implant_body",
    "cover_screw",
    "healing_abutment",
    "final_abutment",
    "abutment_screw",
    "screw_retained_crown",
    "cement_retained_crown",
)
"""The parts of the default line-up, from the bone up. The bridge (several
teeth long) is left out so that the seven single parts stay large; pass it in
``keys`` to add it."""

SIZE_FIELDS: tuple[str, ...] = ("width_mm", "height_mm", "stem_mm")
"""The drawn sizes of a part (see ``data/part_drawings.yaml``)."""

ILLUSTRATIVE_WORDS = "illustrative, no size known"
"""What a picture says about a size for which our sources give no number."""

THUMBNAIL_HEIGHT_EM: float = 7.0
"""CSS height of a thumbnail in em: with one scale and one ``viewBox`` height
for all thumbnails, shown at the same height they keep true relative size."""

_VIEW_TILT = 0.25
"""Top faces are drawn as ellipses ry = 0.25 rx: seen slightly from above,
as in a catalogue photo, so the implant's connection and the screw sockets
show."""

TIMES = "\u00d7"
"""The multiplication sign of the size labels ("4.5 × 10 mm")."""  # noqa: RUF001

_C = TISSUE_COLOURS
_METAL_EDGE = _C["metal_edge"]
_SOCKET = "#2B3138"


# --------------------------------------------------------------------------
# The data: drawn sizes and where they come from.


@dataclass(frozen=True)
class SizeBasis:
    """Where one drawn size comes from.

    Attributes
    ----------
    range_mm
        The typical range (low, high) in mm that our sources give, or
        ``None`` when they give no size: the drawn size is then illustrative.
    source
        The source of the range, or ``None`` when no study is named.
    note
        What else to know about the range, in words for students (may be
        empty); for an illustrative size, :data:`ILLUSTRATIVE_WORDS`.
    """

    range_mm: tuple[float, float] | None
    source: Source | None
    note: str

    @property
    def illustrative(self) -> bool:
        """True when our sources give no size and the drawn one is illustrative."""
        return self.range_mm is None


@dataclass(frozen=True)
class PartDrawing:
    """How one part of the catalogue is drawn.

    Attributes
    ----------
    key
        Part key of ``parts.yaml``, e.g. ``"healing_abutment"``.
    shape
        Which drawing is used (one of the keys of the drawing functions).
    width_mm
        Widest point in mm (outer thread diameter, collar, crown), > 0.
    height_mm
        Height of the body in mm: the implant's length, the healing
        abutment's height above the implant, the crown's height; > 0.
    stem_mm
        What sits under the body in mm (screw stem, connection, metal base);
        0 if none. The part is drawn ``height_mm + stem_mm`` tall.
    sizes
        Where each drawn size comes from, keyed by ``"width_mm"``,
        ``"height_mm"`` and (if the part has a stem) ``"stem_mm"``.
    cue
        Short lines saying what to look for (line-up labels).
    callouts
        Feature anchor -> words pointed at in :func:`part_drawing_svg`.
    """

    key: str
    shape: str
    width_mm: float
    height_mm: float
    stem_mm: float
    sizes: MappingProxyType[str, SizeBasis]
    cue: tuple[str, ...]
    callouts: MappingProxyType[str, str]

    @property
    def total_height_mm(self) -> float:
        """Height of the whole part as drawn, body plus stem, in mm."""
        return self.height_mm + self.stem_mm

    def size(self, field: str) -> float:
        """The drawn size ``field`` (one of :data:`SIZE_FIELDS`) in mm."""
        return float(getattr(self, field))


def _basis(where: str, raw: dict[str, Any]) -> SizeBasis:
    low_high = raw.get("range_mm")
    note = str(raw.get("note") or "").strip()
    if low_high is None:
        # A size without a range must say that it is illustrative, so that
        # no number is ever presented as sourced when it is not.
        if raw.get("source") is not None or not note.startswith("illustrative"):
            raise ValueError(
                f"part_drawings.yaml: {where} has no range, so it must have no source "
                f"and a note starting with 'illustrative', got {raw!r}"
            )
        return SizeBasis(range_mm=None, source=None, note=note)
    low, high = (float(v) for v in low_high)
    if not 0 < low < high:
        raise ValueError(f"part_drawings.yaml: {where} needs 0 < low < high, got {low_high!r}")
    key = raw.get("source")
    return SizeBasis(range_mm=(low, high), source=source(key) if key else None, note=note)


def _drawing(key: str, raw: dict[str, Any]) -> PartDrawing:
    check_choice(f"shape of {key}", raw["shape"], _SHAPES)
    sizes = {
        field: _basis(f"{key}.{field}", raw["sizes"][field])
        for field in SIZE_FIELDS
        if field in raw["sizes"]
    }
    drawing = PartDrawing(
        key=key,
        shape=raw["shape"],
        width_mm=float(raw["width_mm"]),
        height_mm=float(raw["height_mm"]),
        stem_mm=float(raw.get("stem_mm") or 0.0),
        sizes=MappingProxyType(sizes),
        cue=tuple(str(line) for line in raw["cue"]),
        callouts=MappingProxyType({str(k): str(v) for k, v in raw["callouts"].items()}),
    )
    for field in SIZE_FIELDS:
        value = drawing.size(field)
        if field == "stem_mm" and value == 0:
            continue
        if not 0 < value <= 30 or field not in sizes:
            raise ValueError(
                f"part_drawings.yaml: {key}.{field} = {value:g} mm needs 0 < size <= 30 "
                "and an entry under sizes"
            )
        limits = sizes[field].range_mm
        if limits is not None and not limits[0] <= value <= limits[1]:
            raise ValueError(
                f"part_drawings.yaml: {key}.{field} = {value:g} mm lies outside its "
                f"range {limits[0]:g} to {limits[1]:g} mm"
            )
    return drawing


@cache
def drawings() -> dict[str, PartDrawing]:
    """How every part is drawn, keyed by part key, in the catalogue's order.

    Read once from ``data/part_drawings.yaml`` and checked there: every part of
    :func:`implant_edu.parts.catalogue` has a drawing, no drawing names an
    unknown part, and every drawn size lies inside the range it comes from.

    Raises
    ------
    ValueError
        If the data breaks one of these rules.
    """
    raw: dict[str, Any] = load_yaml("part_drawings.yaml")
    parts = catalogue()
    missing = [key for key in parts if key not in raw]
    unknown = [key for key in raw if key not in parts]
    if missing or unknown:
        raise ValueError(
            f"part_drawings.yaml must draw exactly the catalogue's parts: "
            f"missing {missing}, unknown {unknown}"
        )
    return {key: _drawing(key, raw[key]) for key in parts}


def drawing(key: str) -> PartDrawing:
    """How one part is drawn, e.g. ``drawing("healing_abutment").height_mm``.

    Raises
    ------
    TypeError, ValueError
        If ``key`` is not a string or names no part (the message lists them).
    """
    return check_choice("part key", key, drawings())


# --------------------------------------------------------------------------
# Geometry: every shape is a polygon with computed points, so the drawn
# extent is exactly the data's size (the tests measure it).

Point = tuple[float, float]


@dataclass(frozen=True)
class _Frame:
    """Where a part is drawn: its axis, its baseline and the scale."""

    cx: float  # axis of the part, user units
    base: float  # baseline (bottom of the part), user units, y downwards
    scale: float  # user units per mm
    ids: str  # prefix of the gradient ids of this SVG document

    def x(self, mm: float) -> float:
        return self.cx + mm * self.scale

    def y(self, mm_up: float) -> float:
        return self.base - mm_up * self.scale

    def p(self, x_mm: float, up_mm: float) -> Point:
        return (self.x(x_mm), self.y(up_mm))

    def fill(self, name: str) -> str:
        return f"url(#{self.ids}-{name})"


@dataclass(frozen=True)
class _Drawn:
    markup: str
    anchors: dict[str, Point]  # feature -> point on the part (user units)


def _poly(
    pts: Iterable[Point], fill: str, stroke: str = _METAL_EDGE, width: float = 1.2, **extra: Any
) -> str:
    return el(
        "polygon",
        points=points(pts),
        fill=fill,
        stroke=stroke,
        stroke_width=width,
        stroke_linejoin="round",
        **extra,
    )


def _line(a: Point, b: Point, stroke: str = _METAL_EDGE, width: float = 0.9, **extra: Any) -> str:
    return el(
        "line", x1=a[0], y1=a[1], x2=b[0], y2=b[1], stroke=stroke, stroke_width=width, **extra
    )


def _ellipse_pts(
    f: _Frame,
    cx_mm: float,
    cy_up: float,
    rx: float,
    ry: float,
    start: float = 0.0,
    end: float = 360.0,
    n: int = 36,
) -> list[Point]:
    """Points of an ellipse arc (angles in degrees, 0 = right, 90 = top)."""
    out = []
    for i in range(n + 1):
        t = math.radians(start + (end - start) * i / n)
        out.append(f.p(cx_mm + rx * math.cos(t), cy_up + ry * math.sin(t)))
    return out


def _top_face(f: _Frame, top_up: float, r: float, fill: str = "top") -> tuple[str, float]:
    """The top face of a cylinder of radius ``r`` mm whose top edge is at ``top_up``.

    Returns the markup and the height (mm up) of the face's centre, where the
    cylinder's sides begin.
    """
    ry = _VIEW_TILT * r
    centre = top_up - ry
    return _poly(_ellipse_pts(f, 0, centre, r, ry), f.fill(fill), width=1.0), centre


def _hex_socket(f: _Frame, centre_up: float, r: float) -> str:
    """A hexagonal socket seen slightly from above (connection or driver socket)."""
    pts = [
        f.p(r * math.cos(math.radians(a)), centre_up + _VIEW_TILT * r * math.sin(math.radians(a)))
        for a in range(0, 360, 60)
    ]
    inner = [
        f.p(
            0.55 * r * math.cos(math.radians(a)),
            centre_up + 0.55 * _VIEW_TILT * r * math.sin(math.radians(a)),
        )
        for a in range(0, 360, 60)
    ]
    return _poly(pts, _SOCKET, stroke="#111111", width=1.0) + _poly(
        inner, "#4A525B", stroke="none", width=0
    )


def _thread(
    f: _Frame,
    top_up: float,
    bottom_up: float,
    radius: Callable[[float], float],
    depth: float,
    pitch: float,
) -> tuple[list[Point], list[Point], str]:
    """A threaded stretch from ``top_up`` down to ``bottom_up`` (mm above the base).

    ``radius(up)`` is the outer (crest) radius in mm at a height; the root is
    ``depth`` mm inside it. The right side is half a pitch lower than the
    left, and the lines joining the crests across the front slope the same
    way: that is what makes a thread read as a helix, not as rings.

    Returns the left edge (downwards), the right edge (downwards) and the
    crest lines across the front.
    """
    left: list[Point] = []
    right: list[Point] = []
    crests = []
    turns = max(1, math.floor((top_up - bottom_up) / pitch))
    step = (top_up - bottom_up) / turns
    for k in range(turns):
        y0 = top_up - k * step
        for frac, outer in ((0.0, False), (0.5, True)):
            up = y0 - frac * step
            r = radius(up) - (0 if outer else depth)
            left.append(f.p(-r, up))
        for frac, outer in ((0.0, False), (0.5, True)):
            up = y0 - (frac + 0.5) * step
            r = radius(up) - (0 if outer else depth)
            right.append(f.p(r, up))
        crest_left = y0 - 0.5 * step
        crest_right = y0 - 0.5 * step - 0.5 * step
        crests.append(
            _line(
                f.p(-radius(crest_left), crest_left),
                f.p(radius(crest_right), crest_right),
                width=0.8,
                stroke_opacity=0.7,
            )
        )
    left.append(f.p(-(radius(bottom_up) - depth), bottom_up))
    return left, right, "".join(crests)


def _threaded_rod(
    f: _Frame, top_up: float, bottom_up: float, r: float, depth: float, pitch: float, fill: str
) -> str:
    """A small threaded stem of outer radius ``r`` mm with a chamfered end."""
    chamfer = min(0.25, 0.3 * r)
    left, right, crests = _thread(f, top_up, bottom_up + chamfer, lambda _: r, depth, pitch)
    end = [f.p(-(r - depth - chamfer * 0.5), bottom_up), f.p(r - depth - chamfer * 0.5, bottom_up)]
    outline = [f.p(-(r - depth), top_up), *left, *end, *reversed(right), f.p(r - depth, top_up)]
    return _poly(outline, fill, width=1.0) + crests


def _implant(d: PartDrawing, f: _Frame) -> _Drawn:
    r = d.width_mm / 2
    h = d.height_mm
    top_face, face_up = _top_face(f, h, r)
    collar_up = face_up - 0.9  # machined collar under the platform
    taper_from = 2.4  # the tip tapers over its last 2.4 mm

    def radius(up: float) -> float:
        if up >= taper_from:
            return r
        return r * (0.62 + 0.38 * max(up, 0.0) / taper_from)

    end_up = 0.35
    left, right, crests = _thread(f, collar_up, end_up, radius, 0.42, 0.8)
    tip_r = radius(end_up) - 0.42
    tip = _ellipse_pts(f, 0, end_up, tip_r, end_up, 180, 360, 12)
    outline = [
        f.p(-r, face_up),
        f.p(-r, collar_up),
        *left,
        *tip,
        *reversed(right),
        f.p(r, collar_up),
        f.p(r, face_up),
    ]
    markup = (
        _poly(outline, f.fill("matte"))
        + crests
        + _poly(
            [f.p(-r, face_up), f.p(-r, collar_up), f.p(r, collar_up), f.p(r, face_up)],
            f.fill("metal"),
            width=1.0,
        )
        + top_face
        + _hex_socket(f, face_up, 0.62 * r)
    )
    anchors = {
        "connection": f.p(0.62 * r * 0.6, face_up),
        "collar": f.p(r, (face_up + collar_up) / 2),
        "threads": f.p(r, collar_up - 0.45 * (collar_up - taper_from)),
        "apex": f.p(tip_r * 0.9, end_up * 0.4),
    }
    return _Drawn(markup, anchors)


def _cover_screw(d: PartDrawing, f: _Frame) -> _Drawn:
    r = d.width_mm / 2
    stem = d.stem_mm
    top = stem + d.height_mm
    face, face_up = _top_face(f, top, r)
    head = [
        f.p(-r, face_up),
        f.p(-r, stem + 0.12),
        f.p(-r + 0.15, stem),
        f.p(r - 0.15, stem),
        f.p(r, stem + 0.12),
        f.p(r, face_up),
    ]
    rod_r = min(1.0, 0.5 * r)
    markup = (
        _threaded_rod(f, stem, 0.0, rod_r, 0.2, 0.4, f.fill("metal"))
        + _poly(head, f.fill("metal"))
        + face
        + _hex_socket(f, face_up, 0.3 * r)
    )
    anchors = {
        "head": f.p(r, (face_up + stem) / 2),
        "socket": f.p(0.3 * r * 0.5, face_up),
        "stem": f.p(rod_r, stem / 2),
    }
    return _Drawn(markup, anchors)


def _healing_abutment(d: PartDrawing, f: _Frame) -> _Drawn:
    r = d.width_mm / 2
    stem = d.stem_mm
    top = stem + d.height_mm
    dome = min(2.0, 0.5 * d.height_mm)  # the rounded top
    flare = min(1.0, 0.3 * d.height_mm)  # widens from the implant's platform
    bottom_r = 0.78 * r
    side_left = [
        f.p(-(bottom_r + (r - bottom_r) * math.sin(math.pi / 2 * i / 6)), stem + flare * i / 6)
        for i in range(7)
    ]
    # Superellipse: rounder than a flat cap, flatter than a hemisphere.
    n = 2.2
    dome_pts = []
    for i in range(1, 24):
        t = math.pi * i / 24
        c, s = math.cos(t), math.sin(t)
        x = -math.copysign(abs(c) ** (2 / n), c) * r
        dome_pts.append(f.p(x, top - dome + dome * abs(s) ** (2 / n)))
    body = [
        *side_left,
        f.p(-r, top - dome),
        *dome_pts,
        f.p(r, top - dome),
        *[(2 * f.cx - x, y) for x, y in reversed(side_left)],
    ]
    stem_r = 0.8
    smooth = stem * 0.35  # unthreaded neck under the body
    neck = [
        f.p(-(stem_r - 0.18), stem),
        f.p(-(stem_r - 0.18), stem - smooth),
        f.p(stem_r - 0.18, stem - smooth),
        f.p(stem_r - 0.18, stem),
    ]
    highlight = [
        f.p(-0.5 * r, stem + flare + 0.2),
        f.p(-0.5 * r, top - dome * 0.55),
        f.p(-0.36 * r, top - dome * 0.35),
        f.p(-0.3 * r, top - dome * 0.5),
        f.p(-0.3 * r, stem + flare + 0.2),
    ]
    markup = (
        _threaded_rod(f, stem - smooth, 0.0, stem_r, 0.18, 0.35, f.fill("metal"))
        + _poly(neck, f.fill("metal"), width=1.0)
        + _poly(body, f.fill("polished"), width=1.4)
        + _poly(highlight, "#FFFFFF", stroke="none", width=0, fill_opacity=0.75)
    )
    anchors = {
        "dome": f.p(0.55 * r, top - dome * 0.15),
        "body": f.p(r, stem + flare + (d.height_mm - dome - flare) / 2),
        "stem": f.p(stem_r - 0.18, stem - smooth / 2),
    }
    return _Drawn(markup, anchors)


def _hex_connection(f: _Frame, top_up: float, r: float) -> str:
    """The anti-rotation hex under an abutment or crown base, side view."""
    pts = [
        f.p(-r, top_up),
        f.p(-r, 0.15),
        f.p(-r + 0.15, 0.0),
        f.p(r - 0.15, 0.0),
        f.p(r, 0.15),
        f.p(r, top_up),
    ]
    return _poly(pts, f.fill("metal"), width=1.0) + "".join(
        _line(f.p(x, top_up), f.p(x, 0.05), width=0.8) for x in (-r / 2, r / 2)
    )


def _final_abutment(d: PartDrawing, f: _Frame) -> _Drawn:
    r = d.width_mm / 2
    stem = d.stem_mm
    top = stem + d.height_mm
    collar_top = stem + min(2.0, 0.3 * d.height_mm)
    post_r0, post_r1 = 0.84 * r, 0.66 * r  # the post tapers towards the top
    face, face_up = _top_face(f, top, post_r1)
    flare = [
        f.p(
            -(0.76 * r + 0.24 * r * math.sin(math.pi / 2 * i / 6)),
            stem + (collar_top - stem - 0.4) * i / 6,
        )
        for i in range(7)
    ]
    collar = [
        *flare,
        f.p(-r, collar_top),
        f.p(r, collar_top),
        *[(2 * f.cx - x, y) for x, y in reversed(flare)],
    ]
    shoulder = _ellipse_pts(f, 0, collar_top, r, _VIEW_TILT * r * 0.6)
    post = [
        f.p(-post_r0, collar_top),
        f.p(-post_r1, face_up),
        f.p(post_r1, face_up),
        f.p(post_r0, collar_top),
    ]
    hole = _ellipse_pts(f, 0, face_up, 0.5 * post_r1, 0.5 * post_r1 * _VIEW_TILT)
    markup = (
        _hex_connection(f, stem, min(1.3, 0.6 * r))
        + _poly(collar, f.fill("metal"))
        + _poly(shoulder, f.fill("top"), width=1.0)
        + _poly(post, f.fill("metal"))
        + face
        + _poly(hole, _SOCKET, stroke="#111111", width=1.0)
    )
    anchors = {
        "hole": f.p(0.5 * post_r1 * 0.7, face_up),
        "post": f.p((post_r0 + post_r1) / 2, (collar_top + face_up) / 2),
        "collar": f.p(r, collar_top - 0.5),
        "connection": f.p(min(1.3, 0.6 * r), stem / 2),
    }
    return _Drawn(markup, anchors)


def _abutment_screw(d: PartDrawing, f: _Frame) -> _Drawn:
    r = d.width_mm / 2
    top = d.height_mm
    head_h = min(1.3, 0.2 * top)
    face, face_up = _top_face(f, top, r)
    shank_r = 0.72 * r
    thread_r = 0.84 * r
    thread_top = top * 0.45
    head = [
        f.p(-r, face_up),
        f.p(-r, top - head_h),
        f.p(-shank_r, top - head_h - 0.25),
        f.p(shank_r, top - head_h - 0.25),
        f.p(r, top - head_h),
        f.p(r, face_up),
    ]
    shank = [
        f.p(-shank_r, top - head_h - 0.2),
        f.p(-shank_r, thread_top),
        f.p(shank_r, thread_top),
        f.p(shank_r, top - head_h - 0.2),
    ]
    markup = (
        _threaded_rod(f, thread_top, 0.0, thread_r, 0.22, 0.4, f.fill("metal"))
        + _poly(shank, f.fill("metal"), width=1.0)
        + _poly(head, f.fill("metal"))
        + face
        + _hex_socket(f, face_up, 0.5 * r)
    )
    anchors = {
        "head": f.p(r, top - head_h * 0.6),
        "shank": f.p(shank_r, (thread_top + top - head_h) / 2),
        "threads": f.p(thread_r, thread_top / 2),
    }
    return _Drawn(markup, anchors)


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: int = 10) -> list[Point]:
    out = []
    for i in range(n + 1):
        t = i / n
        a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        out.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + e * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + e * p3[1],
            )
        )
    return out


def _crown_outline(
    f: _Frame, cx_mm: float, width: float, height: float, bottom_up: float, cervical: float = 0.58
) -> list[Point]:
    """A premolar-like crown: narrow neck, bulging sides, two cusps on top.

    Built in a unit box (x from -0.5 to 0.5, y from 0 up to 1) and scaled to
    exactly ``width`` x ``height`` mm, so its extent is the data's size.
    """
    c = cervical / 2
    left = _bezier((-c, 0.0), (-0.52, 0.12), (-0.56, 0.62), (-0.4, 0.9))
    occlusal = (
        _bezier((-0.4, 0.9), (-0.34, 0.98), (-0.26, 1.0), (-0.2, 1.0), 5)[1:]
        + _bezier((-0.2, 1.0), (-0.12, 1.0), (-0.06, 0.86), (0.0, 0.86), 5)[1:]
    )
    half = left + occlusal
    mirrored = [(-x, y) for x, y in reversed(half[:-1])]
    unit = half + mirrored
    xs = [x for x, _ in unit]
    ys = [y for _, y in unit]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return [
        f.p(cx_mm + ((x - x0) / (x1 - x0) - 0.5) * width, bottom_up + (y - y0) / (y1 - y0) * height)
        for x, y in unit
    ]


def _crown_shading(f: _Frame, cx_mm: float, width: float, height: float, bottom_up: float) -> str:
    """A soft highlight on the crown's cheek, so it reads as rounded enamel."""
    pts = _ellipse_pts(
        f, cx_mm - 0.22 * width, bottom_up + 0.62 * height, 0.07 * width, 0.22 * height, n=24
    )
    return _poly(pts, "#FFFFFF", stroke="none", width=0, fill_opacity=0.7)


def _tooth_poly(pts: list[Point], f: _Frame) -> str:
    return _poly(pts, f.fill("tooth"), stroke=_C["crown_edge"], width=1.5)


def _screw_retained_crown(d: PartDrawing, f: _Frame) -> _Drawn:
    w, h, stem = d.width_mm, d.height_mm, d.stem_mm
    outline = _crown_outline(f, 0, w, h, stem)
    table_up = stem + 0.8 * h
    table = _ellipse_pts(f, 0, table_up, 0.17 * w, 0.04 * w)
    hole = _ellipse_pts(f, 0, table_up, 0.1 * w, 0.027 * w)
    channel = "".join(
        _line(
            f.p(x, table_up),
            f.p(x, stem),
            stroke=_C["crown_edge"],
            width=0.9,
            stroke_dasharray="4 3",
        )
        for x in (-0.1 * w, 0.1 * w)
    )
    markup = (
        _hex_connection(f, stem + 0.3, min(1.3, 0.19 * w))
        + _tooth_poly(outline, f)
        + _crown_shading(f, 0, w, h, stem)
        + channel
        + _poly(table, "#FBF8EE", stroke=_C["crown_edge"], width=0.9)
        + _poly(hole, _SOCKET, stroke="#111111", width=1.0)
    )
    anchors = {
        "hole": f.p(0.08 * w, table_up),
        "crown": f.p(0.5 * w, stem + 0.5 * h),
        "base": f.p(min(1.3, 0.19 * w), stem / 2),
    }
    return _Drawn(markup, anchors)


def _cement_retained_crown(d: PartDrawing, f: _Frame) -> _Drawn:
    w, h = d.width_mm, d.height_mm
    outline = _crown_outline(f, 0, w, h, 0.0)
    # The hollow that fits over the abutment: hidden inside, so dashed.
    hollow = [
        f.p(-0.22 * w, 0.0),
        f.p(-0.17 * w, 0.5 * h),
        f.p(-0.12 * w, 0.58 * h),
        f.p(0.12 * w, 0.58 * h),
        f.p(0.17 * w, 0.5 * h),
        f.p(0.22 * w, 0.0),
    ]
    markup = (
        _tooth_poly(outline, f)
        + _crown_shading(f, 0, w, h, 0.0)
        + el(
            "polyline",
            points=points(hollow),
            fill="none",
            stroke=_C["crown_edge"],
            stroke_width=1.2,
            stroke_dasharray="5 3",
        )
    )
    anchors = {
        "crown": f.p(0.5 * w, 0.55 * h),
        "hollow": f.p(0.16 * w, 0.35 * h),
        "margin": f.p(0.24 * w, 0.04 * h),
    }
    return _Drawn(markup, anchors)


def _bridge(d: PartDrawing, f: _Frame) -> _Drawn:
    w, h, stem = d.width_mm, d.height_mm, d.stem_mm
    unit = w / 3
    base_r = min(1.3, 0.19 * unit)
    bases = ""
    for cx_mm in (-unit, unit):
        inner = _Frame(cx=f.x(cx_mm), base=f.base, scale=f.scale, ids=f.ids)
        bases += _hex_connection(inner, stem + 0.3, base_r)
    crowns = ""
    for i, cx_mm in enumerate((-unit, 0.0, unit)):
        # The middle tooth (pontic) rests on the gum: shorter, no base.
        bottom = stem + (0.25 * h if i == 1 else 0.0)
        crown_h = h - (bottom - stem)
        crowns += _tooth_poly(_crown_outline(f, cx_mm, unit, crown_h, bottom), f)
        crowns += _crown_shading(f, cx_mm, unit, crown_h, bottom)
    joints = "".join(
        _poly(
            [
                f.p(x - 0.5, stem + 0.45 * h),
                f.p(x - 0.5, stem + 0.8 * h),
                f.p(x + 0.5, stem + 0.8 * h),
                f.p(x + 0.5, stem + 0.45 * h),
            ],
            "#EDE5D0",  # one flat shade: a connector, not another rounded tooth
            stroke="none",
            width=0,
        )
        for x in (-unit / 2, unit / 2)
    )
    anchors = {
        "teeth": f.p(1.5 * unit, stem + 0.5 * h),
        "pontic": f.p(0.3 * unit, stem + 0.35 * h),
        "base": f.p(unit + base_r, stem / 2),
    }
    # Connectors under the crowns: they show only in the gaps between them.
    return _Drawn(bases + joints + crowns, anchors)


_SHAPES: dict[str, Callable[[PartDrawing, _Frame], _Drawn]] = {
    "implant": _implant,
    "cover_screw": _cover_screw,
    "healing_abutment": _healing_abutment,
    "final_abutment": _final_abutment,
    "abutment_screw": _abutment_screw,
    "screw_retained_crown": _screw_retained_crown,
    "cement_retained_crown": _cement_retained_crown,
    "bridge": _bridge,
}


def _gradient(gid: str, stops: Sequence[tuple[float, str]]) -> str:
    return el(
        "linearGradient",
        [el("stop", offset=f"{o:g}", stop_color=c) for o, c in stops],
        id=gid,
        x1="0",
        y1="0",
        x2="1",
        y2="0",
    )


def _defs(ids: str) -> str:
    """Shading of a cylinder lit from the upper left: dark edges, a bright band.

    Titanium threads are blasted (matte: soft contrast); machined parts are
    satin; the healing abutment is polished (hard contrast, bright band).
    """
    return el(
        "defs",
        [
            _gradient(
                f"{ids}-matte",
                [
                    (0, "#646D76"),
                    (0.3, "#BAC1C8"),
                    (0.45, "#C9CFD5"),
                    (0.8, "#858E97"),
                    (1, "#5A636C"),
                ],
            ),
            _gradient(
                f"{ids}-metal",
                [
                    (0, "#5C656E"),
                    (0.25, "#C8CED4"),
                    (0.4, "#EEF1F3"),
                    (0.75, "#8E97A0"),
                    (1, "#535C65"),
                ],
            ),
            _gradient(
                f"{ids}-polished",
                [
                    (0, "#48515A"),
                    (0.18, "#D9DEE3"),
                    (0.3, "#FFFFFF"),
                    (0.5, "#B4BCC4"),
                    (0.78, "#6A737C"),
                    (1, "#3E464F"),
                ],
            ),
            _gradient(f"{ids}-top", [(0, "#AEB6BE"), (0.4, "#E4E8EB"), (1, "#97A0A9")]),
            _gradient(
                f"{ids}-tooth",
                [(0, "#DCD2B8"), (0.3, "#FBF7EC"), (0.55, "#F4EEDD"), (1, "#CFC4A6")],
            ),
        ],
    )


def _ids(kind: str, keys: Sequence[str]) -> str:
    # Gradient ids must not clash when several drawings share one page (a
    # lesson shows the line-up and single parts; ids are global in HTML).
    digest = hashlib.sha1("|".join(keys).encode()).hexdigest()[:6]
    return f"ie-{kind}-{digest}"


# --------------------------------------------------------------------------
# Text.


def text_width(words: str, size: float = LABEL_FONT, bold: bool = False) -> float:
    """Estimated width of ``words`` at font ``size``, in user units (a little generous)."""
    return len(words) * (BOLD_CHAR_WIDTH_EM if bold else CHAR_WIDTH_EM) * size


def _number(value: float, illustrative: bool) -> str:
    return f"{value:g}" + ("*" if illustrative else "")


def _size_lines(d: PartDrawing) -> list[str]:
    """The drawn size, e.g. ``["4.5 x 10 mm"]`` (with a multiplication sign);
    illustrative numbers get a ``*``."""
    star = {field: basis.illustrative for field, basis in d.sizes.items()}
    width = _number(d.width_mm, star["width_mm"])
    lines = [f"{width} {TIMES} {_number(d.height_mm, star['height_mm'])} mm"]
    if d.stem_mm:
        lines.append(f"+ {_number(d.stem_mm, star['stem_mm'])} mm {_stem_word(d)}")
    return lines


def _stem_word(d: PartDrawing) -> str:
    return {"final_abutment": "hex", "screw_retained_crown": "base", "bridge": "bases"}.get(
        d.shape, "stem"
    )


_WHAT: dict[str, dict[str, str]] = {
    "width_mm": {"implant": "diameter"},
    "height_mm": {"implant": "length", "abutment_screw": "length"},
}


def _what(d: PartDrawing, field: str) -> str:
    """The size's name in words, e.g. ``"diameter"`` or ``"stem length"``."""
    stem = _stem_word(d).removesuffix("s")
    default = {"width_mm": "width", "height_mm": "height"}.get(field, stem + " length")
    return _WHAT.get(field, {}).get(d.shape, default)


def describe(key: str) -> str:
    """Sentences naming the part, its drawn sizes and where each comes from.

    A size inside a range our sources give is said to be, with the source
    where one is named; every other size is called illustrative. Used in
    every ``<desc>``, e.g. ``describe("healing_abutment")`` gives "healing
    abutment: drawn 4.5 mm wide and 4 mm high, plus a 3 mm stem underneath.
    Its height (4 mm) lies inside the typical 2 to 7 mm, chosen by the
    thickness of the gum. Width, stem length: illustrative, no size given in
    our sources."
    """
    d = drawing(key)
    name = catalogue()[key].name
    verb = "long" if d.shape in ("implant", "abutment_screw") else "high"
    words = f"{name}: drawn {d.width_mm:g} mm wide and {d.height_mm:g} mm {verb}"
    if d.stem_mm:
        article = "" if _stem_word(d).endswith("s") else "a "
        words += f", plus {article}{d.stem_mm:g} mm {_stem_word(d)} underneath"
    sourced, illustrative = [], []
    for field in SIZE_FIELDS:
        if field not in d.sizes or not d.size(field):
            continue
        basis = d.sizes[field]
        if basis.range_mm is None:
            illustrative.append(_what(d, field))
            continue
        low, high = basis.range_mm
        sourced.append(
            f"its {_what(d, field)} ({d.size(field):g} mm) lies inside the typical "
            f"{low:g} to {high:g} mm"
            + (f", {basis.note}" if basis.note else "")
            + (f" ({basis.source.short})" if basis.source else "")
        )
    words += "."
    if sourced:
        joined = "; ".join(sourced)
        words += f" {joined[0].upper()}{joined[1:]}."
    if illustrative:
        joined = ", ".join(illustrative)
        words += f" {joined[0].upper()}{joined[1:]}: {ILLUSTRATIVE_WORDS}."
    return words


def _looks(key: str) -> str:
    return catalogue()[key].looks_like.rstrip(".")


def _text_lines(
    x: float,
    y: float,
    lines: Sequence[str],
    *,
    anchor: str = "middle",
    size: float = LABEL_FONT,
    **attrs: Any,
) -> str:
    return "".join(
        text(x, y + i * LINE_HEIGHT, line, text_anchor=anchor, font_size=size, **attrs)
        for i, line in enumerate(lines)
    )


def _name_lines(key: str, width: int = 15) -> list[str]:
    return textwrap.wrap(catalogue()[key].name, width, break_on_hyphens=False)


# --------------------------------------------------------------------------
# Rulers.


def _ruler(x: float, base: float, scale: float, top_mm: int) -> str:
    """A vertical mm ruler at ``x``, 0 on the baseline, ticks every mm.

    Every tick carries ``data-mm``, so a test can check it against the parts.
    """
    out = [
        _line((x, base), (x, base - top_mm * scale), stroke=_C["label"], width=1.5),
        text(
            x - 6,
            base - top_mm * scale - 12,
            "mm",
            text_anchor="end",
            font_size=LABEL_FONT,
            fill=_C["label"],
        ),
    ]
    for mm in range(top_mm + 1):
        y = base - mm * scale
        length = 14 if mm % 10 == 0 else 10 if mm % 5 == 0 else 6
        out.append(
            el(
                "line",
                x1=x - length,
                y1=y,
                x2=x,
                y2=y,
                stroke=_C["label"],
                stroke_width=1.2,
                class_="ie-ruler-tick",
                data_mm=str(mm),
            )
        )
        if mm % 5 == 0:
            out.append(
                text(
                    x - 18,
                    y + 5.5,
                    str(mm),
                    text_anchor="end",
                    font_size=LABEL_FONT,
                    fill=_C["label"],
                )
            )
    return el("g", out, class_="ie-ruler")


def _part_group(key: str, d: PartDrawing, f: _Frame) -> tuple[str, _Drawn]:
    drawn = _SHAPES[d.shape](d, f)
    group = el(
        "g",
        drawn.markup,
        class_="ie-part",
        data_key=key,
        data_width_mm=f"{d.width_mm:g}",
        data_height_mm=f"{d.total_height_mm:g}",
        data_stem_mm=f"{d.stem_mm:g}",
    )
    return group, drawn


def _check_keys(keys: object) -> tuple[str, ...]:
    if keys is None:
        return LINEUP_KEYS
    if isinstance(keys, str) or not isinstance(keys, Sequence):
        raise TypeError(f"keys must be a sequence of part keys, got {keys!r}")
    chosen = tuple(drawing(k).key for k in keys)  # type: ignore[arg-type]
    if not chosen or len(set(chosen)) != len(chosen):
        raise ValueError(f"keys must name at least one part, each once, got {list(keys)!r}")
    return chosen


_LABEL_GAP = 14.0  # user units between two labels in the same row

_PART_GAP = 28.0  # user units between two parts, so each reads as a separate object
_LEADER_CLEARANCE = 10.0  # user units between a leader line and a neighbouring label


def _label_block(d: PartDrawing) -> list[tuple[str, bool, dict[str, str]]]:
    """The label lines of a part: (words, bold?, text attributes), top to bottom."""
    name = {"font_weight": "bold", "fill": _C["label"]}
    plain = {"fill": _C["label"]}
    cue = {"font_style": "italic", "fill": "#404040"}
    return (
        [(t, True, name) for t in _name_lines(d.key)]
        + [(t, False, plain) for t in _size_lines(d)]
        + [(t, False, cue) for t in d.cue]
    )


def _label_centres(part_w: Sequence[float], label_w: Sequence[float], left: float) -> list[float]:
    """Centres of the parts, left to right, with labels in two alternating rows.

    Each centre is as far left as three rules allow: neighbouring parts keep
    :data:`_PART_GAP` apart; a label in one row keeps
    :data:`_LEADER_CLEARANCE` from its neighbour's leader line (or centre
    line) in the other row; labels in the same row keep :data:`_LABEL_GAP`
    apart. All widths in user units.
    """
    centres: list[float] = []
    for i, (pw, lw) in enumerate(zip(part_w, label_w, strict=True)):
        if i == 0:
            centres.append(left + max(pw, lw) / 2)
            continue
        candidates = [
            centres[i - 1] + (part_w[i - 1] + pw) / 2 + _PART_GAP,
            centres[i - 1] + max(label_w[i - 1], lw) / 2 + _LEADER_CLEARANCE,
        ]
        if i >= 2:
            candidates.append(centres[i - 2] + (label_w[i - 2] + lw) / 2 + _LABEL_GAP)
        centres.append(max(candidates))
    return centres


# "One scale", not "true scale": sizes no source gives are drawn to the same
# scale but are illustrative (starred); "true relative scale" over starred
# sizes read as a contradiction.
_LINEUP_TITLE = "The parts side by side, drawn to one scale (mm)"
_THUMBNAIL_WORDS = "Small drawing, to the same scale as the other parts, with a 5 mm scale bar."
"""How a thumbnail's text alternative starts (its SVG description and its img alt)."""


def _footnote(items: Sequence[PartDrawing]) -> str:
    """What the asterisks mean, and the typical ranges the other sizes lie in.

    Said in the picture, not only in its ``<desc>``: sighted students never
    see the description.
    """
    words = f"* {ILLUSTRATIVE_WORDS}."
    ranges = []
    for d in items:
        sourced = []
        for field in SIZE_FIELDS:
            basis = d.sizes.get(field)
            if basis is None or basis.range_mm is None:
                continue
            low, high = basis.range_mm
            sourced.append(
                f"{_what(d, field)} {low:g} to {high:g} mm"
                + (f", {basis.note}" if basis.note else "")
                + (f" ({basis.source.short})" if basis.source else "")
            )
        if sourced:
            name = catalogue()[d.key].name
            ranges.append(f"{name[0].upper()}{name[1:]}: " + "; ".join(sourced))
    if ranges:
        words += " Typical sizes: " + ". ".join(ranges) + "."
    return words


# --------------------------------------------------------------------------
# The pictures.


def parts_lineup_svg(keys: Sequence[str] | None = None) -> str:
    """The parts side by side on one baseline, at true relative scale, with a mm ruler.

    Parameters
    ----------
    keys
        Part keys in the order to draw them (see :func:`drawings`); ``None``
        draws :data:`LINEUP_KEYS` (implant body to cement-retained crown).

    Returns
    -------
    str
        An SVG element, :data:`LINEUP_SCALE` user units per mm in x and y.
        Under each part: its name, its drawn size (``*`` marks an
        illustrative number) and what to look for. Its ``<desc>`` names each
        part with its drawn sizes and where they come from.

    Raises
    ------
    TypeError, ValueError
        If ``keys`` is not a sequence of known part keys, each named once.
    """
    chosen = _check_keys(keys)
    items = [drawing(k) for k in chosen]
    s = LINEUP_SCALE
    top_mm = math.ceil(max(d.total_height_mm for d in items)) + 1
    ruler_x = 62.0
    base = 64.0 + top_mm * s
    ids = _ids("pl", chosen)

    # Labels alternate between two rows under the baseline, so a label may
    # be wider than its part without pushing the parts apart: the picture
    # stays narrow and its text large once scaled to the page.
    blocks = [_label_block(d) for d in items]
    label_w = [max(text_width(t, bold=b) for t, b, _ in block) for block in blocks]
    centres = _label_centres([d.width_mm * s for d in items], label_w, ruler_x + 24.0)
    width = max(c + w / 2 for c, w in zip(centres, label_w, strict=True)) + 12.0
    width = max(width, centres[-1] + items[-1].width_mm * s / 2 + 12.0)
    width = max(width, 24.0 + text_width(_LINEUP_TITLE, TITLE_FONT, bold=True))
    row_lines = [max((len(b) for b in blocks[row::2]), default=0) for row in (0, 1)]
    row_top = [base + 28.0, base + 28.0 + row_lines[0] * LINE_HEIGHT + 14.0]
    foot = textwrap.wrap(
        _footnote(items), max(20, int((width - 24) / (CHAR_WIDTH_EM * LABEL_FONT)))
    )
    foot_top = row_top[1] + (row_lines[1] + 0.6) * LINE_HEIGHT
    height = foot_top + len(foot) * LINE_HEIGHT

    body = [_defs(ids)]
    body.append(
        text(
            12,
            30,
            _LINEUP_TITLE,
            font_size=TITLE_FONT,
            font_weight="bold",
            fill=_C["label"],
        )
    )
    # Light guide lines at 5 and 10 mm let the eye compare heights.
    for mm in range(5, top_mm + 1, 5):
        body.append(
            _line(
                (ruler_x, base - mm * s),
                (width - 12, base - mm * s),
                stroke="#B8B8B8",
                width=1.0,
                stroke_dasharray="4 4",
                class_="ie-guide",
            )
        )
    body.append(
        _line(
            (ruler_x, base), (width - 12, base), stroke="#7A7A7A", width=1.5, class_="ie-baseline"
        )
    )
    body.append(_ruler(ruler_x, base, s, top_mm))

    parts_markup, labels = [], []
    for i, (d, cx, block) in enumerate(zip(items, centres, blocks, strict=True)):
        group, _ = _part_group(d.key, d, _Frame(cx=cx, base=base, scale=s, ids=ids))
        parts_markup.append(group)
        top = row_top[i % 2]
        lines = [
            text(
                cx,
                top + n * LINE_HEIGHT,
                words,
                text_anchor="middle",
                font_size=LABEL_FONT,
                **style,
            )
            for n, (words, _, style) in enumerate(block)
        ]
        if i % 2:
            # A leader from the baseline down to a label in the second row.
            lines.insert(
                0,
                _line(
                    (cx, base + 6.0),
                    (cx, top - LABEL_FONT - 2.0),
                    stroke=_C["leader"],
                    width=1.0,
                    class_="ie-label-leader",
                ),
            )
        labels.append(el("g", lines, class_="ie-part-label", data_key=d.key))
    body += parts_markup + labels
    body.append(_text_lines(12, foot_top, foot, anchor="start", fill="#404040"))

    desc = (
        f"Line-up of {len(items)} implant part{'s' if len(items) > 1 else ''} as they look in "
        "the hand, standing side by side "
        f"on one baseline, drawn to one scale ({s:g} units per mm; sizes marked * are "
        f"illustrative), next to a ruler in mm "
        f"from 0 to {top_mm}. "
        + " ".join(f"{describe(d.key)} Looks: {_looks(d.key)}." for d in items)
    )
    return svg_document(
        width,
        height,
        title="Implant parts side by side, drawn to one scale",
        desc=desc,
        body=body,
        css_class="ie-parts-lineup",
        font_size=LABEL_FONT,
    )


def _wrap(words: str, width_units: float) -> list[str]:
    return textwrap.wrap(words, max(12, int(width_units / (CHAR_WIDTH_EM * LABEL_FONT))))


def part_drawing_svg(key: str) -> str:
    """One part as it looks in the hand, its features pointed out, with a mm ruler.

    Parameters
    ----------
    key
        Part key of the catalogue, e.g. ``"healing_abutment"``.

    Returns
    -------
    str
        An SVG element at :data:`DRAWING_SCALE` user units per mm (the same
        for every part, so two drawings side by side keep their sizes):
        the part's name, the part next to a ruler, labels with leader lines
        to its features, and its drawn sizes with where they come from.

    Raises
    ------
    TypeError, ValueError
        If ``key`` is not a string or names no part.
    """
    d = drawing(key)
    s = DRAWING_SCALE
    ids = _ids("pd", (key,))
    top_mm = math.ceil(d.total_height_mm) + 1
    ruler_x = 58.0
    base = 70.0 + top_mm * s
    cx = ruler_x + 36.0 + d.width_mm * s / 2
    label_x = cx + d.width_mm * s / 2 + 46.0
    width = max(680.0, label_x + 380.0)
    group, drawn = _part_group(key, d, _Frame(cx=cx, base=base, scale=s, ids=ids))

    # Callouts in a column at the right, in the order of their anchors from
    # the top, pushed apart so that their boxes never overlap.
    column = width - label_x - 12.0
    wanted = sorted(
        ((drawn.anchors[name], _wrap(words, column)) for name, words in d.callouts.items()),
        key=lambda item: item[0][1],
    )
    callouts = []
    next_free = 58.0
    for (ax, ay), lines in wanted:
        y = max(ay + 5.5 - (len(lines) - 1) * LINE_HEIGHT / 2, next_free + LABEL_FONT)
        next_free = y + (len(lines) - 1) * LINE_HEIGHT + 10.0
        mid = y - 5.5 + (len(lines) - 1) * LINE_HEIGHT / 2
        callouts.append(
            el(
                "polyline",
                points=points([(ax, ay), (label_x - 14, mid), (label_x - 4, mid)]),
                fill="none",
                stroke=_C["leader"],
                stroke_width=1.0,
            )
            + el("circle", cx=ax, cy=ay, r=3.0, fill=_C["leader"])
            + _text_lines(label_x, y, lines, anchor="start", fill=_C["label"])
        )
    parts_bottom = max(base, next_free)

    facts = _wrap(describe(key), width - 24.0)
    sizes_top = parts_bottom + 36.0
    height = sizes_top + len(facts) * LINE_HEIGHT + 8.0
    name = catalogue()[key].name
    body = [
        _defs(ids),
        text(
            12,
            30,
            name[0].upper() + name[1:],
            font_size=TITLE_FONT,
            font_weight="bold",
            fill=_C["label"],
        ),
        _line(
            (ruler_x, base), (label_x - 20, base), stroke="#7A7A7A", width=1.5, class_="ie-baseline"
        ),
        _ruler(ruler_x, base, s, top_mm),
        group,
        el("g", callouts, class_="ie-callouts"),
        _text_lines(12, sizes_top, facts, anchor="start", fill=_C["label"]),
    ]
    desc = (
        f"Drawing of one {name} as it looks in the hand, at {s:g} units per mm next to a ruler "
        f"in mm. {describe(key)} Looks: {_looks(key)}. Pointed out: "
        + "; ".join(d.callouts.values())
        + "."
    )
    return svg_document(
        width,
        height,
        title=f"Drawing: {name}",
        desc=desc,
        body=body,
        css_class="ie-part-drawing",
        font_size=LABEL_FONT,
    )


THUMBNAIL_HEIGHT: float = 150.0
"""``viewBox`` height of every thumbnail, in user units (fits 11 mm and the scale bar)."""


def part_thumbnail_svg(key: str) -> str:
    """A small drawing of one part with a 5 mm scale bar, for lists of results.

    Every thumbnail has :data:`THUMBNAIL_SCALE` units per mm and the same
    ``viewBox`` height, :data:`THUMBNAIL_HEIGHT`, and is styled
    :data:`THUMBNAIL_HEIGHT_EM` em high: shown in a list, the parts keep
    their true relative sizes (a cover screw looks small next to an implant).
    The name is left to the surrounding text; ``<title>`` and ``<desc>``
    name the part and its drawn size.

    Raises
    ------
    TypeError, ValueError
        If ``key`` is not a string or names no part.
    """
    d = drawing(key)
    s = THUMBNAIL_SCALE
    bar = 5.0 * s
    width = max(bar + 70.0, d.width_mm * s + 24.0)
    base = THUMBNAIL_HEIGHT - 40.0
    ids = _ids("pt", (key,))
    group, _ = _part_group(key, d, _Frame(cx=width / 2, base=base, scale=s, ids=ids))
    bar_y = THUMBNAIL_HEIGHT - 14.0
    body = [
        _defs(ids),
        _line((4, base), (width - 4, base), stroke="#9A9A9A", width=1.0, class_="ie-baseline"),
        group,
        el(
            "g",
            [
                _line((8, bar_y), (8 + bar, bar_y), stroke=_C["label"], width=2.0),
                _line((8, bar_y - 5), (8, bar_y + 5), stroke=_C["label"], width=1.5),
                _line((8 + bar, bar_y - 5), (8 + bar, bar_y + 5), stroke=_C["label"], width=1.5),
                text(14 + bar, bar_y + 5.5, "5 mm", font_size=LABEL_FONT, fill=_C["label"]),
            ],
            class_="ie-scale-bar",
            data_mm="5",
        ),
    ]
    name = catalogue()[key].name
    svg = svg_document(
        width,
        THUMBNAIL_HEIGHT,
        title=f"Small drawing: {name}",
        desc=f"{_THUMBNAIL_WORDS} {describe(key)}",
        body=body,
        css_class="ie-part-thumbnail",
        font_size=LABEL_FONT,
    )
    # Shown at a fixed height, not the container's width: so that a list of
    # thumbnails keeps the parts' true relative sizes.
    head, rest = svg.split(">", 1)
    style = f"height:{THUMBNAIL_HEIGHT_EM:g}em;width:auto;max-width:100%"
    head = re.sub(r' style="[^"]*"', "", head) + f' style="{style}"'
    return head + ">" + rest


def part_thumbnail_img(key: str) -> str:
    """:func:`part_thumbnail_svg` as an ``<img>`` for static HTML, at its fixed height.

    :func:`implant_edu.figures.svg.svg_as_img` stretches a picture to the
    width of its box, which would undo the thumbnails' common scale; this
    keeps the height of :data:`THUMBNAIL_HEIGHT_EM` em and the ``<desc>`` as
    ``alt``. Use it where a notebook shows thumbnails before it is trusted.
    """
    svg = part_thumbnail_svg(key)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return el(
        "img",
        src=uri,
        alt=f"{_THUMBNAIL_WORDS} {describe(key)}",
        style=f"height:{THUMBNAIL_HEIGHT_EM:g}em;width:auto;max-width:100%",
        class_="ie-part-thumbnail",
    )


def write_part_assets(folder: str | Path) -> list[Path]:
    """Write ``parts_lineup.svg`` (the default line-up) into ``folder``.

    Parameters
    ----------
    folder
        Target folder, created if needed (``make assets`` uses ``assets``).

    Returns
    -------
    list of pathlib.Path
        The files written. Deterministic: the same data gives the same bytes.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    path = target / "parts_lineup.svg"
    path.write_text(parts_lineup_svg() + "\n", encoding="utf-8")
    return [path]


__all__ = [
    "DRAWING_SCALE",
    "LINEUP_KEYS",
    "LINEUP_SCALE",
    "THUMBNAIL_SCALE",
    "PartDrawing",
    "SizeBasis",
    "describe",
    "drawing",
    "drawings",
    "part_drawing_svg",
    "part_thumbnail_img",
    "part_thumbnail_svg",
    "parts_lineup_svg",
    "write_part_assets",
]
