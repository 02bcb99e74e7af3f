"""The closure curve: opening (mm) against time since loss, as an SVG string.

The time axis is non-linear (:mod:`implant_edu.figures.time_axis`), readable
from 30 s to 2 weeks. The stages are coloured *and numbered* bands, the
re-opening cut-off is a dashed line marked "rule of thumb", and the line style
says where the curve comes from: solid where it is fitted to measurements
(0 to 20 min), dashed where it is extrapolated (no study), dotted where it is
the model's S-curve through measured bridging times (12, 30, 48 h).
"""

from __future__ import annotations

import math

import numpy as np

from implant_edu._validate import check_number
from implant_edu.evidence import load_yaml
from implant_edu.figures.svg import el, fmt, points, svg_document, text
from implant_edu.figures.time_axis import (
    AXIS_MAX_H,
    TICKS_H,
    axis_position,
    duration_label,
    hours_at,
)
from implant_edu.style import GRADE_COLOURS, OKABE_ITO, STAGE_COLOURS, TISSUE_COLOURS
from implant_edu.timeline import (
    ALL_BRIDGED_H,
    BRIDGING_STARTS_H,
    REOPEN_AFTER_H_DEFAULT,
    REOPEN_AFTER_H_OTHERS,
    Stage,
    Tissue,
    check_reopen_after_h,
    opening_mm,
    stage_starts_h,
)

_EVIDENCE = load_yaml("closure.yaml")

WIDTH, HEIGHT = 600.0, 420.0
"""Size of the curve's ``viewBox`` in user units."""

PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 58.0, 585.0, 44.0, 250.0
"""The plotting area inside the ``viewBox``."""

Y_MAX_MM: float = Tissue.RANGES["abutment_diameter_mm"][1]
"""Top of the opening axis: the widest healing abutment the lessons offer, 6 mm."""

MEASURED_UNTIL_H: float = float(_EVIDENCE["collapse_points"]["observed_until_s"]) / 3600.0
"""The early collapse was observed up to 20 min (Li et al. 2019)."""

SEGMENTS: tuple[tuple[str, float, float, str, str], ...] = (
    ("measured", 0.0, MEASURED_UNTIL_H, "", "fitted to measured collapse (0 to 20 min)"),
    (
        "extrapolated",
        MEASURED_UNTIL_H,
        BRIDGING_STARTS_H,
        "7 5",
        "extrapolated: no study measured 20 min to 12 h",
    ),
    (
        "bridging",
        BRIDGING_STARTS_H,
        AXIS_MAX_H,
        "2 4",
        "model S-curve through measured bridging times (12, 30, 48 h)",
    ),
)
"""The curve's pieces: (key, from h, to h, SVG dash pattern, legend text)."""

_N_POINTS = 160


def _x(hours: float) -> float:
    return PLOT_LEFT + axis_position(hours) * (PLOT_RIGHT - PLOT_LEFT)


def _y(mm: float) -> float:
    return PLOT_BOTTOM - mm / Y_MAX_MM * (PLOT_BOTTOM - PLOT_TOP)


def _segment_hours(start: float, stop: float) -> list[float]:
    a, b = axis_position(start), axis_position(stop)
    n = max(3, math.ceil(_N_POINTS * (b - a)))
    return [hours_at(float(u)) for u in np.linspace(a, b, n)]


def _stage_bands(reopen: float) -> tuple[list[str], list[str]]:
    starts = stage_starts_h(reopen)
    stages = list(Stage)
    bands, legend = [], []
    for n, stage in enumerate(stages, 1):
        start = starts[stage]
        stop = starts[stages[n]] if n < len(stages) else AXIS_MAX_H
        x0, x1 = _x(min(start, AXIS_MAX_H)), _x(min(stop, AXIS_MAX_H))
        colour = STAGE_COLOURS[stage.value]
        bands.append(
            el(
                "rect",
                x=x0,
                y=PLOT_TOP,
                width=max(x1 - x0, 0.0),
                height=PLOT_BOTTOM - PLOT_TOP,
                fill=colour,
                fill_opacity=0.22,
                class_=f"ie-band-{stage.value}",
            )
            + el("rect", x=x0, y=PLOT_TOP - 18, width=max(x1 - x0, 0.0), height=16, fill=colour)
            + text((x0 + x1) / 2, PLOT_TOP - 5.5, str(n), text_anchor="middle", font_weight="bold")
        )
        row, col = divmod(n - 1, 2)
        lx, ly = 12.0 + col * 300.0, 382.0 + row * 18.0
        legend.append(
            el("rect", x=lx, y=ly - 11, width=14, height=14, fill=colour)
            + text(lx + 7, ly + 0.5, str(n), text_anchor="middle", font_size=11.0)
            + text(lx + 20, ly, f"{stage.label} (from {duration_label(start)})")
        )
    return bands, legend


def _axes() -> str:
    parts = [
        el(
            "rect",
            x=PLOT_LEFT,
            y=PLOT_TOP,
            width=PLOT_RIGHT - PLOT_LEFT,
            height=PLOT_BOTTOM - PLOT_TOP,
            fill="none",
            stroke=TISSUE_COLOURS["label"],
            stroke_width=1.0,
        )
    ]
    for hours, label in TICKS_H:
        x = _x(hours)
        parts.append(
            el("line", x1=x, y1=PLOT_BOTTOM, x2=x, y2=PLOT_BOTTOM + 5, stroke="#000000")
            + text(x, PLOT_BOTTOM + 18, label, text_anchor="middle", font_size=11.5)
        )
    for mm in range(0, int(Y_MAX_MM) + 1):
        y = _y(mm)
        parts.append(
            el("line", x1=PLOT_LEFT - 5, y1=y, x2=PLOT_LEFT, y2=y, stroke="#000000")
            + text(PLOT_LEFT - 8, y + 4, str(mm), text_anchor="end", font_size=11.5)
        )
    parts.append(
        text(
            (PLOT_LEFT + PLOT_RIGHT) / 2,
            PLOT_BOTTOM + 36,
            "time since it came out (stretched scale: ticks are not evenly spaced)",
            text_anchor="middle",
        )
    )
    parts.append(
        text(
            16,
            (PLOT_TOP + PLOT_BOTTOM) / 2,
            "opening (mm)",
            text_anchor="middle",
            transform=f"rotate(-90 16 {fmt((PLOT_TOP + PLOT_BOTTOM) / 2)})",
        )
    )
    return "".join(parts)


def _cutoff(reopen: float) -> str:
    x = _x(reopen)
    colour = GRADE_COLOURS["rule of thumb"]
    out = el(
        "line",
        x1=x,
        y1=PLOT_TOP,
        x2=x,
        y2=PLOT_BOTTOM,
        stroke=colour,
        stroke_width=3.0,
        stroke_dasharray="8 4",
        class_="ie-cutoff",
    ) + text(
        x - 6 if reopen >= 6 else x + 6,
        PLOT_TOP + 16,
        f"re-opening cut-off {duration_label(reopen)}: rule of thumb",
        text_anchor="end" if reopen >= 6 else "start",
        font_weight="bold",
        fill="#7A4F00",
    )
    if abs(reopen - REOPEN_AFTER_H_OTHERS) > 0.01:
        xo = _x(REOPEN_AFTER_H_OTHERS)
        out += el(
            "line",
            x1=xo,
            y1=PLOT_TOP + 40,
            x2=xo,
            y2=PLOT_BOTTOM,
            stroke=colour,
            stroke_width=1.2,
            stroke_dasharray="2 3",
        ) + text(
            xo - 4,
            PLOT_TOP + 36,
            f"others: {REOPEN_AFTER_H_OTHERS:g} h",
            text_anchor="end",
            font_size=11.0,
            fill="#7A4F00",
        )
    return out


def _legend() -> str:
    out = []
    for n, (key, _start, _stop, dash, words) in enumerate(SEGMENTS):
        y = 308.0 + n * 18.0
        out.append(
            el(
                "line",
                x1=12.0,
                y1=y - 4,
                x2=52.0,
                y2=y - 4,
                stroke=OKABE_ITO["black"],
                stroke_width=3.0,
                stroke_dasharray=dash or None,
                class_=f"ie-legend-{key}",
            )
            + text(60.0, y, words)
        )
    y = 308.0 + len(SEGMENTS) * 18.0
    out.append(
        el("circle", cx=32.0, cy=y - 4, r=4.0, fill=GRADE_COLOURS["measured"])
        + text(60.0, y, "measured points: 5% lost at 30 s, 10% at 2 min, 14% at 5 min")
    )
    return "".join(out)


def closure_curve_svg(
    tissue: Tissue | None = None,
    *,
    reopen_after_h: float = REOPEN_AFTER_H_DEFAULT,
    marker_h: float | None = None,
) -> str:
    """Opening through the gum (mm) against time since the abutment came out.

    Parameters
    ----------
    tissue
        Site parameters (default ``Tissue()``): the curve is
        ``opening_mm(t, abutment_diameter_mm=...)``. Mucosa thickness does not
        change it: no study relates thickness to closure speed.
    reopen_after_h
        Re-opening cut-off, 1 to 48 h (default 12 h, Amin; others 24 h): where
        the "Re-open surgically" band starts. A rule of thumb.
    marker_h
        Time of the "now" marker, 0 to 336 h (14 days, the end of the axis),
        or ``None`` for no marker.

    Returns
    -------
    str
        A standalone ``<svg>`` with ``<title>`` and ``<desc>``. The curve's
        pieces are ``polyline`` elements with classes ``ie-curve-measured``,
        ``ie-curve-extrapolated`` and ``ie-curve-bridging``; the marker has
        class ``ie-marker``.

    Raises
    ------
    TypeError, ValueError
        For a ``tissue`` that is not a ``Tissue``, or a cut-off or marker time
        out of range (the message names the parameter and the range).
    """
    if tissue is None:
        tissue = Tissue()
    if not isinstance(tissue, Tissue):
        raise TypeError(
            f"tissue must be an implant_edu.timeline.Tissue or None, got {type(tissue).__name__}"
        )
    reopen = check_reopen_after_h(reopen_after_h)
    d = tissue.abutment_diameter_mm
    bands, stage_legend = _stage_bands(reopen)
    body = [*bands, _axes(), _cutoff(reopen)]
    for key, start, stop, dash, _words in SEGMENTS:
        hours = _segment_hours(start, stop)
        widths = opening_mm(np.asarray(hours), abutment_diameter_mm=d)
        body.append(
            el(
                "polyline",
                points=points((_x(h), _y(float(w))) for h, w in zip(hours, widths, strict=True)),
                fill="none",
                stroke=OKABE_ITO["black"],
                stroke_width=3.0,
                stroke_dasharray=dash or None,
                stroke_linejoin="round",
                class_=f"ie-curve-{key}",
            )
        )
    for seconds, lost in _EVIDENCE["collapse_points"]["points"]:
        body.append(
            el(
                "circle",
                cx=_x(seconds / 3600.0),
                cy=_y((1.0 - lost) * d),
                r=4.5,
                fill=GRADE_COLOURS["measured"],
                stroke="#FFFFFF",
                stroke_width=1.0,
            )
        )
    marker_words = ""
    if marker_h is not None:
        now = check_number("marker_h", marker_h, 0.0, AXIS_MAX_H)
        width = opening_mm(now, abutment_diameter_mm=d)
        x, y = _x(now), _y(width)
        label = f"now: {duration_label(now)}, {width:.1f} mm"
        anchor = "start" if x < (PLOT_LEFT + PLOT_RIGHT) / 2 else "end"
        dx = 8 if anchor == "start" else -8
        body.append(
            el(
                "g",
                el(
                    "line",
                    x1=x,
                    y1=PLOT_TOP,
                    x2=x,
                    y2=PLOT_BOTTOM,
                    stroke="#000000",
                    stroke_width=2.0,
                )
                + el(
                    "circle", cx=x, cy=y, r=6.5, fill="#FFFFFF", stroke="#000000", stroke_width=2.5
                )
                + el(
                    "rect",
                    x=x + dx - (0 if anchor == "start" else 175),
                    y=PLOT_BOTTOM - 44,
                    width=175,
                    height=20,
                    fill="#FFFFFF",
                    fill_opacity=0.85,
                )
                + text(
                    x + dx,
                    PLOT_BOTTOM - 29,
                    label,
                    text_anchor=anchor,
                    font_weight="bold",
                ),
                class_="ie-marker",
            )
        )
        marker_words = f" The marker is at {duration_label(now)}: {width:.1f} mm open."
    body.append(_legend())
    body.extend(stage_legend)
    starts = stage_starts_h(reopen)
    stage_words = "; ".join(f"{s.label} from {duration_label(starts[s])}" for s in Stage)
    return svg_document(
        WIDTH,
        HEIGHT,
        title="Opening through the gum against time since the healing abutment came out",
        desc=(
            f"Teaching-model curve for a {d:g} mm healing abutment, on a stretched time "
            f"axis from 0 s to 14 days. The opening falls from {d:g} mm: fitted to "
            "measured collapse from 0 to 20 min (solid), extrapolated from 20 min to 12 h "
            "with no study behind it (dashed), then closing along an S-curve through "
            f"measured epithelial bridging times, closed by {ALL_BRIDGED_H:g} h (dotted). "
            f"Stages: {stage_words}. The re-opening cut-off at {reopen:g} h is a rule of "
            f"thumb, not derived from the curve.{marker_words}"
        ),
        body=body,
        css_class="ie-closure-curve",
    )
