"""Triage explorer: "what fell out, and what now?", from what a student observes.

``triage_explorer()`` gives a control for every observation that
:func:`implant_edu.triage.identify` takes and shows its ranked candidates.
``triage_examples()`` shows worked examples as static HTML (the fallback for
printouts and exported pages). The ranking uses teaching weights, not
probabilities.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets
from IPython.display import HTML

from implant_edu.evidence import cite, load_yaml
from implant_edu.figures.time_axis import duration_label
from implant_edu.style import OKABE_ITO, STAGE_COLOURS
from implant_edu.triage import LENGTH_MM_RANGE, Candidate, identify
from implant_edu.widgets.layout import up_to
from implant_edu.widgets.view import View

YES_NO_FIELDS: dict[str, str] = {
    "threads_along_body": "Threads along the whole body?",
    "rounded_polished_top": "Short, rounded, polished top?",
    "coloured": "Coloured (anodised)?",
    "tooth_shaped": "Tooth-shaped?",
    "crown_was_on": "Was a crown or bridge already on?",
    "pain": "Does the site hurt?",
    "remaining_mobile": "Does what is left at the site move?",
}
"""The yes/no observations of ``identify`` and the question each control asks."""

ANSWERS: dict[str, bool | None] = {"yes": True, "no": False, "not seen": None}
"""Toggle labels and the value ``identify`` gets for each."""

TIME_STEPS_H: dict[str, float | None] = {
    "not known": None,
    **{
        duration_label(h): h
        for h in (0, 0.5, 1, 2, 4, 8, 12, 18, 24, 36, 48, 72, 120, 168, 336, 672, 1344)
    },
}
"""Choices of the time-since-loss slider, label to hours (all within 0 to 1344 h)."""

_LIKELIHOOD_COLOURS = {
    "most likely": OKABE_ITO["blue"],
    "possible": OKABE_ITO["orange"],
    "unlikely": OKABE_ITO["black"],
}


def _reasons_html(reasons: tuple[str, ...]) -> str:
    if not reasons:
        return "<li><i>no observation counted for or against it</i></li>"
    return "".join(f"<li>{escape(reason)}</li>" for reason in reasons)


def _candidate_html(rank: int, candidate: Candidate) -> str:
    colour = _LIKELIHOOD_COLOURS[candidate.likelihood]
    stage = ""
    if candidate.stage is not None:
        stage_colour = STAGE_COLOURS[candidate.stage.value]
        stage = (
            f"<br><span class='ie-stage' style='border-left:4px solid {stage_colour};"
            f"padding-left:0.4em'>Timeline stage: <b>{escape(candidate.stage.label)}</b> "
            f"(its start: {escape(candidate.stage.cutoff_grade.label)}; "
            f"{escape(cite(*(s.key for s in candidate.stage.cutoff_sources)).strip('()'))})"
            "</span>"
        )
    sources = candidate.part.action_sources
    cited = f" {escape(cite(*(s.key for s in sources)))}" if sources else ""
    return (
        f"<div style='border-left:6px solid {colour};padding:0.2em 0.6em;margin:0.4em 0'>"
        f"<b>{rank}. {escape(candidate.part.name)}</b>: {escape(candidate.likelihood)} "
        f"(teaching score {candidate.score:g})"
        f"<ul style='margin:0.2em 0'>{_reasons_html(candidate.reasons)}</ul>"
        f"<b>Urgency:</b> {escape(candidate.urgency)}<br>"
        f"<b>What happens:</b> {escape(candidate.action)}{cited}{stage}</div>"
    )


def ranking_html(candidates: tuple[Candidate, ...]) -> str:
    """The ranked candidates of :func:`implant_edu.triage.identify` as an HTML list."""
    return (
        "<div class='ie-triage-ranking'>"
        + "".join(_candidate_html(n, c) for n, c in enumerate(candidates, 1))
        + "<p style='font-size:90%'><i>Scores are teaching weights that rank the parts, "
        "not probabilities. Teaching material, not advice for a patient's own case.</i></p>"
        "</div>"
    )


def _observed_html(observed: dict[str, Any]) -> str:
    if not observed:
        return "nothing observed"
    words = []
    for name, value in observed.items():
        if name == "length_mm":
            words.append(f"length {value:g} mm")
        elif name == "hours_since_loss":
            words.append(f"out for {value:g} h")
        else:
            words.append(f"{YES_NO_FIELDS[name].rstrip('?').lower()}: {'yes' if value else 'no'}")
    return escape("; ".join(words))


def triage_explorer() -> View:
    """Controls for every observation, and the parts that fit, best first.

    Returns
    -------
    View
        Root ``VBox`` (class ``ie-view``). Controls by name: one ToggleButtons
        (yes / no / not seen) per yes/no observation (names as in
        :data:`YES_NO_FIELDS`), ``"length_seen"`` (Checkbox) and ``"length_mm"``
        (FloatSlider within ``LENGTH_MM_RANGE``), ``"hours_since_loss"``
        (SelectionSlider, first step "not known"), and ``"panel"`` (HTML, class
        ``ie-figure``), the ranking.
    """
    controls: dict[str, ipywidgets.Widget] = {}
    style = {"description_width": "16em"}
    for name, question in YES_NO_FIELDS.items():
        toggle = ipywidgets.ToggleButtons(
            options=list(ANSWERS),
            value="not seen",
            description=question,
            style={**style, "button_width": "6em"},
        )
        controls[name] = toggle
    low, high = LENGTH_MM_RANGE
    controls["length_seen"] = ipywidgets.Checkbox(
        value=False,
        description="I measured its length",
        indent=False,
        layout=ipywidgets.Layout(width="14em"),
    )
    controls["length_mm"] = ipywidgets.FloatSlider(
        value=4.0,
        min=low,
        max=high,
        step=0.5,
        description="Length (mm)",
        disabled=True,
        continuous_update=False,
        readout_format=".1f",
        style={"description_width": "7em"},
        layout=ipywidgets.Layout(width="30em"),
    )
    controls["hours_since_loss"] = ipywidgets.SelectionSlider(
        options=list(TIME_STEPS_H),
        value="not known",
        description="Time since it came out",
        continuous_update=False,
        style={"description_width": "12em"},
        layout=up_to("44em"),
    )
    for widget in controls.values():
        widget.add_class("ie-control")
    panel = ipywidgets.HTML()
    panel.add_class("ie-figure")
    summary = ipywidgets.HTML()

    def observed() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for name in YES_NO_FIELDS:
            value = ANSWERS[controls[name].value]
            if value is not None:
                seen[name] = value
        if controls["length_seen"].value:
            seen["length_mm"] = float(controls["length_mm"].value)
        hours = TIME_STEPS_H[controls["hours_since_loss"].value]
        if hours is not None:
            seen["hours_since_loss"] = hours
        return seen

    def update(_change: object = None) -> None:
        controls["length_mm"].disabled = not controls["length_seen"].value
        try:
            seen = observed()
            summary.value = f"<p><b>Observed:</b> {_observed_html(seen)}</p>"
            panel.value = ranking_html(identify(**seen))
        except Exception as error:  # keep tracebacks away from students
            panel.value = f"<p>Could not rank the parts: {escape(str(error))}</p>"

    for widget in controls.values():
        widget.observe(update, names="value")
    update()
    controls["panel"] = panel
    length_row = ipywidgets.HBox([controls["length_seen"], controls["length_mm"]])
    root = ipywidgets.VBox(
        [
            ipywidgets.HTML("<b>What did the patient or student see?</b>"),
            *(controls[name] for name in YES_NO_FIELDS),
            length_row,
            controls["hours_since_loss"],
            summary,
            panel,
        ]
    )
    root.add_class("ie-view")
    root.add_class("ie-triage-explorer")
    return View(
        widget=root,
        description=(
            "Triage explorer: answer yes / no / not seen for each observation, set the "
            "length and the time since the part came out, and read which parts fit, best "
            "first, with the reasons, the urgency and what the clinician does. Worked "
            "examples follow below it."
        ),
        controls=controls,
    )


def triage_examples() -> HTML:
    """Worked examples: a few observation sets and ``identify``'s ranking for each.

    The examples live in ``data/triage_examples.yaml``; static HTML, the
    fallback of :func:`triage_explorer` for printouts and exported pages.
    """
    blocks = []
    for number, example in enumerate(load_yaml("triage_examples.yaml"), 1):
        seen = dict(example["observed"])
        blocks.append(
            f"<div class='ie-triage-example'><h4>Example {number}: {escape(example['title'])}</h4>"
            f"<p>{escape(example['story'])}</p>"
            f"<p><b>Observed:</b> {_observed_html(seen)}</p>"
            f"{ranking_html(identify(**seen)[:3])}</div>"
        )
    return HTML(
        "<div class='ie-triage-examples'><p>Each example shows the three best-ranked "
        "parts.</p>" + "".join(blocks) + "</div>"
    )
