"""Schematic cross-sections of an implant site, as SVG strings.

Two pictures, each a pure function of the model's state, both drawn like an
anatomy-textbook section through the gap between two teeth (bone with its
crest, curved gum contours, the neighbouring teeth cut lengthwise, a label
column at the right):

* :func:`phase_svg`: the site with the parts in the mouth during one
  treatment phase (cover screw under closed gum, healing abutment through
  the gum, final abutment with screw and crown);
* :func:`closure_svg`: the site with the healing abutment *out*: the walls of
  the channel fall in (measured collapse), meet and seal the surface (rule of
  thumb), and a new epithelial layer grows across (measured in other wounds:
  an analogy), in step with the :class:`~implant_edu.timeline.ClosureState`
  it is given.

Both are drawn by the same helpers (bone, gum, teeth, implant), placed by a
:class:`_Geometry`. Widths and the gum's thickness are drawn to scale
(:data:`SCALE_PX_PER_MM` user units per mm in the phase view,
:data:`CLOSURE_SCALE_PX_PER_MM` in the closure view); the implant length
(10 mm, "standard" in Pardo-Zamora et al.), the heights of abutments and
crown, the neighbouring teeth and the bone contour are illustrative. Every
part is named in text, never by colour alone; labels sit in a column right of
the drawing (:func:`label_column`), spread so they never overlap. The helpers
:class:`Callout`, :func:`label_column` and :func:`stage_heading` are shared
with :mod:`implant_edu.figures.mouth_view`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from implant_edu.figures._inputs import check_state, check_tissue
from implant_edu.figures.svg import el, fmt, points, svg_document, text
from implant_edu.figures.time_axis import duration_label
from implant_edu.parts import Phase, phase
from implant_edu.style import OKABE_ITO, STAGE_COLOURS, TISSUE_COLOURS
from implant_edu.timeline import COLLAPSE_OBSERVED_UNTIL_H, ClosureState, Tissue

SCALE_PX_PER_MM: float = 20.0
"""SVG user units per millimetre in the phase cross-sections (:func:`phase_svg`)."""

CLOSURE_SCALE_PX_PER_MM: float = 24.0
"""SVG user units per millimetre in the closure view (:func:`closure_svg`): so
that a fraction of a millimetre of opening is visible."""

WIDTH, HEIGHT = 800.0, 570.0
"""Size of the phase cross-section's ``viewBox`` in user units."""

PHASE_SITE_RIGHT: float = 380.0
"""Right edge of the drawing in the phase view; the label column is to its right."""

IMPLANT_LENGTH_MM = 10.0
"""Drawn implant length: 10 mm counts as standard (Pardo-Zamora et al.); illustrative."""

_C = TISSUE_COLOURS


def spread_labels(wanted: list[float], gap: float, top: float) -> list[float]:
    """Heights for a column of labels, each as near its wanted height as can be.

    Labels keep their order and stay at least ``gap`` apart. Labels that would
    collide form a group centred on the mean of their wanted heights, so a
    crowd of labels spreads up as well as down and the leader lines stay short
    (they cross less). No label goes above ``top``.

    Parameters
    ----------
    wanted
        Wanted heights (SVG units, downwards), in increasing order.
    gap
        Smallest distance between two labels (SVG units), > 0.
    top
        Highest allowed height (SVG units).

    Returns
    -------
    list[float]
        One height per label, in the same order.
    """
    # Each group: [first index, count, height of its first label].
    groups: list[list[float]] = []
    for i, y in enumerate(wanted):
        groups.append([i, 1, max(y, top)])
        while len(groups) > 1:
            (i0, n0, y0), (i1, n1, _) = groups[-2], groups[-1]
            if y0 + n0 * gap <= groups[-1][2]:
                break
            members = wanted[int(i0) : int(i1 + n1)]
            count = n0 + n1
            centred = sum(members) / count - gap * (count - 1) / 2
            groups[-2:] = [[i0, count, max(centred, top)]]
    return [y0 + k * gap for _, n, y0 in groups for k in range(int(n))]


LABEL_FONT: float = 16.0
"""Label size in the cross-sections and the mouth view, in user units: about 16 px on a
1024x768 projector when the figure fills the width (never below 16)."""

LABEL_GAP: float = 23.0
"""Vertical distance between two labels of a column, in user units (1.4 lines)."""

TEXT_WIDTH_EM: float = 0.62
"""Estimated width of one character of DejaVu Sans, in em: an upper bound of
its average advance, used to keep labels inside the picture and apart."""

CLOSURE_WIDTH, CLOSURE_HEIGHT = 800.0, 520.0
"""Size of the closure view's ``viewBox`` in user units."""

CLOSURE_SITE_RIGHT: float = 460.0
"""Right edge of the drawing in the closure view; the label column is to its right."""

_CL_CX = 230.0  # implant axis
_CL_SURFACE = 236.0  # gum surface over the site; fixed, the bone moves with the thickness


@dataclass(frozen=True)
class Callout:
    """A label in a column, with a leader line to what it names.

    Attributes
    ----------
    x, y
        The point named, in user units.
    words
        The label.
    key
        A short name, written as ``data-key`` (for tests and styling).
    """

    x: float
    y: float
    words: str
    key: str = ""


def label_box(x: float, y: float, words: str, font_size: float = LABEL_FONT) -> tuple[float, ...]:
    """Estimated box of a start-anchored label at baseline ``(x, y)``: (x0, y0, x1, y1).

    The width is ``len(words) * TEXT_WIDTH_EM * font_size`` (an upper bound
    for DejaVu Sans), the height one line (ascent 0.8 em, descent 0.25 em).
    """
    return (
        x,
        y - 0.8 * font_size,
        x + len(words) * TEXT_WIDTH_EM * font_size,
        y + 0.25 * font_size,
    )


def label_column(
    items: list[Callout], column_x: float, top: float, bottom: float, *, leader: str = ""
) -> str:
    """A column of labels at ``column_x``, spread apart, each with a leader line.

    Labels keep the vertical order of the points they name
    (:func:`spread_labels`), at least :data:`LABEL_GAP` apart, so they never
    overlap one another; the column sits right of the drawing, so they never
    cover it. If the column would run below ``bottom`` it is moved up.

    Parameters
    ----------
    items
        The labels and the points they name.
    column_x
        Left edge of the label text, in user units.
    top, bottom
        Highest and lowest allowed baselines, in user units.
    leader
        Colour of the leader lines (default the style's leader colour).

    Returns
    -------
    str
        Markup: for each label a ``polyline`` leader, a dot on the named
        point and a ``text`` with class ``ie-label`` (``font-size`` 16).
    """
    ink = leader or TISSUE_COLOURS["leader"]
    ordered = sorted(items, key=lambda i: i.y)
    heights = spread_labels([item.y + 5.5 for item in ordered], LABEL_GAP, top)
    if heights and heights[-1] > bottom:
        shift = heights[-1] - bottom
        heights = [h - shift for h in heights]
    out = []
    for item, y in zip(ordered, heights, strict=True):
        mid = y - 5.5
        out.append(
            el(
                "polyline",
                points=points([(item.x, item.y), (column_x - 22, mid), (column_x - 6, mid)]),
                fill="none",
                stroke=ink,
                stroke_width=1.3,
                class_="ie-leader",
            )
            + el(
                "circle", cx=item.x, cy=item.y, r=3.0, fill=ink, stroke="#FFFFFF", stroke_width=1.0
            )
            + text(
                column_x,
                y,
                item.words,
                fill=TISSUE_COLOURS["label"],
                font_size=LABEL_FONT,
                class_="ie-label",
                data_key=item.key or None,
            )
        )
    return "".join(out)


def stage_heading(state: ClosureState, what: str) -> str:
    """Two heading lines: the time and what is shown, then the stage by number, swatch and name."""
    stage = state.stage
    n = stage.order + 1
    when = duration_label(state.hours)
    return (
        text(
            16.0,
            28.0,
            f"{when} after the healing abutment came out{what}",
            font_weight="bold",
            font_size=20.0,
            fill=TISSUE_COLOURS["label"],
            class_="ie-heading",
        )
        + el(
            "rect",
            x=16.0,
            y=40.0,
            width=24.0,
            height=24.0,
            rx=4.0,
            fill=STAGE_COLOURS[stage.value],
            stroke=TISSUE_COLOURS["label"],
            stroke_width=1.0,
        )
        + text(
            28.0,
            58.0,
            str(n),
            text_anchor="middle",
            font_weight="bold",
            font_size=LABEL_FONT,
            fill="#000000",
        )
        + text(
            48.0,
            58.0,
            f"Stage {n} of {len(type(stage))}: {stage.label}",
            font_size=18.0,
            fill=TISSUE_COLOURS["label"],
            class_="ie-figure-stage",
            data_stage=str(n),
        )
    )


# ---------------------------------------------------------------------------
# Drawing helpers shared by both views, placed by a _Geometry.


@dataclass(frozen=True)
class _Geometry:
    """Where a section is drawn: ``scale`` user units per mm, the implant axis
    ``cx``, the drawing's right edge ``right`` (labels to its right) and its
    bottom edge ``bottom``, all in user units."""

    scale: float
    cx: float
    right: float
    bottom: float

    def mm(self, value: float) -> float:
        return value * self.scale


_CLOSURE = _Geometry(CLOSURE_SCALE_PX_PER_MM, _CL_CX, CLOSURE_SITE_RIGHT, CLOSURE_HEIGHT)
_PHASE = _Geometry(SCALE_PX_PER_MM, 190.0, PHASE_SITE_RIGHT, HEIGHT)


def _mm24(value: float) -> float:
    return value * CLOSURE_SCALE_PX_PER_MM


def _occlusal_y(g: _Geometry, surface: float) -> float:
    """Height of the neighbouring teeth's biting surface (illustrative)."""
    return surface - g.mm(6.5) - 20


def _neighbour_tooth(
    g: _Geometry, side: int, surface: float, shift_mm: float = 0.0
) -> tuple[str, Callout]:
    """A neighbouring tooth cut lengthwise, at the left (``side=-1``) or right (+1).

    Proportions are illustrative: crown bulge ``3.6 + shift_mm`` mm from the
    implant axis (``shift_mm`` makes room for a crown on the implant), gum
    margin at the tooth 1 mm above the site's surface, crown 6.5 mm tall.
    """
    cx, edge = g.cx, (0.0 if side < 0 else g.right)

    def at(mm_from_axis: float) -> float:
        return cx + side * g.mm(shift_mm + mm_from_axis)

    top = surface - g.mm(6.5)
    flat = _occlusal_y(g, surface)
    cej_y = surface - g.mm(1.0)
    crown = (
        f"M{fmt(edge)},{fmt(flat)} L{fmt(at(6.2))},{fmt(flat)} "
        f"C{fmt(at(4.4))},{fmt(flat)} {fmt(at(3.6))},{fmt(top + g.mm(0.6))} "
        f"{fmt(at(3.6))},{fmt(surface - g.mm(4.6))} "
        f"C{fmt(at(3.6))},{fmt(surface - g.mm(3.0))} {fmt(at(4.2))},{fmt(cej_y - 8)} "
        f"{fmt(at(4.4))},{fmt(cej_y)} L{fmt(edge)},{fmt(cej_y)} Z"
    )
    root = (
        f"M{fmt(at(4.4))},{fmt(cej_y)} "
        f"C{fmt(at(4.6))},{fmt(cej_y + g.mm(4))} {fmt(at(5.2))},{fmt(g.bottom - 40)} "
        f"{fmt(at(5.6))},{fmt(g.bottom + 4)} L{fmt(edge)},{fmt(g.bottom + 4)} "
        f"L{fmt(edge)},{fmt(cej_y)} Z"
    )
    canal = el(
        "path",
        d=(
            f"M{fmt(at(6.3))},{fmt(cej_y - g.mm(1.5))} C{fmt(at(6.1))},{fmt(cej_y)} "
            f"{fmt(at(6.6))},{fmt(cej_y + g.mm(5))} {fmt(at(7.0))},{fmt(g.bottom + 4)}"
        ),
        fill="none",
        stroke=TISSUE_COLOURS["socket"],
        stroke_width=4.0,
        stroke_opacity=0.3,
        stroke_linecap="round",
    )
    shape = el(
        "path",
        d=root,
        fill=TISSUE_COLOURS["root"],
        stroke=TISSUE_COLOURS["crown_edge"],
        stroke_width=1.5,
    ) + el(
        "path",
        d=crown,
        fill=TISSUE_COLOURS["crown"],
        stroke=TISSUE_COLOURS["crown_edge"],
        stroke_width=1.8,
    )
    return shape + canal, Callout(at(3.9), surface - g.mm(4.2), "neighbouring tooth", "tooth")


def _bone_path(
    g: _Geometry, bone_y: float, surface: float, half: float, shift_mm: float = 0.0
) -> str:
    """Bone with its crest contour: level with the implant's shoulder, rising to the teeth."""
    cx = g.cx
    tooth_crest = min(surface + g.mm(1.0), bone_y)
    left_top = (
        f"M0,{fmt(tooth_crest - 4)} L{fmt(cx - g.mm(shift_mm + 4.6))},{fmt(tooth_crest)} "
        f"C{fmt(cx - half - g.mm(0.6))},{fmt(tooth_crest)} {fmt(cx - half - g.mm(0.3))},"
        f"{fmt(bone_y)} {fmt(cx - half)},{fmt(bone_y)} "
    )
    right_top = (
        f"L{fmt(cx + half)},{fmt(bone_y)} C{fmt(cx + half + g.mm(0.3))},{fmt(bone_y)} "
        f"{fmt(cx + half + g.mm(0.6))},{fmt(tooth_crest)} {fmt(cx + g.mm(shift_mm + 4.6))},"
        f"{fmt(tooth_crest)} L{fmt(g.right)},{fmt(tooth_crest - 4)} "
    )
    outline = left_top + right_top + f"L{fmt(g.right)},{fmt(g.bottom)} L0,{fmt(g.bottom)} Z"
    return (
        _bone_stipple()
        + el("path", d=outline, fill=TISSUE_COLOURS["bone"], stroke="none", class_="ie-bone")
        + el(
            "path",
            d=outline,
            fill="url(#ie-bone-stipple)",
            fill_opacity=0.5,
            stroke=TISSUE_COLOURS["bone_edge"],
            stroke_width=2.0,
        )
    )


def _gum_half(
    g: _Geometry,
    side: int,
    surface: float,
    bone_y: float,
    half_d: float,
    gap_half: float,
    wall_half: float,
    dimple: float,
    shift_mm: float = 0.0,
) -> str:
    """One side of the gum, from the neighbouring tooth to the wall of the channel
    through it (the healing abutment's channel, or the part that fills it).

    ``gap_half`` is the half-width of the opening at the surface (exact),
    ``wall_half`` that of the channel where it meets the implant, ``dimple``
    the depth of the dip at the surface once closed (user units); ``shift_mm``
    as in :func:`_neighbour_tooth`.
    """
    cx = g.cx

    def x(offset: float) -> float:
        return cx + side * offset

    edge = 0.0 if side < 0 else g.right
    margin = surface - g.mm(1.0)
    tooth_crest = min(surface + g.mm(1.0), bone_y)
    lip = min(g.mm(0.5), max(gap_half, 0.0) + g.mm(0.25))
    if gap_half > 0.0:
        rim = (
            f"L{fmt(x(gap_half + lip))},{fmt(surface)} "
            f"Q{fmt(x(gap_half))},{fmt(surface)} {fmt(x(gap_half))},{fmt(surface + lip)} "
        )
    else:
        rim = (
            f"L{fmt(x(g.mm(0.8)))},{fmt(surface)} "
            f"Q{fmt(x(0.0))},{fmt(surface)} {fmt(x(0.0))},{fmt(surface + dimple)} "
        )
    d = (
        f"M{fmt(edge)},{fmt(margin)} L{fmt(x(g.mm(shift_mm + 4.4)))},{fmt(margin)} "
        f"C{fmt(x(g.mm(shift_mm + 3.4)))},{fmt(margin)} "
        f"{fmt(x(g.mm(shift_mm + 2.6) + half_d * 0.2))},{fmt(surface)} "
        f"{fmt(x(max(half_d, gap_half + lip)))},{fmt(surface)} "
        + rim
        + f"C{fmt(x(gap_half))},{fmt((surface + bone_y) / 2)} {fmt(x(wall_half))},"
        f"{fmt(bone_y - g.mm(0.4))} {fmt(x(wall_half))},{fmt(bone_y)} "
        f"L{fmt(x(half_d))},{fmt(bone_y)} "
        f"C{fmt(x(half_d + g.mm(0.3)))},{fmt(bone_y)} {fmt(x(half_d + g.mm(0.6)))},"
        f"{fmt(tooth_crest)} {fmt(x(g.mm(shift_mm + 4.6)))},{fmt(tooth_crest)} "
        f"L{fmt(edge)},{fmt(tooth_crest - 4)} Z"
    )
    return el(
        "path",
        d=d,
        fill=TISSUE_COLOURS["gum"],
        stroke=TISSUE_COLOURS["gum_edge"],
        stroke_width=1.8,
        stroke_linejoin="round",
        class_="ie-gum",
    )


def _implant_body(g: _Geometry, bone_y: float, diameter_mm: float) -> str:
    """Threaded implant from the bone crest down, with its internal connection."""
    cx = g.cx
    half = g.mm(diameter_mm) / 2
    body = el(
        "polygon",
        points=points(_thread_outline(cx, bone_y, diameter_mm, g.scale)),
        fill=TISSUE_COLOURS["metal"],
        stroke=TISSUE_COLOURS["metal_edge"],
        stroke_width=1.8,
        class_="ie-implant",
    )
    # The internal connection: a socket open at the top, drawn dark (inside).
    socket_half = half * 0.42
    socket = el(
        "path",
        d=(
            f"M{fmt(cx - socket_half)},{fmt(bone_y)} L{fmt(cx - socket_half)},"
            f"{fmt(bone_y + g.mm(2.2))} L{fmt(cx + socket_half)},{fmt(bone_y + g.mm(2.2))} "
            f"L{fmt(cx + socket_half)},{fmt(bone_y)}"
        ),
        fill="#5F6B76",
        stroke=TISSUE_COLOURS["metal_edge"],
        stroke_width=1.2,
        class_="ie-connection",
    )
    return body + socket


def _bone_stipple() -> str:
    """Pattern ``ie-bone-stipple``: textbook rings for spongy bone, so that bone is
    told apart from the roots and the gum by pattern, not only by colour."""
    ring = {"fill": "none", "stroke": TISSUE_COLOURS["bone_edge"], "stroke_width": 1.0}
    return el(
        "defs",
        el(
            "pattern",
            el("circle", cx=4.0, cy=4.0, r=2.4, **ring)
            + el("circle", cx=13.0, cy=12.0, r=1.7, **ring),
            id="ie-bone-stipple",
            width=18,
            height=16,
            patternUnits="userSpaceOnUse",
        ),
    )


def _thread_outline(
    cx: float, top: float, diameter_mm: float, scale: float
) -> list[tuple[float, float]]:
    """Outline of a threaded implant body, 10 mm long, from its top at ``top``.

    Threads 0.45 mm deep at a 1 mm pitch (illustrative), ``scale`` user units per mm.
    """
    half = diameter_mm * scale / 2
    depth, pitch = 0.45 * scale, 1.0 * scale
    bottom = top + IMPLANT_LENGTH_MM * scale
    left: list[tuple[float, float]] = [(cx - half, top)]
    y = top + scale
    while y + pitch < bottom - 0.8 * scale:
        left += [(cx - half, y), (cx - half - depth, y + pitch / 2), (cx - half, y + pitch)]
        y += pitch
    left.append((cx - half * 0.75, bottom))
    return left + [(2 * cx - x, yy) for x, yy in reversed(left)]


# ---------------------------------------------------------------------------
# The phase view: the same section with the parts of one treatment phase.

_CX = _PHASE.cx
_SURFACE = 215.0  # gum surface over the site; fixed, the bone moves with the thickness

_ARROW = el(
    "defs",
    el(
        "marker",
        el("path", d="M0,0 L6,3 L0,6 z", fill=_C["label"]),
        id="ie-arrow",
        viewBox="0 0 6 6",
        refX=3.0,
        refY=3.0,
        markerWidth=6.0,
        markerHeight=6.0,
        orient="auto-start-reverse",
    ),
)


def _mm(value: float) -> float:
    """Millimetres to user units in the phase view (widths and gum to scale)."""
    return value * SCALE_PX_PER_MM


def _metal(**shape: object) -> dict[str, object]:
    return {"fill": _C["metal"], "stroke": _C["metal_edge"], "stroke_width": 1.5, **shape}


HEALING_ABUTMENT_FILL = "#CDD4DB"
"""The healing abutment's polished metal, lighter than the implant's ``metal``."""


def _screw_stem(top: float, bottom: float, half: float, threads_from: float) -> str:
    """A screw's shank from ``top`` down, threaded from ``threads_from`` to ``bottom``."""
    depth, pitch = half * 0.35, _mm(0.6)
    left = [(_CX - half, top), (_CX - half, threads_from)]
    y = threads_from
    while y + pitch <= bottom - _mm(0.3):
        left += [(_CX - half - depth, y + pitch / 2), (_CX - half, y + pitch)]
        y += pitch
    left.append((_CX - half * 0.6, bottom))
    outline = left + [(2 * _CX - x, yy) for x, yy in reversed(left)]
    return el(
        "polygon",
        points=points(outline),
        fill="#7D8893",
        stroke=_C["metal_edge"],
        stroke_width=1.2,
        class_="ie-screw",
    )


def _cover_screw(d: float, bone_y: float) -> tuple[str, list[Callout]]:
    half, height = _mm(d) / 2, _mm(0.6)
    # Screwed into the implant's inner thread like any other part on top of it.
    stem_half = _mm(d) * 0.16
    shape = (
        _screw_stem(bone_y - 2.0, bone_y + _mm(2.2), stem_half, bone_y + _mm(0.3))
        + el(
            "rect",
            **_metal(x=_CX - half, y=bone_y - height, width=2 * half, height=height, rx=3.0),
            class_="ie-part",
            data_part="cover_screw",
        )
        + el(
            "rect",
            x=_CX - _mm(0.6),
            y=bone_y - height,
            width=_mm(1.2),
            height=_mm(0.3),
            fill=_C["metal_edge"],
        )
    )
    # The stitches that hold the gum closed over it.
    stitch = el(
        "path",
        d=(
            f"M{fmt(_CX - _mm(0.9))},{fmt(_SURFACE + _mm(1.0))} "
            f"C{fmt(_CX - _mm(0.8))},{fmt(_SURFACE - _mm(0.9))} {fmt(_CX + _mm(0.8))},"
            f"{fmt(_SURFACE - _mm(0.9))} {fmt(_CX + _mm(0.9))},{fmt(_SURFACE + _mm(1.0))}"
        ),
        fill="none",
        stroke=OKABE_ITO["blue"],
        stroke_width=2.5,
        stroke_linecap="round",
    )
    return shape + stitch, [
        Callout(_CX + half, bone_y - height / 2, "cover screw (flat, low)", "cover_screw"),
        Callout(_CX + stem_half, bone_y + _mm(1.4), "its screw stem (inside)", "screw_stem"),
        Callout(_CX + _mm(0.55), _SURFACE - _mm(0.45), "stitches: gum closed over it", "stitch"),
    ]


def _healing_abutment(d: float, bone_y: float) -> tuple[str, list[Callout]]:
    half = _mm(d) / 2
    top = _SURFACE - _mm(1.5)
    r = min(half, _mm(1.0))
    path = (
        f"M{fmt(_CX - half)},{fmt(bone_y)} L{fmt(_CX - half)},{fmt(top + r)} "
        f"Q{fmt(_CX - half)},{fmt(top)} {fmt(_CX - half + r)},{fmt(top)} "
        f"L{fmt(_CX + half - r)},{fmt(top)} "
        f"Q{fmt(_CX + half)},{fmt(top)} {fmt(_CX + half)},{fmt(top + r)} "
        f"L{fmt(_CX + half)},{fmt(bone_y)} Z"
    )
    stem_half = _mm(d) * 0.16
    shape = (
        _screw_stem(bone_y - 2.0, bone_y + _mm(3.0), stem_half, bone_y + _mm(0.3))
        # Polished: lighter than the implant's machined titanium, so the two
        # read as two parts.
        + el(
            "path",
            d=path,
            **_metal(fill=HEALING_ABUTMENT_FILL),
            class_="ie-part",
            data_part="healing_abutment",
        )
        + el(
            "rect", x=_CX - _mm(0.6), y=top, width=_mm(1.2), height=_mm(0.5), fill=_C["metal_edge"]
        )
    )
    return shape, [
        Callout(_CX + half, top + r, "healing abutment (rounded, polished)", "healing_abutment"),
        Callout(_CX + stem_half, bone_y + _mm(2.0), "its screw stem (inside)", "screw_stem"),
    ]


def _crown_half_mm(d: float) -> float:
    """Half the crown's width at its widest (illustrative): a premolar, wider on a
    wide implant; the neighbouring teeth stand just beyond it in every phase."""
    return max(3.6, d / 2 + 1.4)


def _final(d: float, bone_y: float, retention: str) -> tuple[str, list[Callout]]:
    """Final abutment, abutment screw and a crown (``retention``: screw or cement)."""
    surface = _SURFACE
    half = _mm(d) / 2
    collar = half + _mm(0.5)
    post_top = surface - _mm(4.5)
    post_half = max(half - _mm(0.4), _mm(1.2))
    abutment = el(
        "polygon",
        points=points(
            [
                (_CX - half, bone_y),
                (_CX - collar, surface),
                (_CX - post_half, surface - _mm(0.8)),
                (_CX - post_half * 0.85, post_top),
                (_CX + post_half * 0.85, post_top),
                (_CX + post_half, surface - _mm(0.8)),
                (_CX + collar, surface),
                (_CX + half, bone_y),
            ]
        ),
        **_metal(),
        class_="ie-part",
        data_part="final_abutment",
    )
    crown_half = _mm(_crown_half_mm(d))
    crown_top = _occlusal_y(_PHASE, surface)
    crown = el(
        "path",
        d=(
            f"M{fmt(_CX - collar)},{fmt(surface)} "
            f"C{fmt(_CX - crown_half)},{fmt(surface - _mm(2.0))} "
            f"{fmt(_CX - crown_half - _mm(0.4))},{fmt(crown_top + _mm(3.0))} "
            f"{fmt(_CX - crown_half + _mm(0.3))},{fmt(crown_top + _mm(0.6))} "
            f"Q{fmt(_CX - _mm(2.0))},{fmt(crown_top - _mm(0.5))} "
            f"{fmt(_CX)},{fmt(crown_top + _mm(0.8))} "
            f"Q{fmt(_CX + _mm(2.0))},{fmt(crown_top - _mm(0.5))} "
            f"{fmt(_CX + crown_half - _mm(0.3))},{fmt(crown_top + _mm(0.6))} "
            f"C{fmt(_CX + crown_half + _mm(0.4))},{fmt(crown_top + _mm(3.0))} "
            f"{fmt(_CX + crown_half)},{fmt(surface - _mm(2.0))} "
            f"{fmt(_CX + collar)},{fmt(surface)} Z"
        ),
        fill=_C["crown"],
        fill_opacity=0.6,
        stroke=_C["crown_edge"],
        stroke_width=1.8,
        class_="ie-part",
        data_part=f"{retention}_retained_crown",
    )
    screw_top = post_top + _mm(1.0)
    screw = _screw_stem(
        screw_top + _mm(0.7), bone_y + _mm(3.0), _mm(d) * 0.16, bone_y + _mm(0.3)
    ) + el(
        "rect",
        x=_CX - _mm(0.9),
        y=screw_top,
        width=_mm(1.8),
        height=_mm(0.7),
        rx=2.0,
        fill=_C["metal_edge"],
        class_="ie-part",
        data_part="abutment_screw",
    )
    labels = [
        Callout(_CX + crown_half, crown_top + _mm(2.5), f"crown ({retention}-retained)", "crown"),
        Callout(_CX + post_half, surface - _mm(2.5), "final abutment", "final_abutment"),
        Callout(_CX + _mm(0.9), screw_top + _mm(0.35), "abutment screw", "abutment_screw"),
    ]
    if retention == "screw":
        extra = el(
            "rect",
            x=_CX - _mm(0.8),
            y=crown_top + _mm(0.6),
            width=_mm(1.6),
            height=screw_top - crown_top - _mm(0.6),
            fill="#FFFFFF",
            stroke=_C["crown_edge"],
            stroke_width=1.2,
            stroke_dasharray="3 2",
        )
        labels.append(
            Callout(_CX + _mm(0.8), crown_top + _mm(1.5), "access hole for the screw", "access")
        )
    else:
        cement_line = points(
            [
                (_CX - post_half - 2.5, surface - _mm(0.8)),
                (_CX - post_half * 0.85 - 2.5, post_top - 2.5),
                (_CX + post_half * 0.85 + 2.5, post_top - 2.5),
                (_CX + post_half + 2.5, surface - _mm(0.8)),
            ]
        )
        # A faint dark halo under the cement colour keeps the thin layer
        # visible against the pale crown.
        extra = el(
            "polyline",
            points=cement_line,
            fill="none",
            stroke=OKABE_ITO["black"],
            stroke_width=5.0,
            stroke_opacity=0.25,
        ) + el("polyline", points=cement_line, fill="none", stroke=_C["cement"], stroke_width=3.0)
        labels.append(
            Callout(
                _CX + post_half * 0.85, post_top - 2.5, "cement layer (remove any excess)", "cement"
            )
        )
    return abutment + crown + extra + screw, labels


def _thickness_marker(x: float, bone_y: float) -> str:
    """A dimension arrow from the gum's surface to the implant's shoulder, with an
    extension line from the shoulder: the gum's thickness, to scale."""
    return el(
        "line",
        x1=_CX,
        y1=bone_y,
        x2=x + 6,
        y2=bone_y,
        stroke=_C["label"],
        stroke_width=1.0,
        stroke_dasharray="3 2",
    ) + el(
        "line",
        x1=x,
        y1=_SURFACE,
        x2=x,
        y2=bone_y,
        stroke=_C["label"],
        stroke_width=1.4,
        marker_start="url(#ie-arrow)",
        marker_end="url(#ie-arrow)",
        class_="ie-thickness",
    )


def phase_svg(which: Phase | str, tissue: Tissue | None = None) -> str:
    """Cross-section of the site during one treatment phase.

    Drawn like :func:`closure_svg` (and by the same helpers): a section through
    the gap between two teeth, bone with its crest, the threaded implant, the
    gum closed over it or open around the parts through it, and the parts of
    the phase, each named in a label column at the right.

    Parameters
    ----------
    which
        A :class:`~implant_edu.parts.Phase` or its key (see
        :func:`implant_edu.parts.phases`), e.g. ``"healing_one_stage"``.
    tissue
        Site parameters (default ``Tissue()``: 4.5 mm diameter, 3.0 mm gum).
        The implant and its parts are drawn ``abutment_diameter_mm`` wide
        (3 to 6 mm) and the gum ``mucosa_thickness_mm`` thick (1 to 7 mm), at
        :data:`SCALE_PX_PER_MM` user units per mm.

    Returns
    -------
    str
        A standalone ``<svg>`` (``viewBox`` ``0 0 800 570``) with ``<title>``
        and ``<desc>``. Classes: ``ie-part`` (attribute ``data-part``: the
        part's key), ``ie-gum``, ``ie-implant``, ``ie-thickness`` (the arrow
        from the gum's surface to the implant's shoulder), ``ie-label``
        (labels, 16 user units, attribute ``data-key``) and ``ie-heading``.

    Raises
    ------
    TypeError, ValueError
        For an unknown phase key or a ``tissue`` that is not a ``Tissue``.
    """
    chosen = which if isinstance(which, Phase) else phase(which)
    site = check_tissue(tissue)
    d, m = site.abutment_diameter_mm, site.mucosa_thickness_mm
    g, surface = _PHASE, _SURFACE
    bone_y = surface + _mm(m)
    half = _mm(d) / 2
    shift = _crown_half_mm(d) + 0.15 - 3.6
    keys = [p.key for p in chosen.parts]
    if chosen.gum_closed:
        gap_half = wall_half = 0.0
    else:
        gap_half = half + (_mm(0.5) if "final_abutment" in keys else 0.0)
        wall_half = half
    body = [_ARROW, _bone_path(g, bone_y, surface, half, shift), _implant_body(g, bone_y, d)]
    for side in (-1, 1):
        body.append(_gum_half(g, side, surface, bone_y, half, gap_half, wall_half, 1.5, shift))
    callouts = []
    for side in (-1, 1):
        tooth, callout = _neighbour_tooth(g, side, surface, shift)
        body.append(tooth)
        if side > 0:
            # Into the tooth, clear of the crown it touches.
            callouts.append(replace(callout, x=callout.x + _mm(1.2)))
    if "cover_screw" in keys:
        shape, more = _cover_screw(d, bone_y)
        body.append(shape)
        callouts += more
    if "healing_abutment" in keys:
        shape, more = _healing_abutment(d, bone_y)
        body.append(shape)
        callouts += more
    if "final_abutment" in keys:
        retention = "screw" if "screw_retained_crown" in keys else "cement"
        shape, more = _final(d, bone_y, retention)
        body.append(shape)
        callouts += more
    arrow_x = _CX + max(half + _mm(0.6), gap_half + _mm(0.5)) + 6.0
    body.append(_thickness_marker(arrow_x, bone_y))
    callouts += [
        Callout(arrow_x, (surface + bone_y) / 2, f"gum (mucosa), {m:g} mm thick", "gum"),
        Callout(_CX + half, bone_y + _mm(6.5), "implant body (threaded, in bone)", "implant"),
        Callout(_CX + half + _mm(1.6), bone_y + _mm(4.0), "bone", "bone"),
    ]
    if site.thin_mucosa:
        callouts.append(
            Callout(arrow_x + _mm(0.8), surface + 2.0, "thin mucosa (2 mm or less)", "thin")
        )
    body.append(
        text(
            16.0,
            30.0,
            chosen.label,
            font_weight="bold",
            font_size=20.0,
            fill=_C["label"],
            class_="ie-heading",
        )
    )
    body.append(label_column(callouts, g.right + 34, 70.0, HEIGHT - 12))
    names = ", ".join(p.name for p in chosen.parts)
    gum = "closed over the implant" if chosen.gum_closed else "open around the parts through it"
    return svg_document(
        WIDTH,
        HEIGHT,
        title=f"Cross-section: {chosen.label}",
        desc=(
            f"Schematic cross-section, {chosen.label}. From the bone up: {names}. "
            f"The gum ({m:g} mm thick) is {gum}. Implant {d:g} mm wide; "
            f"widths and gum thickness to scale, heights illustrative. {chosen.note}"
        ),
        body=body,
        css_class="ie-cross-section",
        font_size=LABEL_FONT,
    )


def closure_svg(state: ClosureState) -> str:
    """Cross-section of the site with the healing abutment out, at one moment.

    A textbook-style section through the gap between two teeth: bone with its
    crest, the threaded implant, the gum over it and the channel the
    healing abutment left, closing in step with the model:

    * the gap at the surface is exactly ``state.opening_mm`` wide (at
      :data:`CLOSURE_SCALE_PX_PER_MM` user units per mm): the collapse in the
      first 20 min (measured), then the walls meeting over hours (rule of
      thumb); a dashed outline shows where the abutment was;
    * once closed the walls meet in a seam, with a small dip at the surface;
    * from 12 h a new epithelial layer grows across the wound from both sides,
      each side reaching ``bridged_fraction`` of the abutment's half-width
      (measured in other wounds: an analogy);
    * from 5 days (``state.surface_covered``) the surface has healed over: the
      new layer is no longer drawn apart, and the seam fades (an analogy).

    Widths and the gum's thickness are to scale; the teeth, the bone contour,
    the shape of the channel below the surface, the dip and the thickness of
    the epithelium are illustrative, and the description says so.

    Parameters
    ----------
    state
        A :class:`~implant_edu.timeline.ClosureState` (any the model produces,
        0 to 1344 h).

    Returns
    -------
    str
        A standalone ``<svg>`` (``viewBox`` ``0 0 800 520``) with ``<title>``
        and ``<desc>`` naming the time, the opening and the stage. Classes:
        ``ie-opening`` (a ``rect``, always present, ``width`` = opening at
        scale, 0 once closed; attribute ``data-opening-mm``), ``ie-seam``
        (a ``line``, only once closed, faint from 5 days), ``ie-epithelium`` (two
        ``rect`` growing from both sides, one once bridged at 48 h, until 5
        days; attribute ``data-bridged``), ``ie-label`` (labels, 16 user
        units), ``ie-heading`` and ``ie-figure-stage`` (attribute ``data-stage``).

    Raises
    ------
    TypeError
        If ``state`` is not a ``ClosureState``.
    """
    state = check_state(state)
    site = state.tissue
    d, m = site.abutment_diameter_mm, site.mucosa_thickness_mm
    surface = _CL_SURFACE
    bone_y = surface + _mm24(m)
    half_d = _mm24(d) / 2
    closed = state.surface_closed
    gap_half = 0.0 if closed else _mm24(state.opening_mm) / 2
    # Below the surface the channel is a little wider than at its lips (the
    # surface closes first); never wider than the abutment was. Illustrative.
    base_half = min(half_d, gap_half * 1.15)
    dimple = _mm24(0.35) * (1.0 - state.bridged_fraction) + 1.5
    cx = _CL_CX

    body = [_bone_path(_CLOSURE, bone_y, surface, half_d), _implant_body(_CLOSURE, bone_y, d)]
    for side in (-1, 1):
        wall_half = max(base_half, gap_half)
        body.append(_gum_half(_CLOSURE, side, surface, bone_y, half_d, gap_half, wall_half, dimple))
    callouts = []
    for side in (-1, 1):
        tooth, callout = _neighbour_tooth(_CLOSURE, side, surface)
        body.append(tooth)
        if side > 0:
            callouts.append(callout)
    # Where the abutment was: dashed outline, from the bone to 1.5 mm above the gum.
    top_was = surface - _mm24(1.5)
    body.append(
        el(
            "rect",
            x=cx - half_d,
            y=top_was,
            width=2 * half_d,
            height=bone_y - top_was,
            rx=4.0,
            fill="none",
            stroke=TISSUE_COLOURS["metal_edge"],
            stroke_width=1.8,
            stroke_dasharray="7 5",
            class_="ie-abutment-was",
        )
    )
    covered = state.surface_covered
    if covered:
        # Healed over: the gum is one tissue again. The two halves' outlines
        # meeting at the seam are covered with gum, and only a faint seam stays.
        body.append(
            el(
                "rect",
                x=cx - 3.0,
                y=surface + dimple + 1.0,
                width=6.0,
                height=bone_y - surface - dimple - 2.0,
                fill=TISSUE_COLOURS["gum"],
                class_="ie-healed",
            )
        )
    if closed:
        body.append(
            el(
                "line",
                x1=cx,
                y1=surface + dimple,
                x2=cx,
                y2=bone_y,
                stroke=TISSUE_COLOURS["gum_edge"],
                stroke_width=2.0,
                stroke_dasharray="5 3",
                # Once the surface has healed over, the seam fades into the gum.
                stroke_opacity=0.4 if covered else None,
                class_="ie-seam",
            )
        )
    body.append(
        el(
            "rect",
            x=cx - gap_half,
            y=surface - 4.0,
            width=2 * gap_half,
            height=8.0,
            fill=TISSUE_COLOURS["opening"],
            stroke=OKABE_ITO["blue"],
            stroke_width=1.5,
            class_="ie-opening",
            data_opening_mm=f"{state.opening_mm:.3f}",
        )
    )
    reach = state.bridged_fraction * half_d
    # The new layer is drawn apart while it bridges the wound (12 to 48 h) and
    # until the surface is covered (5 days): then it is the gum's own surface.
    if state.bridged_fraction > 0.0 and not covered:
        # From both sides until they meet; once bridged, one unbroken layer
        # (two bars touching at the seam read as "not yet bridged").
        layers = [(cx - half_d, reach), (cx + half_d - reach, reach)]
        if state.bridged_fraction >= 1.0:
            layers = [(cx - half_d, 2 * half_d)]
        for x0, width in layers:
            body.append(
                el(
                    "rect",
                    x=x0,
                    y=surface - 4.5,
                    width=width,
                    height=9.0,
                    rx=4.5,
                    fill=TISSUE_COLOURS["epithelium"],
                    stroke="#FFFFFF",
                    stroke_width=0.8,
                    class_="ie-epithelium",
                    data_bridged=f"{state.bridged_fraction:.3f}",
                )
            )
    if closed:
        opening_words = "surface closed: the walls met"
        # On the seam, well below the surface: at the surface the new
        # epithelium's leader ends too, and two dots on one thin bar read as one.
        opening_point = (cx, surface + dimple + 0.4 * (bone_y - surface - dimple))
    else:
        # Past 0 h the width is the teaching model's, not a measurement: say so
        # where a student would copy the number from.
        modelled = " (model)" if state.hours > 0.0 else ""
        opening_words = f"surface gap: {state.opening_mm:.1f} mm{modelled}"
        opening_point = (cx + gap_half, surface)
    callouts += [
        Callout(cx + half_d, top_was, f"abutment was here: {d:.1f} mm", "abutment-was"),
        Callout(*opening_point, opening_words, "opening"),
        Callout(
            cx + half_d + _mm24(0.7),
            surface + _mm24(m) * 0.78,
            f"gum, {m:.1f} mm" + (" (thin)" if site.thin_mucosa else " thick"),
            "gum",
        ),
        Callout(
            cx + half_d * 0.42,
            bone_y + _mm24(1.1),
            "implant connection" + (", covered" if closed else " (open)"),
            "implant",
        ),
        Callout(cx + half_d + _mm24(0.6), bone_y + _mm24(3.0), "bone", "bone"),
    ]
    if state.hours > 0.0 and not closed:
        # Which process moves the walls now, with its grade (brief, section 4).
        walls = (
            "walls fall in (measured)"
            if state.hours <= COLLAPSE_OBSERVED_UNTIL_H
            else "walls closing (rule of thumb)"
        )
        callouts.append(
            Callout(cx + gap_half * 1.07 + 1.5, (surface + bone_y) / 2 + 4, walls, "walls")
        )
    if covered:
        callouts.append(
            Callout(
                cx + half_d / 2,
                surface,
                "surface healed over (analogy)",
                "epithelium",
            )
        )
    elif state.bridged_fraction > 0.0:
        callouts.append(
            Callout(
                cx + half_d - reach / 2,
                surface - 3.5,
                f"new epithelium {state.bridged_fraction:.0%} (analogy)",
                "epithelium",
            )
        )
    body.append(
        el(
            "rect",
            x=CLOSURE_SITE_RIGHT,
            y=0.0,
            width=CLOSURE_WIDTH - CLOSURE_SITE_RIGHT,
            height=CLOSURE_HEIGHT,
            fill="#FFFFFF",
        )
    )
    body.append(el("rect", x=0.0, y=0.0, width=CLOSURE_WIDTH, height=76.0, fill="#FFFFFF"))
    body.append(stage_heading(state, ""))
    body.append(label_column(callouts, CLOSURE_SITE_RIGHT + 34, 100.0, CLOSURE_HEIGHT - 12))
    when = duration_label(state.hours)
    stage = state.stage
    if closed:
        opening_desc = "closed at the surface: the walls have met"
    else:
        opening_desc = f"{state.opening_mm:.1f} mm wide at the surface"
    if covered:
        bridged_desc = (
            " The surface has healed over: the epithelium covers it completely, as after "
            "5 days or more in other wounds (an analogy); the seam fades."
        )
    elif state.bridged_fraction > 0:
        bridged_desc = (
            f" A new epithelial layer has grown {state.bridged_fraction:.0%} of the way across "
            "(measured in other wounds: an analogy)."
        )
    else:
        bridged_desc = ""
    return svg_document(
        CLOSURE_WIDTH,
        CLOSURE_HEIGHT,
        title=(
            f"Gum over the implant {when} after the healing abutment came out: "
            f"{'closed' if closed else f'{state.opening_mm:.1f} mm open'}, stage "
            f"{stage.order + 1}: {stage.label}"
        ),
        desc=(
            f"Cross-section {when} after a {d:g} mm healing abutment came out (teaching "
            f"model, not a prediction). The opening is {opening_desc}.{bridged_desc} "
            f"Stage {stage.order + 1} of {len(type(stage))}: {stage.label}. The gum is "
            f"{m:g} mm thick; a dashed outline shows where the abutment was. Widths and "
            "gum thickness to scale; teeth, bone contour and channel shape illustrative."
        ),
        body=body,
        css_class="ie-closure-section",
        font_size=LABEL_FONT,
    )
