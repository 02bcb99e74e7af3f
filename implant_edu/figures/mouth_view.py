"""The patient's-eye view: looking down onto the gum where the healing abutment was.

Two pictures, driven by the same state as the cross-section
(:func:`implant_edu.figures.cross_section.closure_svg`):

* :func:`mouth_view_before_svg`, drawn once per tissue: before it came out,
  the polished collar of the healing abutment in the gum, between the
  neighbouring teeth;
* :func:`mouth_view_svg`, one per time step: after loss, a round hole whose
  diameter is ``state.opening_mm`` to scale, with as much of the implant's
  platform and connection (at their own, fixed size) as the hole lets
  through visible at its bottom while open; the hole shrinks to a dimple, and the
  dimple fades as the new epithelium grows across, leaving closed pink gum.

An occlusal (biting-surface) view at :data:`SCALE_PX_PER_MM` user units per
mm: the hole, the abutment's collar and the dashed circle where the abutment
was are to scale; the teeth, the ridge, the connection's shape and the dimple
are illustrative, and each picture's description says so.
"""

from __future__ import annotations

import math

from implant_edu.figures._inputs import check_state, check_tissue
from implant_edu.figures.cross_section import (
    LABEL_FONT,
    Callout,
    label_column,
    stage_heading,
)
from implant_edu.figures.svg import el, fmt, points, svg_document, text
from implant_edu.figures.time_axis import duration_label
from implant_edu.style import OKABE_ITO, TISSUE_COLOURS
from implant_edu.timeline import ClosureState, Tissue

SCALE_PX_PER_MM: float = 24.0
"""User units per millimetre in the mouth view (the same as the closure cross-section)."""

WIDTH, HEIGHT = 800.0, 350.0
"""Size of the mouth view's ``viewBox`` in user units."""

SITE_RIGHT: float = 460.0
"""Right edge of the drawing; the label column is to its right."""

CX, CY = 230.0, 204.0
"""Centre of the implant site in the drawing, in user units."""

_C = TISSUE_COLOURS


def _mm(value: float) -> float:
    return value * SCALE_PX_PER_MM


def _ridge() -> str:
    """The gum ridge seen from above: a pink band, slightly curved like the arch."""
    top, bottom = CY - _mm(4.6), CY + _mm(4.6)
    d = (
        f"M0,{fmt(top + 10)} Q{fmt(CX)},{fmt(top - 12)} {fmt(SITE_RIGHT)},{fmt(top + 10)} "
        f"L{fmt(SITE_RIGHT)},{fmt(bottom - 10)} Q{fmt(CX)},{fmt(bottom + 12)} 0,"
        f"{fmt(bottom - 10)} Z"
    )
    return el(
        "path", d=d, fill=_C["gum"], stroke=_C["gum_edge"], stroke_width=2.0, class_="ie-ridge"
    )


def _tooth(side: int) -> tuple[str, Callout]:
    """A neighbouring premolar seen from its biting surface (illustrative outline)."""
    near = CX + side * _mm(3.7)  # its contact side, towards the gap
    far = near + side * _mm(7.0)
    mid = (near + far) / 2
    half_h = _mm(4.0)

    def px(fraction: float) -> float:  # 0 at the near side, 1 at the far side
        return near + (far - near) * fraction

    outline = (
        f"M{fmt(px(0.02))},{fmt(CY)} "
        f"C{fmt(px(0.0))},{fmt(CY - half_h * 0.8)} {fmt(px(0.25))},{fmt(CY - half_h)} "
        f"{fmt(px(0.5))},{fmt(CY - half_h)} "
        f"C{fmt(px(0.78))},{fmt(CY - half_h)} {fmt(px(1.0))},{fmt(CY - half_h * 0.75)} "
        f"{fmt(px(0.98))},{fmt(CY)} "
        f"C{fmt(px(1.0))},{fmt(CY + half_h * 0.75)} {fmt(px(0.78))},{fmt(CY + half_h)} "
        f"{fmt(px(0.5))},{fmt(CY + half_h)} "
        f"C{fmt(px(0.25))},{fmt(CY + half_h)} {fmt(px(0.0))},{fmt(CY + half_h * 0.8)} "
        f"{fmt(px(0.02))},{fmt(CY)} Z"
    )
    gum_collar = el(
        "path",
        d=outline,
        fill=_C["gum_edge"],
        fill_opacity=0.35,
        stroke="none",
        transform=(f"translate({fmt(mid)} {fmt(CY)}) scale(1.1) translate({fmt(-mid)} {fmt(-CY)})"),
    )
    crown = el(
        "path",
        d=outline,
        fill=_C["crown"],
        stroke=_C["crown_edge"],
        stroke_width=2.0,
        class_="ie-tooth",
    )
    # The central groove and the two cusp ridges of a premolar's biting surface.
    groove = el(
        "path",
        d=(
            f"M{fmt(px(0.18))},{fmt(CY + 4)} Q{fmt(px(0.5))},{fmt(CY - 10)} "
            f"{fmt(px(0.82))},{fmt(CY + 4)}"
        ),
        fill="none",
        stroke=_C["crown_edge"],
        stroke_width=1.5,
        stroke_opacity=0.7,
    )
    return gum_collar + crown + groove, Callout(
        px(0.3), CY - half_h * 0.6, "neighbouring tooth", "tooth"
    )


def _teeth() -> tuple[str, Callout]:
    left, _ = _tooth(-1)
    right, callout = _tooth(1)
    return left + right, callout


def _frame(state_or_none: ClosureState | None, heading: str) -> str:
    """White covers that crop the drawing at the label column and under the heading."""
    return el(
        "rect", x=SITE_RIGHT, y=0.0, width=WIDTH - SITE_RIGHT, height=HEIGHT, fill="#FFFFFF"
    ) + el("rect", x=0.0, y=0.0, width=WIDTH, height=84.0, fill="#FFFFFF")


def _hexagon(cx: float, cy: float, r: float, **attributes: object) -> str:
    corners = [
        (cx + r * math.cos(math.pi / 3 * k), cy + r * math.sin(math.pi / 3 * k)) for k in range(6)
    ]
    return el("polygon", points=points(corners), **attributes)


def mouth_view_svg(state: ClosureState) -> str:
    """Looking into the mouth at the site, at one moment after the abutment came out.

    Parameters
    ----------
    state
        A :class:`~implant_edu.timeline.ClosureState` (any the model produces,
        0 to 1344 h).

    Returns
    -------
    str
        A standalone ``<svg>`` (``viewBox`` ``0 0 800 350``) with ``<title>``
        and ``<desc>`` naming the time, the opening and the stage. The hole is
        a ``circle`` with class ``ie-hole`` whose ``r`` is half of
        ``state.opening_mm`` at :data:`SCALE_PX_PER_MM` (0 once closed;
        attribute ``data-opening-mm``); the implant's connection seen through
        it has class ``ie-connection`` (only while the hole is open); the
        dimple, ``ie-dimple`` (only once closed, while the epithelium is still
        growing across; attribute ``data-bridged``); labels ``ie-label``
        (16 user units).

    Raises
    ------
    TypeError
        If ``state`` is not a ``ClosureState``.
    """
    state = check_state(state)
    d = state.tissue.abutment_diameter_mm
    r_was = _mm(d) / 2
    closed = state.surface_closed
    r_hole = 0.0 if closed else _mm(state.opening_mm) / 2
    teeth, tooth_callout = _teeth()
    body = [_ridge(), teeth]
    callouts = [tooth_callout, Callout(CX - _mm(1.0), CY + _mm(3.6), "gum ridge", "gum")]
    body.append(
        el(
            "circle",
            cx=CX,
            cy=CY,
            r=r_was,
            fill="none",
            stroke=_C["metal_edge"],
            stroke_width=1.8,
            stroke_dasharray="7 5",
            class_="ie-abutment-was",
        )
    )
    callouts.append(
        Callout(
            CX + r_was * 0.71, CY - r_was * 0.71, f"abutment was here: {d:.1f} mm", "abutment-was"
        )
    )
    if not closed:
        # The rim rolls in: a darker ring, then the hole down to the implant.
        body.append(
            el("circle", cx=CX, cy=CY, r=r_hole + _mm(0.35), fill=_C["gum_edge"], fill_opacity=0.45)
        )
    body.append(
        el(
            "circle",
            cx=CX,
            cy=CY,
            r=r_hole,
            fill=_C["socket"],
            stroke=_C["gum_edge"],
            stroke_width=1.5 if r_hole > 0 else 0.0,
            class_="ie-hole",
            data_opening_mm=f"{state.opening_mm:.3f}",
        )
    )
    if not closed:
        # At the bottom, the implant's platform and its internal connection
        # (a hexagon here; illustrative) at their own size, as much of them as
        # the narrowing hole lets through: shrunk to fit the hole, they looked
        # as if the implant itself got smaller.
        platform = r_was * 0.82
        hex_r = min(_mm(1.1), platform * 0.7)
        seen_r = r_hole * 0.82
        # One id per size of the hole: frames with the same hole share it.
        clip = f"ie-hole-bottom-{round(seen_r * 100)}"
        body.append(
            el("defs", el("clipPath", el("circle", cx=CX, cy=CY, r=seen_r), id=clip))
            + el(
                "g",
                el(
                    "circle",
                    cx=CX,
                    cy=CY,
                    r=platform,
                    fill=_C["metal"],
                    stroke=_C["metal_edge"],
                    stroke_width=1.2,
                )
                + _hexagon(
                    CX, CY, hex_r, fill="#4A545E", stroke=_C["metal_edge"], stroke_width=1.0
                ),
                clip_path=f"url(#{clip})",
                class_="ie-connection",
            )
        )
        if r_hole >= _mm(0.6):  # named only while it can be seen (hole 1.2 mm or more)
            reach = min(hex_r, seen_r) * 0.5
            callouts.append(
                Callout(CX + reach, CY + reach * 0.8, "implant connection, deep down", "implant")
            )
        # On the rim's upper right: the connection's point lies lower right,
        # and with both there a small hole's two leaders ended a few px apart.
        callouts.append(
            Callout(
                CX + r_hole * 0.71,
                CY - r_hole * 0.71,
                f"hole {state.opening_mm:.1f} mm across" + (" (model)" if state.hours > 0 else ""),
                "opening",
            )
        )
    elif state.bridged_fraction < 1.0:
        # A dip where the walls met; it fades as the epithelium grows across.
        fade = 1.0 - state.bridged_fraction
        body.append(
            el(
                "g",
                el(
                    "ellipse",
                    cx=CX,
                    cy=CY,
                    rx=_mm(0.9),
                    ry=_mm(0.6),
                    fill=_C["gum_edge"],
                    fill_opacity=0.15 + 0.45 * fade,
                )
                + el(
                    "line",
                    x1=CX,
                    y1=CY - _mm(0.45),
                    x2=CX,
                    y2=CY + _mm(0.45),
                    stroke=_C["epithelium"],
                    stroke_width=2.0,
                    stroke_opacity=0.4 + 0.6 * fade,
                ),
                class_="ie-dimple",
                data_bridged=f"{state.bridged_fraction:.3f}",
            )
        )
        words = (
            "closed: a dimple"
            if state.bridged_fraction == 0
            else (f"dimple, {state.bridged_fraction:.0%} bridged (analogy)")
        )
        callouts.append(Callout(CX + _mm(0.8), CY + 3, words, "opening"))
    else:
        callouts.append(Callout(CX, CY, "closed pink gum", "opening"))
    body.append(_frame(state, ""))
    body.append(stage_heading(state, ": looking in"))
    body.append(label_column(callouts, SITE_RIGHT + 34, 104.0, HEIGHT - 10))
    when = duration_label(state.hours)
    stage = state.stage
    if not closed:
        seen = (
            f"a round hole {state.opening_mm:.1f} mm across in the gum, with the implant's "
            "connection visible at its bottom"
        )
    elif state.bridged_fraction == 0.0:
        seen = "the hole has closed to a dimple in the gum"
    elif state.bridged_fraction < 1.0:
        seen = (
            "the hole has closed to a dimple in the gum; new epithelium has grown "
            f"{state.bridged_fraction:.0%} of the way across (measured in other wounds: "
            "an analogy)"
        )
    else:
        seen = "closed pink gum over the implant"
    return svg_document(
        WIDTH,
        HEIGHT,
        title=(
            f"Looking into the mouth {when} after the healing abutment came out: "
            f"{'closed' if closed else f'{state.opening_mm:.1f} mm hole'}"
        ),
        desc=(
            f"View from above onto the gum between two teeth, {when} after a {d:g} mm "
            f"healing abutment came out (teaching model, not a prediction): {seen}. A "
            f"dashed circle shows where the abutment was. Stage {stage.order + 1} of "
            f"{len(type(stage))}: {stage.label}. Hole and abutment to scale; teeth and "
            "ridge illustrative."
        ),
        body=body,
        css_class="ie-mouth-view",
        font_size=LABEL_FONT,
    )


def mouth_view_before_svg(tissue: Tissue | None = None) -> str:
    """Looking into the mouth before the healing abutment came out: its collar in the gum.

    Parameters
    ----------
    tissue
        The site (default ``Tissue()``); the collar is drawn
        ``abutment_diameter_mm`` across (3 to 6 mm), to scale.

    Returns
    -------
    str
        A standalone ``<svg>`` (same ``viewBox`` as :func:`mouth_view_svg`)
        with ``<title>`` and ``<desc>``; the collar is a ``g`` with class
        ``ie-collar`` (attribute ``data-diameter-mm``).

    Raises
    ------
    TypeError
        If ``tissue`` is not a ``Tissue`` or ``None``.
    """
    site = check_tissue(tissue)
    d = site.abutment_diameter_mm
    r = _mm(d) / 2
    teeth, tooth_callout = _teeth()
    # Some healing abutments are colour-coded by their platform (anodised);
    # the ring is drawn in one Okabe-Ito colour, and named in words.
    collar = el(
        "g",
        el("circle", cx=CX, cy=CY, r=r + _mm(0.3), fill=_C["gum_edge"], fill_opacity=0.45)
        + el(
            "circle", cx=CX, cy=CY, r=r, fill=_C["metal"], stroke=_C["metal_edge"], stroke_width=2.0
        )
        + el(
            "circle",
            cx=CX,
            cy=CY,
            r=r * 0.86,
            fill="none",
            stroke=OKABE_ITO["sky_blue"],
            stroke_width=max(3.0, r * 0.1),
        )
        + el(
            "ellipse",
            cx=CX - r * 0.3,
            cy=CY - r * 0.35,
            rx=r * 0.35,
            ry=r * 0.18,
            fill="#FFFFFF",
            fill_opacity=0.7,
            transform=f"rotate(-30 {fmt(CX)} {fmt(CY)})",
        )
        + _hexagon(
            CX,
            CY,
            min(_mm(1.1), r * 0.45),
            fill="#4A545E",
            stroke=_C["metal_edge"],
            stroke_width=1.0,
        ),
        class_="ie-collar",
        data_diameter_mm=f"{d:g}",
    )
    callouts = [
        tooth_callout,
        Callout(CX - _mm(1.0), CY + _mm(3.6), "gum ridge, fitted round it", "gum"),
        Callout(CX + r * 0.71, CY - r * 0.71, f"polished collar: {d:.1f} mm", "collar"),
        Callout(CX + r * 0.81, CY - r * 0.29, "may be colour-coded", "colour"),
        Callout(CX + _mm(0.4), CY + _mm(0.5), "socket for the screwdriver", "socket"),
    ]
    body = [
        _ridge(),
        teeth,
        collar,
        _frame(None, ""),
        text(
            16.0,
            28.0,
            "Before it came out: looking in",
            font_weight="bold",
            font_size=20.0,
            fill=_C["label"],
            class_="ie-heading",
        ),
        text(
            16.0, 58.0, "The healing abutment's collar in the gum", font_size=18.0, fill=_C["label"]
        ),
        label_column(callouts, SITE_RIGHT + 34, 104.0, HEIGHT - 10),
    ]
    return svg_document(
        WIDTH,
        HEIGHT,
        title="Looking into the mouth before the healing abutment came out",
        desc=(
            f"View from above onto the gum between two teeth: the round, polished collar of a "
            f"{d:g} mm healing abutment (to scale) stands in the gum, which fits closely "
            "round it; on top, a socket for the screwdriver. Some collars are colour-coded. "
            "Teeth and ridge illustrative."
        ),
        body=body,
        css_class="ie-mouth-view",
        font_size=LABEL_FONT,
    )
