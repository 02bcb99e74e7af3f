"""The closure curve: opening (mm) against time since loss, as SVG strings.

Two layers, so that a time-stepped view redraws only what changes
(design notes, "Draw once what does not change"):

* :func:`closure_curve_svg` draws, once per setting (tissue and cut-off), the
  axes, the numbered stage bands, the re-opening cut-off, the curve by
  evidence grade and the legend;
* :func:`curve_marker_svg` draws only the "now" marker, in an SVG with the
  same ``viewBox`` and a transparent background, laid over the base by CSS
  (both in one ``position:relative`` box).

The curve is drawn from a trajectory the caller supplies (a figure never
re-runs the model). Its pieces are told apart by line style *and* by the
grade words next to them in the legend, never by colour alone:

* measured (solid, 0 to 20 min): the early collapse. The studies measured
  soft-tissue *volume* lost (5% at 30 s, 10% at 2 min, 14% at 5 min); the
  points are labelled in % of volume, and the legend states the assumption
  that turns them into a width, ``sqrt(1 - volume lost)`` of the abutment's
  width;
* rule of thumb (dashed, 20 min to surface closure), over a hatched band
  saying "not measured";
* measured in other wounds (analogy, dotted): the epithelium growing across,
  in % on a right-hand axis, from 12 h (the opening is closed by then with
  the default tissue).

The time axis is non-linear (:mod:`implant_edu.figures.time_axis`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from implant_edu.evidence import Grade
from implant_edu.figures._inputs import check_state
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
    BRIDGING_STARTS_H,
    COLLAPSE_OBSERVED_UNTIL_H,
    COLLAPSE_POINTS,
    ClosureState,
    Stage,
    Tissue,
    check_reopen_after_h,
    stage_starts_h,
)

WIDTH, HEIGHT = 800.0, 588.0
"""Size of the curve's ``viewBox`` in user units (base and marker alike)."""

PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 80.0, 700.0, 96.0, 340.0
"""The plotting area inside the ``viewBox``."""

FONT_SIZE = 16.0
"""Size of every label in user units: readable on a 1024x768 projector."""

Y_MAX_MM: float = Tissue.RANGES["abutment_diameter_mm"][1] + 1.0
"""Top of the opening axis, 7 mm: the widest healing abutment the lessons offer
(6 mm) plus 1 mm of headroom, so the curve stays clear of the cut-off label."""

MARKER_ROW_Y: float = 40.0
"""Top of the row above the stage bands that holds the "now" label, in user
units: kept free in the base layer, so the marker's label covers nothing."""

STAGE_STRIP_TOP: float = PLOT_TOP - 24.0
"""Top of the numbered strip of stage colours above the plot, in user units."""

MEASURED_UNTIL_H: float = COLLAPSE_OBSERVED_UNTIL_H
"""The early collapse was watched up to 20 min (Li et al. 2019)."""


def _curve_hours() -> tuple[float, ...]:
    # Even steps along the stretched axis, plus the times where a process
    # starts or ends (so each grade's piece begins and ends exactly), plus
    # every hour up to a day, where the rule-of-thumb closure may end.
    even = [hours_at(k / 150) for k in range(151)]
    marks = [s / 3600.0 for s, _ in COLLAPSE_POINTS]
    marks += [MEASURED_UNTIL_H, BRIDGING_STARTS_H, 30.0, 48.0, 120.0, AXIS_MAX_H]
    marks += [float(h) for h in range(1, 25)]
    return tuple(sorted(set(even + marks)))


CURVE_HOURS: tuple[float, ...] = _curve_hours()
"""Times (h, 0 to 336) at which callers compute the trajectory the curve is
drawn from: ``trajectory(CURVE_HOURS, reopen_after_h=..., tissue=...)``.
About 190 times, fine enough that the curve looks smooth on the stretched axis."""

GRADE_DASHES: dict[str, str | None] = {
    "measured": None,
    "rule-of-thumb": "9 6",
    "analogy": "2 5",
}
"""SVG dash pattern of each grade's piece of the curve (solid, dashed, dotted)."""

_INK = TISSUE_COLOURS["label"]
_CUTOFF_INK = "#7A4F00"  # dark orange: the rule-of-thumb colour, readable as text
EPITHELIUM_INK = TISSUE_COLOURS["epithelium"]
"""The epithelium's curve, legend sample and axis title: its colour in the cross-section."""


def _x(hours: float) -> float:
    return PLOT_LEFT + axis_position(min(hours, AXIS_MAX_H)) * (PLOT_RIGHT - PLOT_LEFT)


def _y(mm: float) -> float:
    return PLOT_BOTTOM - mm / Y_MAX_MM * (PLOT_BOTTOM - PLOT_TOP)


def _y_right(fraction: float) -> float:
    return PLOT_BOTTOM - fraction * (PLOT_BOTTOM - PLOT_TOP)


def _label(x: float, y: float, words: str, **attributes: object) -> str:
    attributes.setdefault("font_size", FONT_SIZE)
    attributes.setdefault("class_", "ie-label")
    attributes.setdefault("fill", _INK)
    return text(x, y, words, **attributes)


@dataclass(frozen=True)
class _Word:
    """Bold words on the plot that the "now" line may cross: the stage
    numbers, the cut-off label, "not measured", the measured points' numbers.
    The base layer draws them; the marker layer draws again, over its line,
    those its line crosses, with a white halo, so that the line passes behind
    the letters instead of striking through them."""

    x: float
    y: float  # baseline
    text: str
    anchor: str = "start"  # SVG text-anchor
    fill: str = _INK
    css: str = "ie-label"

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(left, right, top, bottom) the words cover, estimated (0.62 em a character)."""
        width = len(self.text) * 0.62 * FONT_SIZE
        left = self.x - {"start": 0.0, "middle": width / 2, "end": width}[self.anchor]
        return left, left + width, self.y - 0.8 * FONT_SIZE, self.y + 0.25 * FONT_SIZE

    def svg(self, *, halo: bool = False) -> str:
        look: dict[str, object] = {"class_": self.css}
        if halo:
            look = {
                "class_": "ie-marker-halo",
                "stroke": "#FFFFFF",
                "stroke_width": 4.0,
                "stroke_linejoin": "round",
                "paint_order": "stroke",
            }
        return _label(
            self.x,
            self.y,
            self.text,
            text_anchor=self.anchor,
            font_weight="bold",
            fill=self.fill,
            **look,
        )


def _check_states(states: object) -> tuple[ClosureState, ...]:
    if isinstance(states, ClosureState) or not isinstance(states, Sequence) or not states:
        raise TypeError(
            "states must be a non-empty sequence of ClosureState "
            "(e.g. trajectory(CURVE_HOURS, ...)), got " + type(states).__name__
        )
    for state in states:
        if not isinstance(state, ClosureState):
            raise TypeError(f"states must hold ClosureState objects, got {type(state).__name__}")
    tissues = {state.tissue for state in states}
    if len(tissues) != 1:
        raise ValueError("states must all come from one site (one Tissue)")
    return tuple(sorted(states, key=lambda s: s.hours))


def _stage_spans(reopen: float) -> list[tuple[int, Stage, float, float]]:
    """(number, stage, start, stop) of each stage along the time axis, in hours."""
    starts = stage_starts_h(reopen)
    stages = list(Stage)
    return [
        (n, stage, starts[stage], starts[stages[n]] if n < len(stages) else AXIS_MAX_H)
        for n, stage in enumerate(stages, 1)
    ]


def _stage_bands(reopen: float) -> tuple[str, str]:
    """Stage bands (coloured, numbered) over the plot, and their legend (numbered, named)."""
    bands, legend = [], []
    for n, stage, start, stop in _stage_spans(reopen):
        x0, x1 = _x(start), _x(stop)
        colour = STAGE_COLOURS[stage.value]
        bands.append(
            el(
                "rect",
                x=x0,
                y=PLOT_TOP,
                width=max(x1 - x0, 0.0),
                height=PLOT_BOTTOM - PLOT_TOP,
                fill=colour,
                fill_opacity=0.13,
                class_=f"ie-band ie-band-{stage.value}",
                data_stage=str(n),
            )
            + el(
                "rect",
                x=x0,
                y=STAGE_STRIP_TOP,
                width=max(x1 - x0, 0.0),
                height=22,
                fill=colour,
                stroke="#FFFFFF",
                stroke_width=1.0,
            )
        )
        row, col = divmod(n - 1, 2)
        lx, ly = 24.0 + col * 390.0, 548.0 + row * 24.0
        legend.append(
            el("rect", x=lx, y=ly - 15, width=20, height=20, fill=colour, stroke=_INK)
            + _label(lx + 10, ly, str(n), text_anchor="middle", font_weight="bold", fill="#000000")
            + _label(
                lx + 28, ly, f"{stage.label} (from {duration_label(start)})", class_="ie-label"
            )
        )
    digits = "".join(word.svg() for word in _stage_numbers(reopen))
    return "".join(bands) + digits, "".join(legend)


def _stage_numbers(reopen: float) -> list[_Word]:
    """Each stage's number centred in its strip, where the strip is wide enough."""
    return [
        _Word(
            x=(_x(start) + _x(stop)) / 2,
            y=PLOT_TOP - 7,
            text=str(n),
            anchor="middle",
            fill="#000000",
            css="ie-label ie-band-number",
        )
        for n, _stage, start, stop in _stage_spans(reopen)
        if _x(stop) - _x(start) >= 14
    ]


def _not_measured_band(closed_by_h: float) -> str:
    """Hatched band from 20 min to the surface closure: nothing was measured there."""
    x0, x1 = _x(MEASURED_UNTIL_H), _x(closed_by_h)
    pattern = el(
        "defs",
        el(
            "pattern",
            el("path", d="M0,8 L8,0", stroke="#888888", stroke_width=1.2),
            id="ie-not-measured",
            width=8,
            height=8,
            patternUnits="userSpaceOnUse",
        ),
    )
    band = el(
        "rect",
        x=x0,
        y=PLOT_TOP,
        width=x1 - x0,
        height=PLOT_BOTTOM - PLOT_TOP,
        fill="url(#ie-not-measured)",
        fill_opacity=0.5,
        class_="ie-not-measured",
    )
    lines, box_w = _not_measured_words(closed_by_h)
    words = el(
        "rect",
        x=x1 - 4 - box_w,
        y=PLOT_TOP + 30,
        width=box_w,
        height=46,
        fill="#FFFFFF",
        fill_opacity=0.9,
    ) + "".join(line.svg() for line in lines)
    return pattern + band + words


def _not_measured_words(closed_by_h: float) -> tuple[list[_Word], float]:
    """The "not measured" words and the width of their white box.

    Top right of the band, under the cut-off label: the curve falls fast
    after 20 min, so it is below this corner at every setting. A narrow band
    (surface closed by 3 h) gets the words on two short lines.
    """
    x0, x1 = _x(MEASURED_UNTIL_H), _x(closed_by_h)
    lines: tuple[str, ...] = ("not measured", "(rule of thumb)")
    box_w = max(len(line) for line in lines) * 0.66 * FONT_SIZE + 12
    if box_w > x1 - x0 - 12:
        lines = ("not", "measured")
        box_w = max(len(line) for line in lines) * 0.66 * FONT_SIZE + 12
    words = [
        _Word(x=x1 - 8, y=PLOT_TOP + 48 + 20 * k, text=line, anchor="end")
        for k, line in enumerate(lines)
    ]
    return words, box_w


def _axes() -> str:
    frame = el(
        "rect",
        x=PLOT_LEFT,
        y=PLOT_TOP,
        width=PLOT_RIGHT - PLOT_LEFT,
        height=PLOT_BOTTOM - PLOT_TOP,
        fill="none",
        stroke=_INK,
        stroke_width=1.2,
    )
    parts = [frame]
    for hours, label in TICKS_H:
        x = _x(hours)
        parts.append(
            el("line", x1=x, y1=PLOT_BOTTOM, x2=x, y2=PLOT_BOTTOM + 6, stroke=_INK)
            + _label(x, PLOT_BOTTOM + 24, label, text_anchor="middle")
        )
    for mm in range(0, int(Y_MAX_MM) + 1):
        y = _y(mm)
        parts.append(
            el("line", x1=PLOT_LEFT - 6, y1=y, x2=PLOT_LEFT, y2=y, stroke=_INK)
            + _label(PLOT_LEFT - 10, y + 5.5, str(mm), text_anchor="end")
        )
    for pct in (0, 50, 100):
        y = _y_right(pct / 100)
        parts.append(
            el("line", x1=PLOT_RIGHT, y1=y, x2=PLOT_RIGHT + 6, y2=y, stroke=EPITHELIUM_INK)
            + _label(PLOT_RIGHT + 10, y + 5.5, f"{pct}%", fill=EPITHELIUM_INK)
        )
    mid = (PLOT_TOP + PLOT_BOTTOM) / 2
    parts.append(
        _label(
            (PLOT_LEFT + PLOT_RIGHT) / 2,
            PLOT_BOTTOM + 50,
            "time since it came out (stretched scale: ticks not evenly spaced)",
            text_anchor="middle",
        )
    )
    parts.append(
        _label(
            26,
            mid,
            "opening at the surface (mm)",
            text_anchor="middle",
            transform=f"rotate(-90 26 {fmt(mid)})",
            class_="ie-axis-title",
        )
    )
    parts.append(
        _label(
            WIDTH - 20,
            mid,
            "epithelium, model (%)",
            text_anchor="middle",
            transform=f"rotate(90 {fmt(WIDTH - 20)} {fmt(mid)})",
            fill=EPITHELIUM_INK,
            class_="ie-axis-title",
        )
    )
    return "".join(parts)


def _cutoff(reopen: float) -> str:
    x = _x(reopen)
    colour = GRADE_COLOURS["rule of thumb"]
    line = el(
        "line",
        x1=x,
        y1=PLOT_TOP,
        x2=x,
        y2=PLOT_BOTTOM,
        stroke=colour,
        stroke_width=3.0,
        stroke_dasharray="8 4",
        class_="ie-cutoff",
        data_hours=f"{reopen:g}",
    )
    word, box_w = _cutoff_words(reopen)
    bx = x - 6 - box_w if word.anchor == "end" else x + 6
    label = (
        el("rect", x=bx, y=PLOT_TOP + 4, width=box_w, height=22, fill="#FFFFFF", fill_opacity=0.9)
        + word.svg()
    )
    return line + label


def _cutoff_words(reopen: float) -> tuple[_Word, float]:
    """The cut-off's label and the width of its white box.

    The label goes left of the line (where the cut-off is late) or right of
    it, whichever side it fits inside the plot; if neither, a shorter form.
    """
    x = _x(reopen)
    for words in (
        f"re-opening cut-off {duration_label(reopen)} (rule of thumb)",
        f"cut-off {duration_label(reopen)} (rule of thumb)",
    ):
        box_w = len(words) * 0.66 * FONT_SIZE + 8
        left_of_line = x - 6 - box_w >= PLOT_LEFT + 4
        if left_of_line or x + 6 + box_w <= PLOT_RIGHT - 4:
            break
    word = _Word(
        x=x - 10 if left_of_line else x + 10,
        y=PLOT_TOP + 20,
        text=words,
        anchor="end" if left_of_line else "start",
        fill=_CUTOFF_INK,
        css="ie-label ie-cutoff-label",
    )
    return word, box_w


def _ink(key: str) -> str:
    """Colour of a curve piece: the epithelium in its colour in the cross-section,
    so that its rise after 12 h (right axis, %) is not read as the opening
    widening again on the left axis (mm); the opening in black."""
    return EPITHELIUM_INK if key == "analogy" else OKABE_ITO["black"]


def _polyline(xy: list[tuple[float, float]], key: str) -> str:
    if len(xy) < 2:
        return ""
    return el(
        "polyline",
        points=points(xy),
        fill="none",
        stroke=_ink(key),
        stroke_width=3.5,
        stroke_dasharray=GRADE_DASHES[key],
        stroke_linejoin="round",
        stroke_linecap="round" if key == "analogy" else "butt",
        class_=f"ie-curve-{key}",
    )


@dataclass(frozen=True)
class _MeasuredPoint:
    """A measured collapse point on the curve and its label, in user units."""

    x: float
    y: float
    lost: float  # share of soft-tissue volume lost, 0 to 1
    label: _Word  # "2 min: 10%"


def _measured_points(abutment_diameter_mm: float) -> list[_MeasuredPoint]:
    """The measured volume losses (30 s, 2 min, 5 min) drawn as widths of a
    channel ``abutment_diameter_mm`` wide, with their labels.

    Each point's time and number go under it, on two rows in turn (the 2 min
    and 5 min points are close; above them the cut-off label may lie): "14%
    vol." centred between two points was read as the 2 min value, and 5 min
    has no tick of its own. The last label starts just left of its point and
    runs right, toward 20 min, rather than back under the 2 min point. The
    legend says the numbers are % of volume."""
    found = []
    last = len(COLLAPSE_POINTS) - 1
    for k, (seconds, lost) in enumerate(COLLAPSE_POINTS):
        x = _x(seconds / 3600.0)
        y = _y(math.sqrt(1.0 - lost) * abutment_diameter_mm)
        label = _Word(
            x=x - 36 if k == last else x,
            y=y + (28 if k % 2 == 0 else 50),
            text=f"{duration_label(seconds / 3600.0)}: {lost:.0%}",
            anchor="start" if k == last else "middle",
            fill=GRADE_COLOURS["measured"],
        )
        found.append(_MeasuredPoint(x, y, lost, label))
    return found


def _curve(states: tuple[ClosureState, ...]) -> str:
    on_axis = [s for s in states if s.hours <= AXIS_MAX_H]
    measured = [(_x(s.hours), _y(s.opening_mm)) for s in on_axis if s.hours <= MEASURED_UNTIL_H]
    # The rule-of-thumb piece runs from 20 min to the first time the opening
    # is 0 (that point included, so the line reaches the axis).
    rule: list[tuple[float, float]] = []
    for s in on_axis:
        if s.hours < MEASURED_UNTIL_H:
            continue
        rule.append((_x(s.hours), _y(s.opening_mm)))
        if s.opening_mm == 0.0:
            break
    analogy = [(_x(s.hours), _y_right(s.bridged_fraction)) for s in on_axis]
    analogy = [xy for s, xy in zip(on_axis, analogy, strict=True) if s.hours >= BRIDGING_STARTS_H]
    dots = []
    for point in _measured_points(states[0].tissue.abutment_diameter_mm):
        dots.append(
            el(
                "circle",
                cx=point.x,
                cy=point.y,
                r=6.0,
                fill=GRADE_COLOURS["measured"],
                stroke="#FFFFFF",
                stroke_width=1.5,
                class_="ie-measured-point",
                data_volume_lost=f"{point.lost:g}",
            )
            + point.label.svg()
        )
    return (
        _polyline(measured, "measured")
        + _polyline(rule, "rule-of-thumb")
        + _polyline(analogy, "analogy")
        + "".join(dots)
    )


_LEGEND_ROWS: tuple[tuple[str, str], ...] = (
    # The sites measured were shaped by temporary crowns: the legend says so
    # beside a curve drawn for a healing abutment (clinical brief, section 4).
    (
        "measured",
        f"{Grade.MEASURED.label} (0 to 20 min, temporary-crown sites): the early collapse",
    ),
    ("points", "measured points: % of soft-tissue VOLUME lost (30 s, 2 min, 5 min)"),
    ("conversion", "drawn as width = \u221a(1 \u2212 volume lost) \u00d7 width: an assumption"),
    ("rule-of-thumb", f"{Grade.RULE_OF_THUMB.label}: walls meet, surface closes"),
    # "across": the curve is the epithelium bridging the closed opening (done
    # by 48 h in the incisions measured), not the surface healed over, which
    # stage 4 marks from 5 days: read as plain "epithelium", 100% at 48 h
    # seemed to contradict stage 4.
    ("analogy", f"{Grade.ANALOGY.label}: epithelium grown across (model)"),
)


def _legend() -> str:
    out = []
    for n, (key, words) in enumerate(_LEGEND_ROWS):
        y = 420.0 + n * 24.0
        if key in GRADE_DASHES:
            sample = el(
                "line",
                x1=24.0,
                y1=y - 5,
                x2=74.0,
                y2=y - 5,
                stroke=_ink(key),
                stroke_width=3.5,
                stroke_dasharray=GRADE_DASHES[key],
                stroke_linecap="round" if key == "analogy" else "butt",
                class_=f"ie-legend-{key}",
            )
        elif key == "points":
            sample = el("circle", cx=49.0, cy=y - 5, r=6.0, fill=GRADE_COLOURS["measured"])
        else:
            sample = ""
        out.append(sample + _label(86.0, y, words, class_="ie-label"))
    return "".join(out)


def closure_curve_svg(states: Sequence[ClosureState], *, reopen_after_h: float) -> str:
    """The base layer: opening at the surface (mm) against time since loss.

    Drawn once per setting; the "now" marker is a separate layer
    (:func:`curve_marker_svg`) with the same ``viewBox``.

    Parameters
    ----------
    states
        A trajectory of one site on a fine time grid, e.g.
        ``trajectory(CURVE_HOURS, reopen_after_h=..., tissue=...)``; any
        order, times 0 to 1344 h (times past the axis end, 14 days, are not
        drawn). All states must share one :class:`~implant_edu.timeline.Tissue`.
    reopen_after_h
        Re-opening cut-off, 1 to 48 h (rule of thumb): where the "Re-open
        surgically" band starts and the cut-off line is drawn.

    Returns
    -------
    str
        A standalone ``<svg>`` (``viewBox`` ``0 0 800 640``) with ``<title>``
        and ``<desc>``. The curve's pieces are ``polyline`` elements with
        classes ``ie-curve-measured`` (solid), ``ie-curve-rule-of-thumb``
        (dashed) and ``ie-curve-analogy`` (dotted, right axis in %); the
        measured points are circles ``ie-measured-point`` (attribute
        ``data-volume-lost``); the cut-off line is ``ie-cutoff``; the stage
        bands are ``ie-band`` (attribute ``data-stage``, 1 to 4); the
        unmeasured stretch is ``ie-not-measured``.

    Raises
    ------
    TypeError, ValueError
        For ``states`` that are not ClosureStates of one site, or a cut-off
        out of range (the message names the parameter and the range).
    """
    ordered = _check_states(states)
    reopen = check_reopen_after_h(reopen_after_h)
    tissue = ordered[0].tissue
    d = tissue.abutment_diameter_mm
    closed_by = tissue.surface_closed_by_h
    bands, stage_legend = _stage_bands(reopen)
    body = [
        bands,
        _not_measured_band(closed_by),
        _axes(),
        _cutoff(reopen),
        _curve(ordered),
        _legend(),
        stage_legend,
        _label(
            24.0,
            26.0,
            f"Opening at the surface, {d:g} mm healing abutment: teaching model",
            font_weight="bold",
            font_size=19.0,
            class_="ie-heading",
        ),
    ]
    stage_words = "; ".join(
        f"{n} {s.label} from {duration_label(start)}" for n, s, start, _ in _stage_spans(reopen)
    )
    points_words = ", ".join(
        f"{lost:.0%} at {duration_label(seconds / 3600.0)}" for seconds, lost in COLLAPSE_POINTS
    )
    return svg_document(
        WIDTH,
        HEIGHT,
        title="Opening at the surface against time since the healing abutment came out",
        desc=(
            f"Teaching-model curve for a {d:g} mm healing abutment on a stretched time axis "
            "from 0 s to 14 days. Measured (solid, 0 to 20 min, at sites shaped by temporary "
            "crowns): the early collapse; the "
            f"studies measured soft-tissue volume lost ({points_words}), drawn as a width "
            "of the square root of one minus the volume lost, times the abutment's width "
            "(an assumption). Rule of thumb (dashed, over a band marked not measured): the "
            f"walls meet and the surface closes by {duration_label(closed_by)}. Measured in "
            "other wounds (analogy, dotted, right axis): epithelium growing across from "
            f"{BRIDGING_STARTS_H:g} h, all the way by 48 h. Stages: {stage_words}. The "
            f"re-opening cut-off at {duration_label(reopen)} is a rule of thumb."
        ),
        body=body,
        css_class="ie-closure-curve",
        font_size=FONT_SIZE,
    )


def marker_words(state: ClosureState) -> str:
    """The marker's label: ``"now: 3 h, 0.6 mm open"`` or
    ``"now: 30 h, closed, epithelium 50% across"``."""
    when = duration_label(state.hours)
    if not state.surface_closed:
        return f"now: {when}, {state.opening_mm:.1f} mm open"
    if 0.0 < state.bridged_fraction < 1.0:
        return f"now: {when}, closed, epithelium {state.bridged_fraction:.0%} across"
    return f"now: {when}, closed"


def _plot_words(state: ClosureState) -> list[_Word]:
    """Every word of the base layer that lies where the "now" line can run."""
    return [
        *_stage_numbers(state.reopen_after_h),
        _cutoff_words(state.reopen_after_h)[0],
        *_not_measured_words(state.tissue.surface_closed_by_h)[0],
        *(p.label for p in _measured_points(state.tissue.abutment_diameter_mm)),
    ]


def _vertical(x: float, top: float, bottom: float, class_: str, **style: object) -> str:
    """A black vertical line at ``x`` from ``top`` to ``bottom``."""
    style.setdefault("stroke_width", 2.5)
    return el("line", x1=x, y1=top, x2=x, y2=bottom, stroke="#000000", class_=class_, **style)


def curve_marker_svg(state: ClosureState) -> str:
    """The "now" layer of the closure curve: a vertical line, a dot on the curve, a label.

    Parameters
    ----------
    state
        The site now (any state the model produces, 0 to 1344 h). Times past
        the axis end (14 days) put the marker at the axis end, with an arrow
        and a label that still gives the true time.

    Returns
    -------
    str
        A standalone ``<svg>`` with the same ``viewBox`` as
        :func:`closure_curve_svg` and no background, to lay over it (CSS:
        both in a ``position:relative`` box, this one ``position:absolute;
        inset:0``). The marker is a ``g`` with class ``ie-marker`` and
        attributes ``data-hours`` and ``data-x`` (where it is drawn).

    Raises
    ------
    TypeError
        If ``state`` is not a ``ClosureState``.
    """
    state = check_state(state)
    beyond = state.hours > AXIS_MAX_H
    x = _x(state.hours)
    words = marker_words(state) + (" \u2192" if beyond else "")
    box_w = len(words) * 0.66 * FONT_SIZE + 12
    # Label to the right of the line in the left half, to the left in the right half.
    left_side = x > (PLOT_LEFT + PLOT_RIGHT) / 2
    bx = max(4.0, x + 14 - box_w) if left_side else min(x - 14, WIDTH - 4 - box_w)
    dot_y = _y(state.opening_mm)
    parts = [
        # Strong from the dot down to the time axis; thin and dashed from the
        # label to the dot. Where either crosses the plot's own words (stage
        # numbers, the cut-off, "not measured", the measured points'
        # numbers), those words are drawn again over it with a white halo
        # (after the group), so the line passes behind the letters.
        _vertical(x, dot_y, PLOT_BOTTOM, "ie-marker-line"),
        _vertical(
            x,
            MARKER_ROW_Y + 24,
            dot_y,
            "ie-marker-leader",
            stroke_width=1.0,
            stroke_dasharray="4 4",
        ),
        el(
            "rect",
            x=bx,
            y=MARKER_ROW_Y,
            width=box_w,
            height=26,
            rx=4.0,
            fill="#FFFFFF",
            fill_opacity=0.92,
            stroke="#000000",
            stroke_width=1.0,
        ),
        text(
            bx + 6,
            MARKER_ROW_Y + 18.5,
            words,
            font_weight="bold",
            font_size=FONT_SIZE,
            fill="#000000",
            class_="ie-marker-label",
        ),
        # A ring: a measured point under it still shows through.
        el(
            "circle",
            cx=x,
            cy=dot_y,
            r=7.5,
            fill="none",
            stroke="#000000",
            stroke_width=3.0,
            class_="ie-marker-dot",
        ),
    ]
    if state.hours >= BRIDGING_STARTS_H and state.surface_closed:
        parts.append(
            el(
                "rect",
                x=x - 6.5,
                y=_y_right(state.bridged_fraction) - 6.5,
                width=13,
                height=13,
                fill="#FFFFFF",
                stroke="#000000",
                stroke_width=3.0,
                class_="ie-marker-dot",
            )
        )
    marker = el(
        "g",
        parts,
        class_="ie-marker",
        data_hours=f"{state.hours:g}",
        data_x=f"{x:.1f}",
    )
    crossed = [w for w in _plot_words(state) if w.box[0] <= x <= w.box[1]]
    if crossed:
        marker += el("g", [w.svg(halo=True) for w in crossed], class_="ie-marker-halos")
    opening = "closed" if state.surface_closed else f"{state.opening_mm:.1f} mm open"
    return svg_document(
        WIDTH,
        HEIGHT,
        title=f"Now: {duration_label(state.hours)} after the healing abutment came out",
        desc=(
            f"Marker on the closure curve at {duration_label(state.hours)}"
            + (" (past the end of the axis, drawn at 14 days)" if beyond else "")
            + f": the opening at the surface is {opening}; stage {state.stage.order + 1} of "
            f"{len(Stage)}, {state.stage.label}."
        ),
        body=marker,
        css_class="ie-closure-curve-marker",
        font_size=FONT_SIZE,
    )
