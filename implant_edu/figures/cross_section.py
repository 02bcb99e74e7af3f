"""Schematic cross-sections of an implant site, as SVG strings.

Two pictures, each a pure function of the model's state:

* :func:`phase_svg`: bone, gum and implant with the parts in the mouth during
  one treatment phase (cover screw under closed gum, healing abutment through
  the gum, final abutment with screw and crown);
* :func:`closure_svg`: the site with the healing abutment *out*: the channel
  through the gum narrowing (collapse) and the epithelium bridging over it.

Widths and the gum's thickness are drawn to scale (:data:`SCALE_PX_PER_MM`
user units per mm); the implant length (10 mm, "standard" in Pardo-Zamora et
al.) and the heights of abutments and crown are illustrative. Every part is
named in text, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from implant_edu.figures.svg import el, fmt, points, svg_document, text
from implant_edu.figures.time_axis import duration_label
from implant_edu.parts import Phase, phase
from implant_edu.style import OKABE_ITO, STAGE_COLOURS, TISSUE_COLOURS
from implant_edu.timeline import ClosureState, Tissue

SCALE_PX_PER_MM: float = 12.0
"""SVG user units per millimetre in the phase cross-sections (:func:`phase_svg`)."""

CLOSURE_SCALE_PX_PER_MM: float = 24.0
"""SVG user units per millimetre in the closure view (:func:`closure_svg`): twice
the phase scale, so that a fraction of a millimetre of opening is visible."""

WIDTH, HEIGHT = 560.0, 380.0
"""Size of the cross-section ``viewBox`` in user units (both views)."""

IMPLANT_LENGTH_MM = 10.0
"""Drawn implant length: 10 mm counts as standard (Pardo-Zamora et al.); illustrative."""

_LABEL_GAP = 17.0


@dataclass(frozen=True)
class _Geometry:
    scale: float  # user units per mm
    cx: float  # implant axis
    bone_y: float  # bone crest, fixed so that only the gum changes with its thickness
    site_right: float  # right edge of bone and gum; labels to the right

    @property
    def label_x(self) -> float:
        return self.site_right + 22.0

    def mm(self, value: float) -> float:
        return value * self.scale


_PHASE = _Geometry(scale=SCALE_PX_PER_MM, cx=125.0, bone_y=240.0, site_right=250.0)
_CLOSURE = _Geometry(scale=CLOSURE_SCALE_PX_PER_MM, cx=150.0, bone_y=262.0, site_right=300.0)

_C = TISSUE_COLOURS


@dataclass(frozen=True)
class _Label:
    y: float  # where the leader points
    x: float
    words: str


# The phase view's parts use these directly.
_CX, _BONE_Y, _mm = _PHASE.cx, _PHASE.bone_y, _PHASE.mm


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


def _labels(g: _Geometry, items: list[_Label], top: float = 40.0) -> str:
    """Labels in a column at the right, spread apart, each with a leader line."""
    out = []
    ordered = sorted(items, key=lambda i: i.y)
    heights = spread_labels([item.y for item in ordered], _LABEL_GAP, top)
    for item, y in zip(ordered, heights, strict=True):
        out.append(
            el(
                "polyline",
                points=points([(item.x, item.y), (g.label_x - 14, y), (g.label_x - 4, y)]),
                fill="none",
                stroke=_C["leader"],
                stroke_width=1.0,
            )
        )
        out.append(el("circle", cx=item.x, cy=item.y, r=2.2, fill=_C["leader"]))
        out.append(text(g.label_x, y + 4.5, item.words, fill=_C["label"]))
    return "".join(out)


def _bone(g: _Geometry) -> str:
    return el(
        "rect",
        x=0.0,
        y=g.bone_y,
        width=g.site_right,
        height=HEIGHT - g.bone_y,
        fill=_C["bone"],
        stroke=_C["bone_edge"],
        stroke_width=1.5,
    )


def _gum_block(g: _Geometry, x0: float, x1: float, top: float, *, epithelium: bool = True) -> str:
    if x1 - x0 <= 0.05:
        return ""
    block = el(
        "rect",
        x=x0,
        y=top,
        width=x1 - x0,
        height=g.bone_y - top,
        fill=_C["gum"],
        stroke=_C["gum_edge"],
        stroke_width=1.0,
    )
    if epithelium:
        block += el(
            "line",
            x1=x0,
            y1=top + 1.5,
            x2=x1,
            y2=top + 1.5,
            stroke=_C["epithelium"],
            stroke_width=3.0,
        )
    return block


def _thickness_marker(g: _Geometry, top: float, mucosa_mm: float) -> str:
    """A dimension arrow at the left edge showing the gum's thickness."""
    x = 14.0
    arrow = el(
        "line",
        x1=x,
        y1=top,
        x2=x,
        y2=g.bone_y,
        stroke=_C["label"],
        stroke_width=1.2,
        marker_start="url(#ie-arrow)",
        marker_end="url(#ie-arrow)",
    )
    label = text(
        x + 6,
        (top + g.bone_y) / 2 + 4,
        f"{mucosa_mm:g} mm",
        fill=_C["label"],
        font_size=11.0,
    )
    return arrow + label


_DEFS = el(
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


def _implant(g: _Geometry, diameter_mm: float) -> str:
    """Threaded implant body from the bone crest down, with its connection at the top."""
    cx, top = g.cx, g.bone_y
    half = g.mm(diameter_mm) / 2
    depth = g.mm(0.45)
    pitch = g.mm(1.0)
    bottom = top + g.mm(IMPLANT_LENGTH_MM)
    left: list[tuple[float, float]] = [(cx - half, top)]
    y = top + g.mm(1.0)
    while y + pitch < bottom - g.mm(0.8):
        left += [(cx - half, y), (cx - half - depth, y + pitch / 2), (cx - half, y + pitch)]
        y += pitch
    left.append((cx - half * 0.75, bottom))
    right = [(2 * cx - x, yy) for x, yy in reversed(left)]
    body = el(
        "polygon",
        points=points(left + right),
        fill=_C["metal"],
        stroke=_C["metal_edge"],
        stroke_width=1.5,
    )
    socket = el(
        "rect",
        x=cx - half * 0.45,
        y=top,
        width=half * 0.9,
        height=g.mm(2.0),
        fill="none",
        stroke=_C["metal_edge"],
        stroke_width=1.0,
        stroke_dasharray="3 2",
    )
    return body + socket


def _cover_screw(diameter_mm: float) -> tuple[str, _Label]:
    half = _mm(diameter_mm) / 2
    height = _mm(0.6)
    shape = el(
        "rect",
        x=_CX - half,
        y=_BONE_Y - height,
        width=2 * half,
        height=height,
        rx=2.0,
        fill=_C["metal"],
        stroke=_C["metal_edge"],
        stroke_width=1.5,
    )
    return shape, _Label(_BONE_Y - height / 2, _CX + half, "cover screw (flat, low)")


def _screw_stem(diameter_mm: float, top: float) -> str:
    half = _mm(diameter_mm) * 0.16
    return el(
        "rect",
        x=_CX - half,
        y=top,
        width=2 * half,
        height=_BONE_Y + _mm(3.0) - top,
        fill="none",
        stroke=_C["metal_edge"],
        stroke_width=1.2,
        stroke_dasharray="2 2",
    )


def _healing_abutment(diameter_mm: float, gum_top: float) -> tuple[str, list[_Label]]:
    half = _mm(diameter_mm) / 2
    top = gum_top - _mm(1.5)
    r = min(half, _mm(1.0))
    path = (
        f"M{fmt(_CX - half)},{fmt(_BONE_Y)} L{fmt(_CX - half)},{fmt(top + r)} "
        f"Q{fmt(_CX - half)},{fmt(top)} {fmt(_CX - half + r)},{fmt(top)} "
        f"L{fmt(_CX + half - r)},{fmt(top)} "
        f"Q{fmt(_CX + half)},{fmt(top)} {fmt(_CX + half)},{fmt(top + r)} "
        f"L{fmt(_CX + half)},{fmt(_BONE_Y)} Z"
    )
    shape = el(
        "path", d=path, fill=_C["metal"], stroke=_C["metal_edge"], stroke_width=1.5
    ) + _screw_stem(diameter_mm, top + _mm(0.5))
    labels = [
        _Label(top + r, _CX + half, "healing abutment (rounded, polished)"),
        _Label(_BONE_Y + _mm(2.0), _CX + _mm(diameter_mm) * 0.16, "its screw stem (inside)"),
    ]
    return shape, labels


def _final(diameter_mm: float, gum_top: float, retention: str) -> tuple[str, list[_Label]]:
    """Final abutment, abutment screw and a crown (``retention``: screw or cement)."""
    half = _mm(diameter_mm) / 2
    collar = half + _mm(0.5)
    post_top = gum_top - _mm(4.5)
    post_half = max(half - _mm(0.4), _mm(1.2))
    abutment = el(
        "polygon",
        points=points(
            [
                (_CX - half, _BONE_Y),
                (_CX - collar, gum_top),
                (_CX - post_half, gum_top - _mm(0.8)),
                (_CX - post_half * 0.85, post_top),
                (_CX + post_half * 0.85, post_top),
                (_CX + post_half, gum_top - _mm(0.8)),
                (_CX + collar, gum_top),
                (_CX + half, _BONE_Y),
            ]
        ),
        fill=_C["metal"],
        stroke=_C["metal_edge"],
        stroke_width=1.5,
    )
    crown_half = _mm(4.25)
    crown_top = gum_top - _mm(9.0)
    crown = el(
        "path",
        d=(
            f"M{fmt(_CX - collar)},{fmt(gum_top)} "
            f"C{fmt(_CX - crown_half)},{fmt(gum_top - _mm(2.0))} "
            f"{fmt(_CX - crown_half - _mm(0.4))},{fmt(crown_top + _mm(3.0))} "
            f"{fmt(_CX - crown_half + _mm(0.3))},{fmt(crown_top + _mm(0.6))} "
            f"Q{fmt(_CX - _mm(2.0))},{fmt(crown_top - _mm(0.5))} "
            f"{fmt(_CX)},{fmt(crown_top + _mm(0.8))} "
            f"Q{fmt(_CX + _mm(2.0))},{fmt(crown_top - _mm(0.5))} "
            f"{fmt(_CX + crown_half - _mm(0.3))},{fmt(crown_top + _mm(0.6))} "
            f"C{fmt(_CX + crown_half + _mm(0.4))},{fmt(crown_top + _mm(3.0))} "
            f"{fmt(_CX + crown_half)},{fmt(gum_top - _mm(2.0))} "
            f"{fmt(_CX + collar)},{fmt(gum_top)} Z"
        ),
        fill=_C["crown"],
        fill_opacity=0.6,
        stroke=_C["crown_edge"],
        stroke_width=1.8,
    )
    screw_top = post_top + _mm(1.0)
    screw = el(
        "rect",
        x=_CX - _mm(0.9),
        y=screw_top,
        width=_mm(1.8),
        height=_mm(0.7),
        fill=_C["metal_edge"],
    ) + _screw_stem(diameter_mm, screw_top + _mm(0.7))
    labels = [
        _Label(crown_top + _mm(2.5), _CX + crown_half, f"crown ({retention}-retained)"),
        _Label(gum_top - _mm(2.5), _CX + post_half, "final abutment"),
        _Label(screw_top + _mm(0.35), _CX + _mm(0.9), "abutment screw"),
    ]
    extra = ""
    if retention == "screw":
        extra = el(
            "rect",
            x=_CX - _mm(0.8),
            y=crown_top + _mm(0.6),
            width=_mm(1.6),
            height=screw_top - crown_top - _mm(0.6),
            fill="#FFFFFF",
            stroke=_C["crown_edge"],
            stroke_width=1.0,
            stroke_dasharray="3 2",
        )
        labels.append(_Label(crown_top + _mm(1.5), _CX + _mm(0.8), "access hole for the screw"))
    else:
        cement_line = points(
            [
                (_CX - post_half - 2.5, gum_top - _mm(0.8)),
                (_CX - post_half * 0.85 - 2.5, post_top - 2.5),
                (_CX + post_half * 0.85 + 2.5, post_top - 2.5),
                (_CX + post_half + 2.5, gum_top - _mm(0.8)),
            ]
        )
        # A faint dark halo under the cement colour keeps the thin layer
        # visible against the pale crown.
        extra = el(
            "polyline",
            points=cement_line,
            fill="none",
            stroke=OKABE_ITO["black"],
            stroke_width=4.0,
            stroke_opacity=0.25,
        ) + el("polyline", points=cement_line, fill="none", stroke=_C["cement"], stroke_width=2.5)
        labels.append(
            _Label(post_top - 2.5, _CX + post_half * 0.85, "cement layer (remove any excess)")
        )
    return abutment + crown + extra + screw, labels


def _check_tissue(tissue: object) -> Tissue:
    if tissue is None:
        return Tissue()
    if not isinstance(tissue, Tissue):
        raise TypeError(
            f"tissue must be an implant_edu.timeline.Tissue or None, got {type(tissue).__name__}"
        )
    return tissue


def phase_svg(which: Phase | str, tissue: Tissue | None = None) -> str:
    """Cross-section of the site during one treatment phase.

    Parameters
    ----------
    which
        A :class:`~implant_edu.parts.Phase` or its key (see
        :func:`implant_edu.parts.phases`), e.g. ``"healing_one_stage"``.
    tissue
        Site parameters (default ``Tissue()``: 4.5 mm diameter, 3.0 mm gum).
        The implant and its parts are drawn ``abutment_diameter_mm`` wide
        (3 to 6 mm) and the gum ``mucosa_thickness_mm`` thick (1 to 7 mm).

    Returns
    -------
    str
        A standalone ``<svg>`` element with ``<title>`` and ``<desc>``.

    Raises
    ------
    TypeError, ValueError
        For an unknown phase key or a ``tissue`` that is not a ``Tissue``.
    """
    chosen = which if isinstance(which, Phase) else phase(which)
    site = _check_tissue(tissue)
    d, m = site.abutment_diameter_mm, site.mucosa_thickness_mm
    half = _mm(d) / 2
    gum_top = _BONE_Y - _mm(m)
    keys = [p.key for p in chosen.parts]
    body = [_DEFS, _bone(_PHASE)]
    labels = [
        _Label(_BONE_Y + _mm(7.0), _CX + half, "implant body (threaded, in bone)"),
        _Label(_BONE_Y + _mm(1.2), 200.0, "bone"),
        _Label(gum_top + _mm(m) / 2, 225.0, f"gum (mucosa), {m:g} mm thick"),
    ]
    if chosen.gum_closed:
        body.append(_gum_block(_PHASE, 0.0, _PHASE.site_right, gum_top))
    else:
        opening = half + (_mm(0.5) if "final_abutment" in keys else 0.0)
        body.append(_gum_block(_PHASE, 0.0, _CX - opening, gum_top))
        body.append(_gum_block(_PHASE, _CX + opening, _PHASE.site_right, gum_top))
    body.append(_implant(_PHASE, d))
    if "cover_screw" in keys:
        shape, label = _cover_screw(d)
        body.append(shape)
        labels.append(label)
    if "healing_abutment" in keys:
        shape, more = _healing_abutment(d, gum_top)
        body.append(shape)
        labels += more
    if "final_abutment" in keys:
        retention = "screw" if "screw_retained_crown" in keys else "cement"
        shape, more = _final(d, gum_top, retention)
        body.append(shape)
        labels += more
    body.append(_thickness_marker(_PHASE, gum_top, m))
    if site.thin_mucosa:
        labels.append(_Label(gum_top + 2, 60.0, "thin mucosa (2 mm or less)"))
    body.append(text(8.0, 20.0, chosen.label, font_weight="bold", font_size=15.0))
    body.append(_labels(_PHASE, labels))
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
    )


def closure_svg(state: ClosureState) -> str:
    """Cross-section of the site with the healing abutment out, at one moment.

    The channel through the gum is drawn ``(1 - collapse_fraction) *
    abutment_diameter_mm`` wide (the collapse), and the epithelium grows
    over its top from both sides by ``bridged_fraction`` of that width; the
    gap left at the surface, marked "opening", is exactly
    ``state.opening_mm`` wide (at :data:`CLOSURE_SCALE_PX_PER_MM`). A dashed outline
    shows where the abutment was.

    Parameters
    ----------
    state
        A :class:`~implant_edu.timeline.ClosureState` from
        :func:`implant_edu.timeline.state_at`.

    Returns
    -------
    str
        A standalone ``<svg>`` element with ``<title>`` and ``<desc>``; the
        opening is the ``rect`` with class ``ie-opening`` (attribute
        ``data-opening-mm``).

    Raises
    ------
    TypeError
        If ``state`` is not a ``ClosureState``.
    """
    if not isinstance(state, ClosureState):
        raise TypeError(
            f"state must be an implant_edu.timeline.ClosureState (from state_at), "
            f"got {type(state).__name__}"
        )
    g = _CLOSURE
    cx = g.cx
    site = state.tissue
    d, m = site.abutment_diameter_mm, site.mucosa_thickness_mm
    gum_top = g.bone_y - g.mm(m)
    channel_mm = (1.0 - state.collapse_fraction) * d
    channel_half = g.mm(channel_mm) / 2
    opening_half = g.mm(state.opening_mm) / 2
    tongue = channel_half - opening_half
    when = duration_label(state.hours)
    stage = state.stage
    body = [
        _DEFS,
        _bone(g),
        _gum_block(g, 0.0, cx - channel_half, gum_top),
        _gum_block(g, cx + channel_half, g.site_right, gum_top),
        _implant(g, d),
        # Where the abutment was: dashed outline.
        el(
            "rect",
            x=cx - g.mm(d) / 2,
            y=gum_top - g.mm(1.0),
            width=g.mm(d),
            height=g.bone_y - gum_top + g.mm(1.0),
            fill="none",
            stroke=_C["metal_edge"],
            stroke_width=1.2,
            stroke_dasharray="6 4",
        ),
    ]
    # Epithelium tongues bridging over the channel from both sides.
    if tongue > 0.05:
        for x in (cx - channel_half, cx + opening_half):
            body.append(el("rect", x=x, y=gum_top, width=tongue, height=7.0, fill=_C["epithelium"]))
    body.append(
        el(
            "rect",
            x=cx - opening_half,
            y=gum_top - 3.0,
            width=g.mm(state.opening_mm),
            height=6.0,
            fill=_C["opening"],
            stroke=OKABE_ITO["blue"],
            stroke_width=1.0,
            class_="ie-opening",
            data_opening_mm=f"{state.opening_mm:.3f}",
        )
    )
    body.append(_thickness_marker(g, gum_top, m))
    body.append(text(8.0, 20.0, f"{when} after it came out", font_weight="bold", font_size=15.0))
    body.append(
        el(
            "rect",
            x=8.0,
            y=29.0,
            width=11.0,
            height=11.0,
            fill=STAGE_COLOURS[stage.value],
            stroke=_C["label"],
            stroke_width=0.8,
        )
        + text(24.0, 39.0, f"Stage: {stage.label}", fill=_C["label"])
    )
    if state.opening_mm > 0.005:
        opening_words = f"opening at the surface: {state.opening_mm:.1f} mm"
    else:
        opening_words = "opening at the surface: closed"
    labels = [
        _Label(gum_top - g.mm(1.0), cx - g.mm(d) / 2, f"where the abutment was: {d:g} mm"),
        _Label(gum_top - 3.0, cx + max(opening_half, 1.0), opening_words),
        _Label(
            gum_top + 2.5,
            cx + opening_half + max(tongue, 0.0) / 2,
            f"epithelium bridging: {state.bridged_fraction:.0%}",
        ),
        _Label(
            gum_top + g.mm(m) * 0.6,
            cx + channel_half,
            f"channel after collapse: {channel_mm:.1f} mm",
        ),
        _Label(gum_top + g.mm(m) / 2 + 10, g.site_right - 20, f"gum (mucosa), {m:g} mm thick"),
        _Label(g.bone_y + g.mm(2.5), cx + g.mm(d) / 2, "implant (top; connection open)"),
        _Label(g.bone_y + g.mm(1.0), g.site_right - 30, "bone"),
    ]
    body.append(_labels(g, labels, top=62.0))
    return svg_document(
        WIDTH,
        HEIGHT,
        title=f"Gum closing over the implant, {when} after the healing abutment came out",
        desc=(
            f"Schematic cross-section {when} after the healing abutment came out "
            f"(teaching model, not a prediction). The channel through the {m:g} mm "
            f"gum has collapsed from {d:g} mm to {channel_mm:.1f} mm; epithelium has "
            f"bridged {state.bridged_fraction:.0%} of it, leaving an opening of "
            f"{state.opening_mm:.1f} mm at the surface. Stage: {stage.label}."
        ),
        body=body,
        css_class="ie-closure-section",
    )
