"""Getting back in: the numbing and re-opening table, and "what now?" by time.

``reopening_table()`` builds the comparison table from ``data/reopening.yaml``.
``reseat_or_reopen()`` lets a student choose how long the healing abutment has
been out and the clinic's re-opening cut-off, and shows the timeline stage and
what the clinician does then. The time steps are pre-rendered into a
``Stack`` linked to the slider in the browser, so moving the time needs no
kernel. ``stage_table()`` is its static fallback.
"""

from __future__ import annotations

from html import escape

import ipywidgets
from IPython.display import HTML

from implant_edu.evidence import cite
from implant_edu.figures.time_axis import duration_label
from implant_edu.reopening import Method, methods
from implant_edu.style import GRADE_COLOURS, STAGE_COLOURS
from implant_edu.timeline import (
    REOPEN_AFTER_H_DEFAULT,
    REOPEN_AFTER_H_OTHERS,
    Stage,
    stage_at,
)
from implant_edu.widgets.layout import up_to
from implant_edu.widgets.view import View

TIME_STEPS_H: dict[str, float] = {
    duration_label(h): h
    for h in (0.0, 1.0, 3.0, 6.0, 12.0, 18.0, 24.0, 36.0, 48.0, 72.0, 120.0, 336.0)
}
"""Steps of the time slider, label to hours since the healing abutment came out."""

CUTOFFS_H: dict[str, float] = {
    f"{REOPEN_AFTER_H_DEFAULT:g} h (Amin)": REOPEN_AFTER_H_DEFAULT,
    f"{REOPEN_AFTER_H_OTHERS:g} h (other clinics)": REOPEN_AFTER_H_OTHERS,
}
"""Re-opening cut-offs a student can choose (both rules of thumb)."""


_TD = " style='text-align:left;vertical-align:top'"


def _grade_html(method: Method) -> str:
    colour = GRADE_COLOURS[method.grade.value]
    cited = (
        escape(cite(*(s.key for s in method.sources)))
        if method.sources
        else "(no study named in our sources)"
    )
    return (
        f"<span style='border-left:4px solid {colour};padding-left:0.3em'>"
        f"<b>{escape(method.grade.label)}</b></span> {cited}"
    )


def reopening_table() -> HTML:
    """Numbing options and re-opening techniques side by side, with grades and sources."""
    head = "".join(
        f"<th style='text-align:left'>{h}</th>"
        for h in ("", "when", "for it", "watch out", "evidence")
    )
    rows = []
    for kind, title in (("anaesthesia", "Numbing"), ("methods", "Opening the gum again")):
        rows.append(f"<tr><th colspan='5' style='text-align:left'>{title}</th></tr>")
        rows.extend(
            f"<tr><td{_TD}><b>{escape(m.name)}</b></td><td{_TD}>{escape(m.when)}</td>"
            f"<td{_TD}>{escape(m.pro)}</td><td{_TD}>{escape(m.con)}</td>"
            f"<td{_TD}>{_grade_html(m)}</td></tr>"
            for m in methods()
            if m.kind == kind
        )
    return HTML(
        "<table class='ie-reopening-table'><thead><tr>"
        + head
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _stage_html(label: str, hours: float, cutoff_h: float) -> str:
    stage = stage_at(hours, cutoff_h)
    colour = STAGE_COLOURS[stage.value]
    sources = escape(cite(*(s.key for s in stage.cutoff_sources)))
    return (
        f"<div style='border-left:8px solid {colour};padding:0.3em 0.8em'>"
        f"<p><b>{escape(label)}</b> after the healing abutment came out, with a "
        f"{cutoff_h:g} h re-opening cut-off:</p>"
        f"<p class='ie-stage'><b>{escape(stage.label)}</b> (stage {stage.order + 1} of "
        f"{len(Stage)}; starts: {escape(stage.starts)})</p>"
        f"<p><b>What the clinician does:</b> {escape(stage.action)}</p>"
        f"<p><b>Numbing:</b> {escape(stage.anaesthesia)}. <b>Technique:</b> "
        f"{escape(stage.technique)}.</p>"
        f"<p style='font-size:90%'>Where this stage's start comes from: "
        f"<b>{escape(stage.cutoff_grade.label)}</b> {sources}. A teaching model, "
        "not a prediction for a patient.</p></div>"
    )


def reseat_or_reopen() -> View:
    """Choose the time since loss and the clinic's cut-off; read what the clinician does.

    Returns
    -------
    View
        Root ``VBox`` (class ``ie-view``). Controls: ``"hours"``
        (SelectionSlider, linked in the browser to the ``"panel"`` Stack,
        class ``ie-figure``) and ``"cutoff"`` (ToggleButtons, 12 h or 24 h);
        ``"link"`` is the browser-side link between slider and stack.
    """
    hours = ipywidgets.SelectionSlider(
        options=list(TIME_STEPS_H),
        value=duration_label(0.0),
        description="Time since it came out",
        style={"description_width": "initial"},
        layout=up_to("40em"),
    )
    cutoff = ipywidgets.ToggleButtons(
        options=list(CUTOFFS_H),
        value=next(iter(CUTOFFS_H)),
        description="Clinic's re-opening cut-off",
        style={"description_width": "initial", "button_width": "12em"},
        # On a phone the buttons go under their label instead of off the screen.
        layout=ipywidgets.Layout(flex_flow="row wrap"),
    )
    pages = [ipywidgets.HTML() for _ in TIME_STEPS_H]
    panel = ipywidgets.Stack(pages, selected_index=0)
    panel.add_class("ie-figure")
    for widget in (hours, cutoff):
        widget.add_class("ie-control")
    link = ipywidgets.jslink((hours, "index"), (panel, "selected_index"))

    def render(_change: object = None) -> None:
        cutoff_h = CUTOFFS_H[cutoff.value]
        for page, (label, h) in zip(pages, TIME_STEPS_H.items(), strict=True):
            page.value = _stage_html(label, h, cutoff_h)

    cutoff.observe(render, names="value")
    render()
    root = ipywidgets.VBox([hours, cutoff, panel])
    root.add_class("ie-view")
    return View(
        widget=root,
        description=(
            "Reseat or re-open: choose how long the healing abutment has been out and the "
            "clinic's re-opening cut-off (12 h or 24 h, both rules of thumb) and read the "
            "stage of the teaching timeline and what the clinician does. The same is "
            "tabulated below it."
        ),
        controls={"hours": hours, "cutoff": cutoff, "panel": panel, "link": link},
    )


def stage_table() -> HTML:
    """The stage at each time step under both cut-offs (static fallback of the explorer)."""
    head = "".join(f"<th>{escape(label)} cut-off</th>" for label in CUTOFFS_H)
    rows = []
    for label, h in TIME_STEPS_H.items():
        cells = "".join(
            f"<td{_TD}>{escape(stage_at(h, cutoff_h).label)}</td>"
            for cutoff_h in CUTOFFS_H.values()
        )
        rows.append(f"<tr><td{_TD}>{escape(label)}</td>{cells}</tr>")
    actions = "".join(
        f"<li><b>{escape(s.label)}</b>: {escape(s.action)} Numbing: {escape(s.anaesthesia)}.</li>"
        for s in Stage
    )
    return HTML(
        "<table class='ie-stage-table'><thead><tr><th>time since it came out</th>"
        + head
        + "</tr></thead><tbody>"
        + "".join(rows)
        + f"</tbody></table><ul>{actions}</ul>"
    )
