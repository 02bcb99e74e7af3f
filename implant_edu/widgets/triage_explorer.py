"""Triage explorer: "is it more than a lost cap, what fell out, and how soon?".

``triage_explorer()`` gives a control for every observation that
:func:`implant_edu.triage.triage` takes: the phone questions and their red
flags first, then the part in hand, its length and the time since it came out.
It opens with a short prompt; once something is answered it shows the red
flags raised (most urgent first, prominently), the phone questions still to
ask the same day, and the parts that fit, best first, each urgency with its
evidence grade. ``triage_examples()`` shows worked examples as static HTML
(the fallback for printouts and exported pages). The ranking uses teaching
weights, not probabilities.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets
from IPython.display import HTML

from implant_edu.evidence import Grade, Source, cite, load_yaml
from implant_edu.figures.part_drawings import part_thumbnail_img
from implant_edu.figures.time_axis import duration_label
from implant_edu.html import grade_badge
from implant_edu.parts import OBSERVATION_FIELDS
from implant_edu.style import OKABE_ITO, STAGE_COLOURS
from implant_edu.timeline import HOURS_MAX
from implant_edu.triage import (
    LENGTH_MM_RANGE,
    Candidate,
    RedFlag,
    Triage,
    Urgency,
    meanwhile_advice,
    phone_questions,
    red_flag_catalogue,
    triage,
)
from implant_edu.widgets.stepper import stepper
from implant_edu.widgets.view import View, offline_note

PHONE_FIELDS: dict[str, str] = {
    q.observation: q.short for q in phone_questions() if q.observation != "hours_since_loss"
}
"""The yes/no phone questions (red flags and the site), asked first, in order."""

PART_FIELDS: dict[str, str] = {
    "threads_along_body": "Threads along the whole body?",
    "rounded_polished_top": "Short, rounded, polished top?",
    "coloured": "Coloured (anodised)?",
    "tooth_shaped": "Tooth-shaped?",
}
"""The yes/no observations of the part in hand and the question each control asks."""

YES_NO_FIELDS: dict[str, str] = {**PHONE_FIELDS, **PART_FIELDS}
"""Every yes/no observation of ``triage`` and the question its control asks."""

PHONE_ANSWERS: dict[str, bool | None] = {"yes": True, "no": False, "not asked": None}
"""Toggle labels of a phone question and the value ``triage`` gets for each."""

PART_ANSWERS: dict[str, bool | None] = {"yes": True, "no": False, "not seen": None}
"""Toggle labels of an observation of the part and the value ``triage`` gets."""

LENGTH_KINDS: dict[str, str | None] = {
    "not measured": None,
    "the whole part": "length_mm",
    "the cap without its stem": "cap_height_mm",
}
"""What the length slider measured, and the observation it sets: a whole
healing abutment includes its thin screw stem, the cap alone does not."""

TIME_STEPS_H: dict[str, float | None] = {
    "not known": None,
    **{
        duration_label(h): h
        for h in (0, 0.5, 1, 2, 4, 8, 12, 18, 24, 36, 48, 72, 120, 168, 336, 672, 1344)
        if h <= HOURS_MAX  # every step is a time the timeline accepts
    },
}
"""Choices of the time-since-loss slider, label to hours (all within the timeline's range)."""

_IDENTIFYING = frozenset({*OBSERVATION_FIELDS, "hours_since_loss"})
"""Observations that say something about which part it is (or its stage)."""

_LIKELIHOOD_COLOURS = {
    "most likely": "#1F3A5F",
    "possible": "#6B6B6B",
    "unlikely": "#8A8A8A",
}
"""Bar beside a part's card: dark to light greys, so that no card borrows the
blue or orange of an evidence grade (``style.GRADE_COLOURS``); each keeps at
least 3:1 against white."""

_SHOWN_CANDIDATES = 3
"""Parts shown in full; the rest are counted in one line."""


def _cited(sources: tuple[Source, ...]) -> str:
    return f" {escape(cite(*(s.key for s in sources)))}" if sources else ""


def urgency_html(urgency: Urgency, heading: str = "How soon") -> str:
    """How soon and its grade on one line; why (with sources) on the next.

    On one line the reason ran on from the grade's words ("rule of thumb Why:
    The time ...") as if both were one sentence.
    """
    why = f"<br><i>Why:</i> {escape(urgency.why)}" if urgency.why else ""
    return (
        f"<b>{escape(heading)}:</b> {escape(urgency.label)} {grade_badge(urgency.grade)}"
        f"{why}{_cited(urgency.sources)}"
    )


def _red_flag_html(flag: RedFlag) -> str:
    return (
        f"<li style='margin:0.3em 0'><b>{escape(flag.title)}</b>: "
        f"{escape(flag.what_to_do)}{_cited(flag.sources)} {grade_badge(flag.grade)}<br>"
        f"<b>How soon:</b> {escape(flag.urgency.label)} {grade_badge(flag.urgency.grade)}</li>"
    )


def red_flags_html(flags: tuple[RedFlag, ...]) -> str:
    """The red flags raised, most urgent first, in a box that stands out."""
    if not flags:
        return ""
    colour = OKABE_ITO["vermillion"]
    return (
        f"<div class='ie-red-flags' role='alert' style='border:3px solid {colour};"
        "border-radius:4px;padding:0.3em 0.8em;margin:0.4em 0'>"
        # the colour is on the thick border; the words stay black for contrast
        "<b>&#9888; Red flags: more than a lost healing abutment</b>"
        f"<ul style='margin:0.2em 0;padding-left:1.2em'>"
        + "".join(_red_flag_html(flag) for flag in flags)
        + "</ul></div>"
    )


def phone_checklist() -> HTML:
    """The phone questions, every red flag and what the patient is told meanwhile.

    Static HTML from ``data/triage.yaml`` (the model the triage explorer and
    the phone-call station use): the questions in the order they are asked,
    each red flag with what it means and what to do, its grade and sources
    and how soon, then the advice meant for the meanwhile, with its grade
    (rule of thumb). For a lesson cell, instead of a retyped list.
    """
    questions = "".join(f"<li>{escape(q.question)}</li>" for q in phone_questions())
    flags = "".join(_red_flag_html(flag) for flag in red_flag_catalogue().values())
    meanwhile = "".join(f"<li>{escape(line)}</li>" for line in meanwhile_advice().values())
    return HTML(
        "<div class='ie-phone-checklist'>"
        "<p><b>Ask, the same day, most urgent first</b></p>"
        f"<ol style='margin:0.2em 0'>{questions}</ol>"
        "<p><b>Red flags: more than a lost healing abutment</b></p>"
        f"<ul style='margin:0.2em 0;padding-left:1.2em'>{flags}</ul>"
        f"<p><b>Meanwhile, the patient is told</b> {grade_badge(Grade.RULE_OF_THUMB)}</p>"
        f"<ul style='margin:0.2em 0'>{meanwhile}</ul></div>"
    )


def _reasons_html(reasons: tuple[str, ...]) -> str:
    if not reasons:
        # The order without clues is the parts' prior: clinicians' experience
        # that it is nearly always the healing abutment, no counted frequency.
        return (
            "<li><i>no answer speaks for or against it: placed by how often it is usually "
            f"the part that comes out</i> {grade_badge(Grade.RULE_OF_THUMB)} "
            "(no study gives the numbers)</li>"
        )
    return "".join(f"<li>{escape(reason)}</li>" for reason in reasons)


def _candidate_html(rank: int, candidate: Candidate) -> str:
    colour = _LIKELIHOOD_COLOURS[candidate.likelihood]
    stage = ""
    if candidate.stage is not None:
        stage_colour = STAGE_COLOURS.get(candidate.stage.value, OKABE_ITO["black"])
        stage = (
            f"<br><span class='ie-stage' style='border-left:4px solid {stage_colour};"
            f"padding-left:0.4em'>Timeline stage: <b>{escape(candidate.stage.label)}</b> "
            f"(its start: {grade_badge(candidate.stage.cutoff_grade)})</span>"
        )
    # The small drawing beside the name, as an <img> (the same HTML is the
    # static fallback of triage_examples, shown before a notebook is trusted).
    return (
        f"<div class='ie-triage-candidate' data-part='{escape(candidate.part.key)}' "
        f"style='border-left:6px solid {colour};padding:0.2em 0.6em;margin:0.4em 0;"
        "display:flex;flex-wrap:wrap;gap:0.2em 0.8em;align-items:flex-start'>"
        "<div class='ie-triage-thumbnail' style='flex:0 0 auto'>"
        f"{part_thumbnail_img(candidate.part.key)}</div>"
        "<div style='flex:1 1 20em;min-width:0'>"
        f"<b>{rank}. {escape(candidate.part.name)}</b>: {escape(candidate.likelihood)} "
        f"(teaching score {candidate.score:g})"
        f"<ul style='margin:0.2em 0'>{_reasons_html(candidate.reasons)}</ul>"
        f"{urgency_html(candidate.urgency)}<br>"
        f"<b>What happens:</b> {escape(candidate.action)}"
        f"{_cited(candidate.part.action_sources)}{stage}</div></div>"
    )


_FOOTNOTE = (
    "<p style='font-size:90%'><i>Scores are teaching weights that rank the parts, "
    "not probabilities. Teaching material, not advice for a patient's own case.</i></p>"
)


def ranking_html(candidates: tuple[Candidate, ...]) -> str:
    """Ranked candidates of :func:`implant_edu.triage.identify` as an HTML list."""
    return (
        "<div class='ie-triage-ranking'>"
        + "".join(_candidate_html(n, c) for n, c in enumerate(candidates, 1))
        + _FOOTNOTE
        + "</div>"
    )


PROMPT_HTML = (
    "<div class='ie-triage-prompt'><p><b>Start with the phone questions above</b>, "
    "most urgent first: is anyone choking, does the patient have the part, did they "
    "cough or choke? Then describe the part and when it came out. The red flags, the "
    "parts that fit and how soon to act appear here.</p>"
    "<p style='font-size:90%'><i>With nothing observed: during healing, what comes "
    'out is almost always the healing abutment (Amin, "My Implant Fell Out!"). '
    "Teaching material, not advice for a patient's own case.</i></p></div>"
)
"""What the explorer shows before anything is answered."""


FLAGS_FIRST = (
    "<b>The red flags above come first.</b> What happens with each part below "
    "follows only once they are dealt with: an implant that moves or hurts is "
    "checked before anything is put back on it."
)
"""Said above the parts whenever a red flag is raised: a part's usual plan ("put
back under numbing") must not read as advice beside a failing implant."""


def triage_html(result: Triage, *, shown: int = _SHOWN_CANDIDATES) -> str:
    """The whole answer of :func:`implant_edu.triage.triage` as HTML.

    Red flags first (prominent), then the overall urgency with its grade, the
    phone questions still to ask the same day, and the ``shown`` best parts
    (only once something about the part or the time is known).
    """
    given = result.observation.given()
    if not given:
        return PROMPT_HTML
    parts = [red_flags_html(result.red_flags)]
    overall = urgency_html(result.urgency, "Overall, how soon")
    parts.append(f"<p class='ie-triage-urgency'>{overall}</p>")
    if result.still_to_ask:
        asks = "".join(f"<li>{escape(q.question)}</li>" for q in result.still_to_ask)
        parts.append(
            "<details class='ie-still-to-ask'><summary><b>Still to ask today</b> "
            f"({len(result.still_to_ask)} questions; whatever the time since loss, "
            "the phone questions and their red flags are the same day)</summary>"
            f"<ul style='margin:0.2em 0'>{asks}</ul></details>"
        )
    if _IDENTIFYING & set(given):
        best = result.candidates[:shown]
        more = len(result.candidates) - len(best)
        if result.red_flags:
            parts.append(f"<p class='ie-flags-first'>{FLAGS_FIRST}</p>")
        parts.append(ranking_html(best))
        if more:
            parts.append(f"<p style='font-size:90%'>{more} more part(s) with a lower score.</p>")
    else:
        parts.append(
            "<p class='ie-triage-prompt'>Describe the part, or the time since it came out, "
            "to rank which part it is.</p>" + _FOOTNOTE
        )
    meanwhile = "".join(f"<li>{escape(line)}</li>" for line in result.meanwhile)
    parts.append(
        "<details class='ie-meanwhile'><summary>What the patient is told meanwhile "
        f"{grade_badge(result.meanwhile_grade)}</summary>"
        f"<ul style='margin:0.2em 0'>{meanwhile}</ul></details>"
    )
    return "<div class='ie-triage'>" + "".join(parts) + "</div>"


def _observed_html(observed: dict[str, Any]) -> str:
    if not observed:
        return "nothing observed"
    words = []
    for name, value in observed.items():
        if name == "length_mm":
            words.append(f"whole length {value:g} mm")
        elif name == "cap_height_mm":
            words.append(f"cap without its stem {value:g} mm")
        elif name == "hours_since_loss":
            words.append(f"out for {value:g} h")
        else:
            question = YES_NO_FIELDS.get(name, name.replace("_", " "))
            words.append(f"{question.rstrip('?').lower()}: {'yes' if value else 'no'}")
    return escape("; ".join(words))


QUESTIONS_CSS = """<style>
/* implant_edu triage explorer: each question above its three buttons, the
   questions side by side as the width allows (one column on a phone), so the
   answer below comes into sight; in one column of sixteen rows it sat a
   screen below the first question. */
.ie-questions { display: grid; grid-template-columns: repeat(auto-fill, minmax(21em, 1fr));
  gap: 0.1em 1.5em; max-width: 100%; }
.ie-question { flex-wrap: wrap !important; width: auto !important; margin: 0.2em 0; }
.ie-question > .widget-label { flex: 1 0 100%; max-width: 100%; text-align: left; }
/* Left as it is ("not asked", "not seen", "not measured"), a question's chosen
   button is drawn outlined, not filled: sixteen dark buttons made the least
   useful answer the loudest; a real answer stays dark (course.css). Still
   unmistakable: a 2 px dark outline and the yellow bar against the unchosen
   grey buttons. */
.ie-view .ie-question .widget-toggle-button.mod-active:last-child,
.ie-view .ie-blank-first .widget-toggle-button.mod-active:first-child {
  background-color: #ffffff !important;
  color: #1f3a5f !important;
  box-shadow: inset 0 0 0 2px #1f3a5f, inset 0 -4px 0 #f0e442 !important;
}
</style>"""
"""Style of the explorer's yes / no / not-asked questions (an HTML widget in the view)."""


def _toggle(question: str, answers: dict[str, bool | None], blank: str) -> ipywidgets.Widget:
    # The blank answer comes last: QUESTIONS_CSS draws it outlined when chosen.
    if list(answers)[-1] != blank:
        raise ValueError(f"blank must be the last answer, got {blank!r} in {list(answers)}")
    toggle = ipywidgets.ToggleButtons(
        options=list(answers),
        value=blank,
        description=question,
        style={"description_width": "initial", "button_width": "6.5em"},
        layout=ipywidgets.Layout(width="auto"),
    )
    toggle.add_class("ie-question")
    return toggle


def _questions(toggles: list[ipywidgets.Widget]) -> ipywidgets.Box:
    box = ipywidgets.Box(toggles)
    box.add_class("ie-questions")
    return box


def triage_explorer() -> View:
    """Controls for every observation; red flags first, then the parts that fit.

    Returns
    -------
    View
        Root ``VBox`` (class ``ie-view``). Controls by name: one ToggleButtons
        per yes/no observation (names as in :data:`YES_NO_FIELDS`; phone
        questions answer yes / no / not asked, the part yes / no / not seen),
        ``"length_measured"`` (ToggleButtons, :data:`LENGTH_KINDS`) and
        ``"length_mm"`` (FloatSlider within ``LENGTH_MM_RANGE``, enabled once
        something was measured), ``"hours_since_loss"`` (SelectionSlider over
        :data:`TIME_STEPS_H`, first step "not known") and ``"hours_picker"``
        (its drop-down, linked in the page), ``"summary"`` (HTML,
        what was observed) and ``"panel"`` (HTML, class ``ie-figure``): a
        short prompt until something is answered, then the answer. Every
        control only offers valid values, and the callback shows a short
        message instead of a traceback if anything fails.
    """
    controls: dict[str, ipywidgets.Widget] = {}
    # Numbered: in a grid the order of asking (most urgent first) reads across
    # the rows, and a number says so wherever the eye starts.
    for number, (name, question) in enumerate(PHONE_FIELDS.items(), 1):
        controls[name] = _toggle(f"{number}. {question}", PHONE_ANSWERS, "not asked")
    for name, question in PART_FIELDS.items():
        controls[name] = _toggle(question, PART_ANSWERS, "not seen")
    low, high = LENGTH_MM_RANGE
    controls["length_measured"] = ipywidgets.ToggleButtons(
        options=list(LENGTH_KINDS),
        value="not measured",
        description="I measured",
        style={"description_width": "7em", "button_width": "auto"},
        layout=ipywidgets.Layout(width="auto", flex_flow="row wrap"),
    )
    # Its blank answer ("not measured") comes first: QUESTIONS_CSS outlines it.
    controls["length_measured"].add_class("ie-blank-first")
    controls["length_mm"] = ipywidgets.FloatSlider(
        value=4.0,
        min=low,
        max=high,
        step=0.5,
        description="Length (mm)",
        disabled=True,
        readout=False,
        continuous_update=False,
        readout_format=".1f",
        style={"description_width": "7em"},
        # In a row, a slider of width "auto" shrinks to nothing: let it grow.
        layout=ipywidgets.Layout(flex="1 1 18em", max_width="30em"),
    )
    # The one stepper's slider and drop-down (a second, large target on a
    # phone), linked in the page; here each step re-runs the triage in Python.
    time = stepper(list(TIME_STEPS_H), description="Time since it came out", width="44em")
    time.slider.continuous_update = False
    # In the stepper's row, a slider of width "auto" shrinks to nothing: let it grow.
    time.slider.layout.flex = "1 1 24em"
    controls["hours_since_loss"] = time.slider
    controls["hours_picker"] = time.picker
    for widget in controls.values():
        widget.add_class("ie-control")
    panel = ipywidgets.HTML(PROMPT_HTML)
    panel.add_class("ie-figure")
    summary = ipywidgets.HTML()

    def observed() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for name in PHONE_FIELDS:
            value = PHONE_ANSWERS[controls[name].value]
            if value is not None:
                seen[name] = value
        for name in PART_FIELDS:
            value = PART_ANSWERS[controls[name].value]
            if value is not None:
                seen[name] = value
        kind = LENGTH_KINDS[controls["length_measured"].value]
        if kind is not None:
            seen[kind] = float(controls["length_mm"].value)
        hours = TIME_STEPS_H[controls["hours_since_loss"].value]
        if hours is not None:
            seen["hours_since_loss"] = hours
        return seen

    def update(_change: object = None) -> None:
        try:
            unmeasured = LENGTH_KINDS[controls["length_measured"].value] is None
            controls["length_mm"].disabled = unmeasured
            # A number beside an unmeasured length reads as a measurement.
            controls["length_mm"].readout = not unmeasured
            seen = observed()
            summary.value = f"<p><b>Observed:</b> {_observed_html(seen)}</p>"
            panel.value = triage_html(triage(**seen))
        except Exception as error:  # keep tracebacks away from students
            panel.value = (
                "<p class='ie-error'>Could not triage these answers: "
                f"{escape(str(error)[:300])}</p>"
            )

    for widget in controls.values():
        widget.observe(update, names="value")
    update()
    controls["summary"] = summary
    controls["panel"] = panel
    length_row = ipywidgets.HBox(
        [controls["length_measured"], controls["length_mm"]],
        layout=ipywidgets.Layout(flex_flow="row wrap"),
    )
    offline = offline_note(
        "<p><i>The questions below need the running lesson (JupyterLab); on paper, "
        "read the worked examples after them.</i></p>"
    )
    # The time control is one of the questions here: it does not stick to the
    # top of the screen as a stepped picture's does (course.css).
    time_row = time.control
    time_row.add_class("ie-stepper-in-form")
    root = ipywidgets.VBox(
        [
            ipywidgets.HTML(QUESTIONS_CSS),
            offline,
            ipywidgets.HTML("<b>On the phone, first: red flags and the site</b>"),
            _questions([controls[name] for name in PHONE_FIELDS]),
            ipywidgets.HTML("<b>The part, if the patient has it</b>"),
            _questions([controls[name] for name in PART_FIELDS]),
            length_row,
            time_row,
            summary,
            panel,
        ]
    )
    root.add_class("ie-view")
    root.add_class("ie-triage-explorer")
    return View(
        widget=root,
        description=(
            "Triage explorer: answer the phone questions (red flags first) and describe "
            "the part: yes / no / not asked or not seen for each, its length (the whole "
            "part or the cap without its stem) and the time since it came out. It opens "
            "with a short prompt, then shows the red flags raised, how soon to act with its "
            "evidence grade, and which parts fit, best first, with the reasons and what "
            "the clinician does. Worked examples follow below it."
        ),
        controls=controls,
    )


def triage_examples() -> HTML:
    """Worked examples: a few observation sets and the triage of each.

    The examples live in ``data/triage_examples.yaml``; static HTML, the
    fallback of :func:`triage_explorer` for printouts and exported pages.
    """
    blocks = []
    for number, example in enumerate(load_yaml("triage_examples.yaml"), 1):
        seen = dict(example["observed"])
        blocks.append(
            f"<div class='ie-triage-example'><h3>Example {number}: {escape(example['title'])}</h3>"
            f"<p>{escape(example['story'])}</p>"
            f"<p><b>Observed:</b> {_observed_html(seen)}</p>"
            f"{triage_html(triage(**seen))}</div>"
        )
    return HTML(
        "<div class='ie-triage-examples'><p>Each example shows the red flags raised, how "
        "soon to act, and the three best-ranked parts.</p>" + "".join(blocks) + "</div>"
    )
