"""Timeline explorer: the gum closing over the implant once the healing abutment is out.

The time slider needs no kernel: every time step is pre-rendered (SVG) into a
``Stack`` whose ``selected_index`` is ``jslink``-ed to the slider's ``index``,
so it also works in exported HTML. The tissue controls call Python, which only
regenerates SVG strings (no matplotlib). ``timeline_snapshots`` is the static
fallback: a row of the same frames at fixed times.
"""

from __future__ import annotations

from html import escape

import ipywidgets
from IPython.display import HTML

from implant_edu._validate import check_number
from implant_edu.evidence import cite
from implant_edu.figures.closure_curve import closure_curve_svg
from implant_edu.figures.cross_section import closure_svg
from implant_edu.figures.svg import svgs_as_imgs
from implant_edu.figures.time_axis import AXIS_MAX_H, duration_label
from implant_edu.style import STAGE_COLOURS
from implant_edu.timeline import (
    REOPEN_AFTER_H_DEFAULT,
    REOPEN_AFTER_H_OTHERS,
    REOPEN_AFTER_H_RANGE,
    ClosureState,
    Tissue,
    check_reopen_after_h,
    state_at,
)
from implant_edu.widgets.layout import up_to
from implant_edu.widgets.view import View

TIME_STEPS_H: tuple[float, ...] = (
    0.0,
    30 / 3600,
    2 / 60,
    5 / 60,
    20 / 60,
    1.0,
    2.0,
    3.0,
    4.0,
    6.0,
    8.0,
    10.0,
    12.0,
    16.0,
    20.0,
    24.0,
    30.0,
    36.0,
    48.0,
    72.0,
    96.0,
    120.0,
    168.0,
    240.0,
    336.0,
)
"""The 25 time steps of the slider, in hours (0 s to 14 days)."""

SNAPSHOT_HOURS: tuple[float, ...] = (0.0, 5 / 60, 3.0, 12.0, 30.0, 120.0)
"""Default times of the static fallback: 0 s, 5 min, 3 h, 12 h, 30 h, 5 days."""

CONTROL_STEP_MM = 0.5
"""Step of the tissue sliders, in mm."""

CUTOFF_NOTE = (
    f"The re-opening cut-off is a rule of thumb: {REOPEN_AFTER_H_DEFAULT:g} h here "
    f"(about half a day, {cite('amin')[1:-1]}); other clinics say {REOPEN_AFTER_H_OTHERS:g} h, "
    "some the next business day. Move it and watch the stages move: the curve does not."
)


def frame_html(state: ClosureState) -> str:
    """One frame: cross-section, curve with the marker, and what the stage means.

    Parameters
    ----------
    state
        The site at one time, from :func:`implant_edu.timeline.state_at`
        (hours 0 to 336, the curve's axis).

    Returns
    -------
    str
        HTML: two SVGs side by side, then the stage (element with class
        ``ie-stage``), what the clinician does, anaesthesia and technique, and
        the evidence grade of the stage's cut-off.
    """
    if not isinstance(state, ClosureState):
        raise TypeError(f"state must be a ClosureState, got {type(state).__name__}")
    stage = state.stage
    sources = cite(*(s.key for s in stage.cutoff_sources))[1:-1]
    colour = STAGE_COLOURS[stage.value]
    section = closure_svg(state)
    curve = closure_curve_svg(
        state.tissue, reopen_after_h=state.reopen_after_h, marker_h=state.hours
    )
    return (
        "<div class='ie-frame'>"
        "<div style='display:flex;flex-wrap:wrap;gap:8px'>"
        f"<div style='flex:1 1 320px;min-width:280px'>{section}</div>"
        f"<div style='flex:1 1 340px;min-width:280px'>{curve}</div></div>"
        f"<p class='ie-stage' style='border-left:8px solid {colour};padding-left:0.5em;"
        f"font-size:1.15em;margin:0.4em 0'>{escape(duration_label(state.hours))}: "
        f"<b>{escape(stage.label)}</b></p>"
        "<ul style='margin:0.2em 0'>"
        f"<li><b>What the clinician does:</b> {escape(stage.action)}</li>"
        f"<li><b>Anaesthesia:</b> {escape(stage.anaesthesia)}</li>"
        f"<li><b>Technique:</b> {escape(stage.technique)}</li>"
        f"<li><b>This stage starts:</b> {escape(stage.starts)} (cut-off: "
        f"<i>{escape(stage.cutoff_grade.label)}</i>, {escape(sources)})</li>"
        "</ul><p style='margin:0.2em 0'><i>Teaching model, not a prediction for a "
        "patient.</i></p></div>"
    )


def _frame(hours: float, tissue: Tissue, reopen_after_h: float) -> str:
    return frame_html(
        state_at(
            hours,
            reopen_after_h=reopen_after_h,
            abutment_diameter_mm=tissue.abutment_diameter_mm,
            mucosa_thickness_mm=tissue.mucosa_thickness_mm,
        )
    )


def _frames(tissue: Tissue, reopen_after_h: float) -> list[str]:
    return [_frame(hours, tissue, reopen_after_h) for hours in TIME_STEPS_H]


def _tissue_slider(name: str, value: float, description: str) -> ipywidgets.FloatSlider:
    low, high = Tissue.RANGES[name]
    return ipywidgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=CONTROL_STEP_MM,
        description=description,
        readout_format=".1f",
        continuous_update=False,
        style={"description_width": "initial"},
        layout=up_to("32em"),
    )


def timeline_explorer(
    *,
    abutment_diameter_mm: float = 4.5,
    mucosa_thickness_mm: float = 3.0,
    reopen_after_h: float = REOPEN_AFTER_H_DEFAULT,
) -> View:
    """Explore the gum closing over the implant, from 0 s to 14 days.

    Parameters
    ----------
    abutment_diameter_mm
        Starting diameter of the healing abutment, 3.0 to 6.0 mm (default 4.5).
    mucosa_thickness_mm
        Starting gum thickness, 1.0 to 7.0 mm (default 3.0): it changes the
        depth of the channel; no study relates it to closure speed.
    reopen_after_h
        Starting re-opening cut-off, 1 to 48 h (default 12 h, Amin; others
        24 h). A rule of thumb.

    Returns
    -------
    View
        Root ``VBox`` (class ``ie-view``). Controls by name: ``"time"``
        (SelectionSlider over :data:`TIME_STEPS_H`, its ``index`` jslinked to
        the frames' ``selected_index``), ``"abutment_diameter_mm"``,
        ``"mucosa_thickness_mm"``, ``"reopen_after_h"`` (all class
        ``ie-control``) and ``"frames"`` (the ``Stack``, class ``ie-figure``).

    Raises
    ------
    TypeError, ValueError
        For a parameter out of its range (the message names it and the range).
    """
    tissue = Tissue(
        abutment_diameter_mm=abutment_diameter_mm, mucosa_thickness_mm=mucosa_thickness_mm
    )
    reopen = check_reopen_after_h(reopen_after_h)
    time = ipywidgets.SelectionSlider(
        options=[(duration_label(h), h) for h in TIME_STEPS_H],
        index=0,
        description="Time since it came out",
        continuous_update=True,
        style={"description_width": "initial"},
        layout=up_to("44em"),
    )
    diameter = _tissue_slider(
        "abutment_diameter_mm", tissue.abutment_diameter_mm, "Abutment diameter (mm)"
    )
    mucosa = _tissue_slider(
        "mucosa_thickness_mm", tissue.mucosa_thickness_mm, "Gum (mucosa) thickness (mm)"
    )
    cutoff = ipywidgets.FloatSlider(
        value=reopen,
        min=REOPEN_AFTER_H_RANGE[0],
        max=REOPEN_AFTER_H_RANGE[1],
        step=1.0,
        description="Re-opening cut-off (h)",
        readout_format=".0f",
        continuous_update=False,
        style={"description_width": "initial"},
        layout=up_to("32em"),
    )
    frames = ipywidgets.Stack(
        [ipywidgets.HTML(html) for html in _frames(tissue, reopen)], selected_index=0
    )
    ipywidgets.jslink((time, "index"), (frames, "selected_index"))
    for control in (time, diameter, mucosa, cutoff):
        control.add_class("ie-control")
    frames.add_class("ie-figure")

    def redraw(_change: object = None) -> None:
        site = Tissue(abutment_diameter_mm=diameter.value, mucosa_thickness_mm=mucosa.value)
        # The frame on screen first: each assignment is sent to the page at
        # once, so the student sees the change before the hidden frames follow.
        shown = time.index
        order = [shown] + [i for i in range(len(TIME_STEPS_H)) if i != shown]
        for index in order:
            frames.children[index].value = _frame(TIME_STEPS_H[index], site, cutoff.value)

    for control in (diameter, mucosa, cutoff):
        control.observe(redraw, names="value")
    note = ipywidgets.HTML(f"<p style='margin:0.2em 0'><i>{escape(CUTOFF_NOTE)}</i></p>")
    root = ipywidgets.VBox(
        [
            time,
            frames,
            ipywidgets.HTML("<b>Change the site and the cut-off:</b>"),
            diameter,
            mucosa,
            cutoff,
            note,
        ]
    )
    root.add_class("ie-view")
    return View(
        widget=root,
        description=(
            "Timeline explorer: a slider over 25 times from 0 s to 14 days shows the gum "
            "closing over the implant (cross-section and opening curve) with the stage, "
            "what the clinician does and the evidence grade; sliders change the abutment "
            "diameter, gum thickness and re-opening cut-off. A teaching model."
        ),
        controls={
            "time": time,
            "abutment_diameter_mm": diameter,
            "mucosa_thickness_mm": mucosa,
            "reopen_after_h": cutoff,
            "frames": frames,
        },
    )


def timeline_snapshots(
    hours: tuple[float, ...] | list[float] = SNAPSHOT_HOURS,
    *,
    reopen_after_h: float = REOPEN_AFTER_H_DEFAULT,
    **tissue: float,
) -> HTML:
    """Static fallback: frames at fixed times, in a wrapping row.

    Parameters
    ----------
    hours
        Times in hours, 0 to 336 (default 0 s, 5 min, 3 h, 12 h, 30 h, 5 days);
        1 to 12 of them.
    reopen_after_h
        Re-opening cut-off, 1 to 48 h (default 12 h; rule of thumb).
    **tissue
        ``abutment_diameter_mm`` and ``mucosa_thickness_mm`` (see ``Tissue``).

    Returns
    -------
    IPython.display.HTML
        The frames, each with its own text alternative inside its SVGs.
    """
    if isinstance(hours, str) or not isinstance(hours, (tuple, list)) or not 1 <= len(hours) <= 12:
        raise TypeError(f"hours must be a list or tuple of 1 to 12 numbers, got {hours!r}")
    times = [check_number("hours", h, 0.0, AXIS_MAX_H) for h in hours]
    cells = "".join(
        "<div style='flex:1 1 420px;max-width:640px;border:1px solid #bbb;padding:4px'>"
        + frame_html(state_at(h, reopen_after_h=reopen_after_h, **tissue))
        + "</div>"
        for h in times
    )
    return HTML(
        svgs_as_imgs(
            "<div class='ie-snapshots' style='display:flex;flex-wrap:wrap;gap:8px'>"
            + cells
            + "</div>"
        )
    )
