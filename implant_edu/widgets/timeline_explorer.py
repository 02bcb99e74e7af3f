"""Closure explorer: the gum closing over the implant once the healing abutment is out.

One time control (:mod:`implant_edu.widgets.stepper`) moves three pictures of
the same moment: the cross-section, the patient's-eye view of the site and the
"now" marker on the closure curve, with the stage card. Every time step is
drawn in advance and switched in the page, so moving time needs no kernel and
also works in the offline handouts. The curve itself depends only on the site
and the clinic's policy, so it is drawn once per setting and the markers lie
over it. The site controls and the policy call Python: the model hands the
figures new states and only the layers a setting changes are redrawn.
``timeline_snapshots`` is the static fallback: the same frames at fixed times.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from html import escape

import ipywidgets
from IPython.display import HTML

from implant_edu._validate import check_choice, check_number
from implant_edu.figures.closure_curve import CURVE_HOURS, closure_curve_svg, curve_marker_svg
from implant_edu.figures.cross_section import closure_svg
from implant_edu.figures.mouth_view import mouth_view_before_svg, mouth_view_svg
from implant_edu.figures.svg import svgs_as_imgs
from implant_edu.figures.time_axis import duration_label
from implant_edu.html import grade_badge, sources_text, stage_card, stage_line, time_heading
from implant_edu.timeline import (
    HOURS_MAX,
    ClosureState,
    Policy,
    Tissue,
    policies,
    trajectory,
)
from implant_edu.widgets.layout import up_to
from implant_edu.widgets.preview import PREVIEW_CSS, preview, previewed
from implant_edu.widgets.stepper import stepper
from implant_edu.widgets.view import View, offline_note

_LOG = logging.getLogger(__name__)

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
    12.0,
    16.0,
    24.0,
    30.0,
    48.0,
    72.0,
    120.0,
    168.0,
    240.0,
    336.0,
)
"""The 21 time steps of the control, in hours (0 s to 14 days): denser where the
gum changes fastest, and few enough that the offline handout, which carries
every step drawn in advance, stays under 3 MB."""

SNAPSHOT_HOURS: tuple[float, ...] = (0.0, 1.0, 3.0, 12.0, 48.0, 120.0)
"""Default times of the static fallback: 0 s, 1 h, 3 h, 12 h, 48 h, 5 days: at
least one in each of the four stages, so a printed page shows them all."""

CONTROL_STEP_MM = 0.5
"""Step of the diameter and gum-thickness sliders, in mm."""

CONTROL_STEP_H = 1.0
"""Step of the surface-closed-by slider, in hours."""

SITE_LABEL_WIDTH = "20em"
"""Width of the site sliders' labels: the longest ("Surface closed by (h), a rule of
thumb") fits, and the three tracks start and end in line."""

# Layers drawn over one another: the markers sit exactly on the curve because
# both SVGs share one viewBox and fill the same box.
EXPLORER_CSS = """<style>
.ie-curve-box { position: relative; max-width: 800px; }
.ie-curve-box .widget-html, .ie-curve-box .widget-html-content { margin: 0; padding: 0;
  line-height: normal; height: auto; }
.ie-curve-box > .widget-html { flex: 1 1 auto; width: 100%; }
.ie-curve-box .widget-html, .ie-curve-box .widget-html-content { width: 100%; }
.ie-curve-box > .ie-curve-markers { position: absolute; top: 0; left: 0; width: 100%;
  pointer-events: none; }
.ie-pictures { display: flex; flex-wrap: wrap; gap: 8px; }
.ie-pictures > div { flex: 1 1 560px; min-width: 0; max-width: 800px; }
</style>"""


def frame_html(state: ClosureState, *, card: bool = True) -> str:
    """One moment: cross-section and patient's-eye view side by side, then the stage card.

    Parameters
    ----------
    state
        The site at one time, from :func:`implant_edu.timeline.state_at` or
        :func:`implant_edu.timeline.trajectory` (any time the model covers).
    card
        Whether to say what the stage means at the chair (the stage card), or
        only name the stage and point to the card before (a row of snapshots
        in one stage would otherwise repeat the same card).

    Returns
    -------
    str
        HTML: two SVGs side by side, then the stage card (the stage's name in
        the element with class ``ie-stage``).
    """
    if not isinstance(state, ClosureState):
        raise TypeError(f"state must be a ClosureState, got {type(state).__name__}")
    heading = time_heading(state.hours)
    stage = (
        stage_card(state.stage, heading=heading)
        if card
        else stage_line(state.stage, heading=heading)
        + "<p class='ie-stage-same' style='margin:0.2em 0'><i>The same stage as the "
        "snapshot before: what it means at the chair is said there.</i></p>"
    )
    return (
        "<div class='ie-frame'><div class='ie-pictures'>"
        f"<div>{closure_svg(state)}</div><div>{mouth_view_svg(state)}</div></div>"
        f"{stage}</div>"
    )


@lru_cache(maxsize=64)
def closure_curve(site: Tissue, reopen_after_h: float) -> str:
    """The closure curve of ``site`` under a re-opening cut-off, as SVG (kept for reuse).

    Parameters
    ----------
    site
        The site (already validated: a ``Tissue``).
    reopen_after_h
        The clinic's re-opening cut-off, in hours (1 to 48).
    """
    fine = trajectory(CURVE_HOURS, reopen_after_h=reopen_after_h, tissue=site)
    return closure_curve_svg(fine, reopen_after_h=reopen_after_h)


def _html_widget(html: str, css_class: str = "", *, margin: bool = False) -> str:
    # The elements (and the margin) an ipywidgets HTML widget draws around its
    # value, so that a picture drawn ahead lies where the live one is drawn.
    style = " style='margin:var(--jp-widgets-margin, 2px)'" if margin else ""
    return (
        f"<div class='widget-inline-hbox widget-html {css_class}'{style}>"
        f"<div class='widget-html-content'>{html}</div></div>"
    )


def preview_page(state: ClosureState, curve_svg: str) -> str:
    """The explorer's pictures at one moment, as one HTML page drawn ahead.

    Laid out as the live pictures are (the frame, then the curve with its
    "now" marker over it), for :mod:`implant_edu.widgets.preview`.

    Parameters
    ----------
    state
        The site at the moment shown.
    curve_svg
        The closure curve of the same site and policy (:func:`closure_curve`).
    """
    return (
        _html_widget(frame_html(state), margin=True)
        + "<div class='ie-curve-box'>"
        + _html_widget(curve_svg)
        + _html_widget(curve_marker_svg(state), "ie-curve-markers")
        + "</div>"
    )


def policy_html(chosen: Policy) -> str:
    """What the chosen clinic policy tells the caller, and what is done at the visit."""
    return (
        "<div class='ie-policy' style='margin:0.3em 0'>"
        f"<p style='margin:0.2em 0'><b>Clinic policy: {escape(chosen.label)}.</b> "
        f"On the phone: \u201c{escape(chosen.caller_told)}\u201d</p>"
        f"<p style='margin:0.2em 0'><b>At the visit:</b> {escape(chosen.at_visit)} "
        f"{grade_badge(chosen.grade)} ({escape(sources_text(chosen.sources))}). "
        "A policy changes when the patient is seen, not how the gum heals; the phone "
        "call and its red flags happen the same day whatever the policy.</p></div>"
    )


def site_values(name: str, step: float) -> tuple[float, ...]:
    """The values a site slider offers: its range in the model, in steps of ``step``.

    Parameters
    ----------
    name
        A key of ``Tissue.RANGES``.
    step
        The step, in the quantity's unit (mm or h).
    """
    low, high = Tissue.RANGES[name]
    count = round((high - low) / step)
    return tuple(round(low + i * step, 3) for i in range(count + 1))


def _slider(
    name: str, value: float, description: str, step: float, digits: int = 1
) -> ipywidgets.SelectionSlider:
    # A slider over fixed values, not a FloatSlider: its index links it to the
    # pictures drawn ahead (implant_edu.widgets.preview), as time's does.
    values = site_values(name, step)
    slider = ipywidgets.SelectionSlider(
        options=[(f"{v:.{digits}f}", v) for v in values],
        value=min(values, key=lambda v: abs(v - value)),
        description=description,
        continuous_update=False,
        style={"description_width": SITE_LABEL_WIDTH},
        layout=up_to("44em"),
    )
    slider.add_class("ie-control")
    slider.add_class("ie-needs-kernel")
    return slider


def _guarded(action: Callable[[], None], status: ipywidgets.HTML) -> Callable[[object], None]:
    """Run ``action`` for a control's change; on a failure say so in words, no traceback."""

    def run(_change: object = None) -> None:
        try:
            action()
            status.value = ""
        except Exception:
            _LOG.exception("closure explorer: redraw failed")
            status.value = (
                "<p role='status'><b>This picture could not be redrawn.</b> "
                "Run the cell again to start afresh.</p>"
            )

    return run


def timeline_explorer(
    *,
    abutment_diameter_mm: float = 4.5,
    mucosa_thickness_mm: float = 3.0,
    surface_closed_by_h: float = 12.0,
    policy: str = "half_day",
) -> View:
    """Explore the gum closing over the implant, from 0 s to 14 days.

    Parameters
    ----------
    abutment_diameter_mm
        Starting diameter of the healing abutment, 3.0 to 6.0 mm (default 4.5).
    mucosa_thickness_mm
        Starting gum thickness, 1.0 to 7.0 mm (default 3.0): the depth of the
        channel; no study relates it to closure speed.
    surface_closed_by_h
        Starting time by which the surface has closed, 3 to 24 h (default
        12 h, about half a day; rule of thumb, nothing measured).

        The sliders step by :data:`CONTROL_STEP_MM` and :data:`CONTROL_STEP_H`:
        a starting value between two steps starts at the nearest one, and
        every picture is drawn for that value.
    policy
        Starting clinic policy: ``"half_day"``, ``"day"`` or
        ``"next_business_day"`` (all rules of thumb).

    Returns
    -------
    View
        Root ``VBox`` (class ``ie-view``). Controls by name: ``"time"`` (the
        stepper's slider; ``"time_picker"`` its drop-down), ``"policy"``,
        ``"abutment_diameter_mm"``, ``"mucosa_thickness_mm"``,
        ``"surface_closed_by_h"`` (all class ``ie-control``), ``"frames"``
        (the pictures and stage card, class ``ie-figure``), ``"curve"`` (the
        curve drawn once per setting) and ``"markers"`` (its "now" markers).

    Raises
    ------
    TypeError, ValueError
        For a parameter out of its range (the message names it and the range).
    """
    site = Tissue(
        abutment_diameter_mm=abutment_diameter_mm,
        mucosa_thickness_mm=mucosa_thickness_mm,
        surface_closed_by_h=surface_closed_by_h,
    )
    chosen = check_choice("policy", policy, policies())
    time = stepper([duration_label(h) for h in TIME_STEPS_H], description="Time since it came out")
    policy_buttons = ipywidgets.ToggleButtons(
        options=[(p.label, p.key) for p in policies().values()],
        value=chosen.key,
        description="Clinic policy",
        style={"description_width": "initial", "button_width": "auto"},
        # On a phone the buttons go under their label instead of off the screen.
        layout=ipywidgets.Layout(flex_flow="row wrap"),
    )
    policy_buttons.add_class("ie-control")
    policy_buttons.add_class("ie-needs-kernel")
    diameter = _slider(
        "abutment_diameter_mm", site.abutment_diameter_mm, "Abutment diameter (mm)", CONTROL_STEP_MM
    )
    mucosa = _slider(
        "mucosa_thickness_mm",
        site.mucosa_thickness_mm,
        "Gum (mucosa) thickness (mm)",
        CONTROL_STEP_MM,
    )
    closed_by = _slider(
        "surface_closed_by_h",
        site.surface_closed_by_h,
        "Surface closed by (h), a rule of thumb",
        CONTROL_STEP_H,
        digits=0,
    )

    def site_now() -> Tissue:
        return Tissue(
            abutment_diameter_mm=diameter.value,
            mucosa_thickness_mm=mucosa.value,
            surface_closed_by_h=closed_by.value,
        )

    def current_policy() -> Policy:
        return policies()[policy_buttons.value]

    def states() -> tuple[ClosureState, ...]:
        return trajectory(
            TIME_STEPS_H, reopen_after_h=current_policy().reopen_after_h, tissue=site_now()
        )

    first = states()
    frames = time.frames([frame_html(s) for s in first])
    markers = time.frames([curve_marker_svg(s) for s in first], css_class="ie-curve-markers")
    curve_html = ipywidgets.HTML(closure_curve(site_now(), chosen.reopen_after_h))
    curve_box = ipywidgets.Box([curve_html, markers])
    curve_box.add_class("ie-curve-box")
    curve_box.add_class("ie-figure")
    policy_note = ipywidgets.HTML(policy_html(chosen))
    status = ipywidgets.HTML()

    # What each setting's option would make of the site and the policy now.
    settings: dict[ipywidgets.Widget, Callable[[int, Tissue, Policy], tuple[Tissue, Policy]]] = {
        policy_buttons: lambda i, s, _p: (s, policies()[policy_buttons.options[i][1]]),
        diameter: lambda i, s, p: (replace(s, abutment_diameter_mm=diameter.options[i][1]), p),
        mucosa: lambda i, s, p: (replace(s, mucosa_thickness_mm=mucosa.options[i][1]), p),
        closed_by: lambda i, s, p: (replace(s, surface_closed_by_h=closed_by.options[i][1]), p),
    }
    previews = {
        control: preview(control, reach=len(control.options) if control is policy_buttons else 1)
        for control in settings
    }

    def ahead(control: ipywidgets.Widget) -> Callable[[int], str]:
        """The whole picture at each option of ``control``, at the time shown now."""
        site_then, policy_then = site_now(), current_policy()
        hours = TIME_STEPS_H[time.slider.index]
        change = settings[control]

        def render(index: int) -> str:
            other_site, other_policy = change(index, site_then, policy_then)
            (state,) = trajectory(
                [hours], reopen_after_h=other_policy.reopen_after_h, tissue=other_site
            )
            curve = closure_curve(other_site, other_policy.reopen_after_h)
            return preview_page(state, curve)

        return render

    def draw_ahead(moved: ipywidgets.Widget | None) -> None:
        # The moved setting's next steps now, as its next press may come at
        # once; the others were drawn for another site: empty until it rests.
        for control, pictures in previews.items():
            if control is moved:
                pictures.fill(ahead(control))
            else:
                pictures.fill_later(ahead(control))

    def redraw(*, curve: bool, markers_too: bool, moved: ipywidgets.Widget) -> Callable[[], None]:
        def run() -> None:
            now = states()
            time.redraw(frames, lambda i: frame_html(now[i]))
            if curve:
                curve_html.value = closure_curve(site_now(), current_policy().reopen_after_h)
            if markers_too:
                time.redraw(markers, lambda i: curve_marker_svg(now[i]))
            if moved is policy_buttons:
                policy_note.value = policy_html(current_policy())
            draw_ahead(moved)

        return run

    for control in (diameter, closed_by):
        control.observe(
            _guarded(redraw(curve=True, markers_too=True, moved=control), status), names="value"
        )
    # Gum thickness changes only the depth drawn in the cross-section and the
    # mouth view: the curve and its markers stay as they are. The policy moves
    # the stage and the curve's cut-off, not the gum, but the markers follow
    # it too: each names its stage, and draws the cut-off's words again where
    # its line crosses them.
    mucosa.observe(
        _guarded(redraw(curve=False, markers_too=False, moved=mucosa), status), names="value"
    )
    policy_buttons.observe(
        _guarded(redraw(curve=True, markers_too=True, moved=policy_buttons), status),
        names="value",
    )
    time.slider.observe(_guarded(lambda: draw_ahead(None), status), names="index")
    for control, pictures in previews.items():
        pictures.fill(ahead(control))

    offline = offline_note(
        "<p><i>The controls below need the running lesson (JupyterLab); here they show "
        "the default site.</i></p>"
    )
    root = ipywidgets.VBox(
        [
            ipywidgets.HTML(EXPLORER_CSS + PREVIEW_CSS),
            time.control,
            previewed([frames, curve_box], list(previews.values())),
            ipywidgets.HTML("<b>Change the clinic's policy and the site:</b>"),
            offline,
            policy_buttons,
            policy_note,
            diameter,
            mucosa,
            closed_by,
            status,
        ]
    )
    root.add_class("ie-view")
    return View(
        widget=root,
        description=(
            "Closure explorer: a time control over 21 moments from 0 s to 14 days shows the "
            "gum closing over the implant in a cross-section and as the patient sees it, a "
            "marker on the closure curve, and the stage with what the clinician does. Controls "
            "change the clinic's policy (12 h, 24 h or the next business day), the abutment "
            "diameter, the gum thickness and how soon the surface closes. A teaching model."
        ),
        controls={
            "time": time.slider,
            "time_picker": time.picker,
            "policy": policy_buttons,
            "abutment_diameter_mm": diameter,
            "mucosa_thickness_mm": mucosa,
            "surface_closed_by_h": closed_by,
            "frames": frames,
            "curve": curve_html,
            "markers": markers,
        },
    )


def timeline_snapshots(
    hours: tuple[float, ...] | list[float] = SNAPSHOT_HOURS,
    *,
    policy: str = "half_day",
    **tissue: float,
) -> HTML:
    """Static fallback: the frames at fixed times, in a wrapping row.

    Parameters
    ----------
    hours
        Times in hours, 0 to 1344 (default :data:`SNAPSHOT_HOURS`: 0 s, 1 h,
        3 h, 12 h, 48 h, 5 days); 1 to 12 of them.
    policy
        Clinic policy, ``"half_day"``, ``"day"`` or ``"next_business_day"``.
    **tissue
        ``abutment_diameter_mm``, ``mucosa_thickness_mm``,
        ``surface_closed_by_h`` (see ``Tissue``).

    Returns
    -------
    IPython.display.HTML
        The frames, each with its own text alternatives inside its pictures.
    """
    if isinstance(hours, str) or not isinstance(hours, (tuple, list)) or not 1 <= len(hours) <= 12:
        raise TypeError(f"hours must be a list or tuple of 1 to 12 numbers, got {hours!r:.80}")
    times = [check_number("hours", h, 0.0, HOURS_MAX) for h in hours]
    chosen = check_choice("policy", policy, policies())
    site = Tissue.from_keywords(**tissue)
    states = trajectory(times, reopen_after_h=chosen.reopen_after_h, tissue=site)
    cells = "".join(
        "<div style='flex:1 1 420px;max-width:640px;border:1px solid #767676;padding:4px'>"
        + frame_html(state, card=i == 0 or state.stage != states[i - 1].stage)
        + "</div>"
        for i, state in enumerate(states)
    )
    return HTML(
        svgs_as_imgs(
            "<div class='ie-snapshots' style='display:flex;flex-wrap:wrap;gap:8px'>"
            + cells
            + "</div>"
        )
    )


def before_it_came_out() -> HTML:
    """The site before the healing abutment came out, as the patient sees it (drawn once).

    At most 640 px wide: its 16-unit labels show at about 13 px, the size of
    the lesson's text, where 420 px made them about 8 px. Projector mode lets
    it grow to the lesson's width (class ``ie-capped-picture``); on a phone it
    keeps a readable width and scrolls sideways, as the explorer's pictures do
    (an ``ie-pictures`` box in an ``ie-frame``).
    """
    return HTML(
        svgs_as_imgs(
            "<div class='ie-frame'><div class='ie-pictures ie-capped-picture'"
            f" style='max-width:640px'><div>{mouth_view_before_svg(Tissue())}</div></div></div>"
        )
    )
