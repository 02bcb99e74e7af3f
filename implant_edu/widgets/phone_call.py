"""The phone-call practice station as a widget, and the triage card as static HTML.

``phone_call()`` wires buttons to the pure model in :mod:`implant_edu.phone_call`:
the caller speaks, the student asks, the caller answers, the student ends the
call with a decision and reads the rubric's feedback. ``triage_card()`` shows
the one-page phone-triage card (the static companion, also printed as a
handout). Teaching material, not advice for a patient's own case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets
from IPython.display import HTML

from implant_edu import phone_call as model
from implant_edu.style import OKABE_ITO
from implant_edu.widgets.layout import LONG_OPTIONS_CSS, long_options, up_to
from implant_edu.widgets.view import View, offline_note

_RIGHT = OKABE_ITO["bluish_green"]
_PART = OKABE_ITO["orange"]
_WRONG = OKABE_ITO["vermillion"]
_CALLER = OKABE_ITO["blue"]


def _stable_order(keys: list[str], salt: str) -> list[str]:
    """A fixed order that does not follow the data file (so safe advice is not
    always listed first), the same in every run (SHA-256 of salt and key)."""
    return sorted(keys, key=lambda k: hashlib.sha256(f"{salt}:{k}".encode()).hexdigest())


def _transcript_html(call: model.Call) -> str:
    lines = []
    for line in call.transcript:
        if line.speaker == "caller":
            who, style = "Caller", f"border-left:4px solid {_CALLER};padding-left:0.5em"
        else:
            who, style = "You", "padding-left:calc(0.5em + 4px);font-style:italic"
        lines.append(f"<p style='margin:0.25em 0;{style}'><b>{who}:</b> {escape(line.text)}</p>")
    return (
        "<div role='log' aria-live='polite' aria-label='The call so far' "
        "style='overflow-wrap:anywhere'>" + "".join(lines) + "</div>"
    )


def _ask_label(key: str, call: model.Call) -> str:
    """The button's label; a question already asked is ticked (in text, not colour)."""
    label = model.questions()[key].label
    return f"\u2713 {label}" if key in call.asked else label


def _briefing_html(call: model.Call) -> str:
    who = call.caller
    return (
        f"<p style='margin:0.3em 0'><b>{escape(who.title)}.</b> {escape(who.briefing)}<br>"
        f"<i>The clinic's rule ({escape(who.policy.grade.label)}): "
        f"{escape(who.policy.rule)}</i></p>"
    )


def _feedback_html(call: model.Call) -> str:
    if call.assessment is None:
        return (
            "<p><i>Ask what you need, choose what to tell the caller, how soon to come in "
            "and what will be done at the visit, then press End the call.</i></p>"
        )
    result = call.assessment
    items = []
    for criterion in result.criteria:
        colour = _RIGHT if criterion.points == 1 else _PART if criterion.points > 0 else _WRONG
        mark = "&#10004;" if criterion.points == 1 else "&#10008;"
        comments = "".join(f"<li>{escape(c)}</li>" for c in criterion.comments)
        items.append(
            f"<div style='border-left:6px solid {colour};padding:0.1em 0.6em;margin:0.3em 0'>"
            f"<b>{mark} {escape(criterion.name)}: {criterion.points:g} of 1 point</b>"
            f"<ul style='margin:0.2em 0;padding-left:1.2em'>{comments}</ul></div>"
        )
    return (
        "<div style='overflow-wrap:anywhere'>"
        f"<p><b>Score: {escape(result.summary)}.</b> Press Start again to try this caller "
        "again, or choose another caller.</p>"
        + "".join(items)
        + "<p style='font-size:90%'><i>Clinic practice, graded rule of thumb; timings from "
        "a teaching model. Teaching material, not advice for a patient's own case.</i></p>"
        "</div>"
    )


def _said_html(advice: list[str], urgency: str | None, visit: str | None) -> str:
    options = model.advice_options()
    said = "".join(f"<li>{escape(options[k].say)}</li>" for k in advice)
    told = " nothing yet<br>"
    if said:
        told = f"<ul style='margin:0.2em 0;padding-left:1.2em'>{said}</ul>"
    plan = escape(model.visits()[visit]) if visit is not None else "not chosen yet"
    soon = escape(model.urgencies()[urgency].label) if urgency is not None else "not chosen yet"
    return (
        "<div style='overflow-wrap:anywhere;font-size:95%'>"
        f"<b>You will tell the caller:</b>{told}<b>How soon:</b> {soon}<br>"
        f"<b>At the visit:</b> {plan}</div>"
    )


def phone_call(caller: str | None = None) -> View:
    """Practise the phone call "my implant fell out" with a scripted caller.

    Parameters
    ----------
    caller
        Key of the caller to start with (see
        :func:`implant_edu.phone_call.callers`); default the first.

    Returns
    -------
    View
        Root ``VBox`` (classes ``ie-view``, ``ie-phone-call``). Controls by
        name, with their CSS classes for browser tests (every control also
        carries ``ie-control``):

        - ``"caller"``: Dropdown of the callers (``ie-phone-caller``);
          choosing one starts its call.
        - ``"restart"``: Button, start this call again (``ie-phone-restart``).
        - ``"briefing"``: HTML, day, time and the clinic's policy
          (``ie-phone-briefing``).
        - ``"transcript"``: HTML, the call so far (``ie-figure``,
          ``ie-phone-transcript``; one ``<p>`` per line).
        - ``"ask:<question>"``: one Button per question (``ie-phone-ask`` and
          ``ie-phone-ask-<question>``, e.g. ``ie-phone-ask-have_the_part``);
          once asked, its label starts with a tick (U+2713).
        - ``"advice:<advice>"``: one Checkbox per thing to tell the caller
          (``ie-phone-advice`` and ``ie-phone-advice-<advice>``).
        - ``"urgency"``: RadioButtons, how soon to come in
          (``ie-phone-urgency``); values are urgency keys.
        - ``"visit"``: Dropdown, what will be done at the visit
          (``ie-phone-visit``); values are visit keys, ``None`` at first.
        - ``"said"``: HTML, the chosen advice and visit in full
          (``ie-phone-said``).
        - ``"decide"``: Button, end the call and score it (``ie-phone-decide``).
        - ``"feedback"``: HTML, the rubric's feedback (``ie-feedback``,
          ``ie-phone-feedback``); it starts with "Score:" once scored.

        After the call ends the ask buttons, the decision controls and
        ``decide`` are disabled until ``restart`` or another caller.
        Everything is reachable with Tab and works with Enter or Space.
    """
    callers = model.callers()
    first = caller if caller is not None else next(iter(callers))
    state: dict[str, model.Call] = {"call": model.start(first)}

    picker = ipywidgets.Dropdown(
        options=[(who.title, key) for key, who in callers.items()],
        value=first,
        description="Caller",
        style={"description_width": "initial"},
        layout=up_to("36em"),
    )
    picker.add_class("ie-phone-caller")
    restart = ipywidgets.Button(description="Start again", tooltip="Start this call again")
    restart.add_class("ie-phone-restart")
    briefing = ipywidgets.HTML()
    briefing.add_class("ie-phone-briefing")
    transcript = ipywidgets.HTML()
    transcript.add_class("ie-figure")
    transcript.add_class("ie-phone-transcript")

    asks: dict[str, ipywidgets.Button] = {}
    for key, question in model.questions().items():
        button = ipywidgets.Button(
            description=question.label,
            tooltip=question.ask,
            layout=ipywidgets.Layout(width="auto"),
        )
        button.add_class("ie-phone-ask")
        button.add_class(f"ie-phone-ask-{key}")
        asks[key] = button

    options = model.advice_options()
    ticks: dict[str, ipywidgets.Checkbox] = {}
    for key in _stable_order(list(options), "advice"):
        tick = ipywidgets.Checkbox(
            value=False,
            description=options[key].label,
            indent=False,
            layout=ipywidgets.Layout(width="auto", max_width="100%"),
        )
        tick.add_class("ie-phone-advice")
        tick.add_class(f"ie-phone-advice-{key}")
        ticks[key] = tick
    urgency = long_options(
        [(level.label, key) for key, level in model.urgencies().items()],
        description="How soon:",
    )
    urgency.add_class("ie-phone-urgency")
    visits = model.visits()
    # Radio buttons, not a drop-down: the visits differ late in long sentences,
    # which a closed drop-down cuts off.
    visit = long_options(
        [(visits[k], k) for k in _stable_order(list(visits), "visit")],
        description="At the visit:",
    )
    visit.add_class("ie-phone-visit")
    said = ipywidgets.HTML()
    said.add_class("ie-phone-said")
    said.add_class("ie-figure")
    decide = ipywidgets.Button(
        description="End the call",
        tooltip="End the call with this decision and read the feedback",
        button_style="primary",
    )
    decide.add_class("ie-phone-decide")
    feedback = ipywidgets.HTML()
    feedback.add_class("ie-feedback")
    feedback.add_class("ie-phone-feedback")

    deciding: list[ipywidgets.Widget] = [*asks.values(), *ticks.values(), urgency, visit, decide]
    for widget in [picker, restart, *deciding]:
        widget.add_class("ie-control")

    attempts = {"n": 1}

    def show() -> None:
        call = state["call"]
        again = (
            f"<p class='ie-phone-attempt'><i>Attempt {attempts['n']} at this call.</i></p>"
            if attempts["n"] > 1
            else ""
        )
        # The decision is locked before the score shows, not after it.
        for widget in deciding:
            widget.disabled = call.ended
        briefing.value = _briefing_html(call)
        transcript.value = again + _transcript_html(call)
        feedback.value = _feedback_html(call)
        for key, button in asks.items():
            button.description = _ask_label(key, call)

    def guarded(action: Callable[..., None]) -> Callable[..., None]:
        def run(*args: Any) -> None:
            try:
                action(*args)
            except Exception as error:  # keep tracebacks away from students
                feedback.value = f"<p>Something went wrong: {escape(str(error))}</p>"

        return run

    def reset_choices() -> None:
        for tick in ticks.values():
            tick.value = False
        urgency.value = None
        visit.value = None

    def begin(attempt: int) -> None:
        attempts["n"] = attempt
        state["call"] = model.start(picker.value)
        reset_choices()
        show()

    @guarded
    def on_caller(_change: object = None) -> None:
        begin(1)

    @guarded
    def on_restart(_button: object = None) -> None:
        # Says which attempt this is, so a student sees the call start afresh.
        begin(attempts["n"] + 1)

    def on_ask(key: str) -> Callable[[object], None]:
        @guarded
        def run(_button: object = None) -> None:
            state["call"] = model.ask(state["call"], key)
            transcript.value = _transcript_html(state["call"])
            asks[key].description = _ask_label(key, state["call"])

        return run

    @guarded
    def on_choice(_change: object = None) -> None:
        chosen = [key for key in options if ticks[key].value]
        said.value = _said_html(chosen, urgency.value, visit.value)

    @guarded
    def on_decide(_button: object = None) -> None:
        chosen = [key for key, tick in ticks.items() if tick.value]
        state["call"] = model.decide(
            state["call"], advice=chosen, urgency=urgency.value, visit=visit.value
        )
        show()

    picker.observe(on_caller, names="value")
    restart.on_click(on_restart)
    for key, button in asks.items():
        button.on_click(on_ask(key))
    for tick in ticks.values():
        tick.observe(on_choice, names="value")
    visit.observe(on_choice, names="value")
    urgency.observe(on_choice, names="value")
    decide.on_click(on_decide)
    show()
    on_choice()

    wrap = ipywidgets.Layout(flex_flow="row wrap", width="auto")
    heading = "<p style='margin:0.6em 0 0.2em 0'><b>{}</b></p>".format
    offline = offline_note(
        "<p><i>The buttons and choices of the call need the running lesson (JupyterLab); "
        "on paper you can read the first caller's briefing and plan what you would "
        "ask.</i></p>"
    )
    root = ipywidgets.VBox(
        [
            ipywidgets.HTML(LONG_OPTIONS_CSS),
            offline,
            ipywidgets.HBox([picker, restart], layout=wrap),
            briefing,
            transcript,
            ipywidgets.HTML(heading("Ask the caller (Tab to a question, Enter to ask):")),
            ipywidgets.HBox(list(asks.values()), layout=wrap),
            ipywidgets.HTML(heading("End the call: what do you tell the caller?")),
            ipywidgets.VBox(list(ticks.values())),
            urgency,
            visit,
            said,
            decide,
            feedback,
        ]
    )
    root.add_class("ie-view")
    root.add_class("ie-phone-call")
    controls: dict[str, ipywidgets.Widget] = {
        "caller": picker,
        "restart": restart,
        "briefing": briefing,
        "transcript": transcript,
        **{f"ask:{key}": button for key, button in asks.items()},
        **{f"advice:{key}": tick for key, tick in ticks.items()},
        "urgency": urgency,
        "visit": visit,
        "said": said,
        "decide": decide,
        "feedback": feedback,
    }
    return View(
        widget=root,
        description=(
            f"Phone-call practice with {len(callers)} scripted callers: the caller says what "
            "happened; ask questions with the buttons, choose what to tell the caller, how "
            "soon to come in and what will be done at the visit, then end the call for "
            "feedback on a five-point rubric. Teaching material, not advice for a patient."
        ),
        controls=controls,
    )


def triage_card() -> HTML:
    """The one-page phone-triage card as static HTML (inline styles, no external URLs).

    The same card as :func:`implant_edu.phone_call.triage_card_html`, the
    printed handout.
    """
    return HTML(model.triage_card_body())
