"""Getting back in: the numbing and re-opening table, and "what now?" by time.

``reopening_table()`` builds the comparison table from ``data/reopening.yaml``.
``reseat_or_reopen()`` lets a student choose how long the healing abutment has
been out and shows, for the three clinic policies side by side, what the
caller is told and the timeline stage with what the clinician does. It uses
the one stepper (:mod:`implant_edu.widgets.stepper`), so moving the time needs
no kernel. ``stage_table()`` is its static fallback.
"""

from __future__ import annotations

from html import escape

import ipywidgets
from IPython.display import HTML

from implant_edu.evidence import cite
from implant_edu.figures.time_axis import duration_label
from implant_edu.html import grade_badge, stage_card, stage_line, time_heading
from implant_edu.reopening import Method, methods
from implant_edu.timeline import Policy, Stage, policies, stage_at
from implant_edu.widgets.stepper import stepper
from implant_edu.widgets.view import View

TIME_STEPS_H: dict[str, float] = {
    duration_label(h): h
    for h in (0.0, 1.0, 3.0, 6.0, 12.0, 18.0, 24.0, 36.0, 48.0, 72.0, 120.0, 336.0)
}
"""Steps of the time slider, label to hours since the healing abutment came out."""

_TD = " style='text-align:left;vertical-align:top'"

POLICIES_DIFFER = (
    "Where the policies give different stages, the clinics' cut-offs differ, not the gum: "
    "each cut-off is a rule of thumb (the article says about half a day, other clinics "
    "24 hours). A clinic that still reseats numbs first, and opens the gum if the "
    "abutment will not seat."
)
"""Said wherever the three policies disagree on the stage (brief section 4)."""


def _grade_html(method: Method) -> str:
    cited = escape(cite(*(s.key for s in method.sources))) if method.sources else "(no study known)"
    return f"{grade_badge(method.grade)} {cited}"


def reopening_table() -> HTML:
    """Numbing options and re-opening techniques side by side, with grades and sources."""
    head = "".join(
        f"<th scope='col' style='text-align:left'>{h}</th>"
        for h in ("option", "when", "for it", "watch out", "evidence")
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


def policy_column_html(chosen: Policy, hours: float) -> str:
    """One clinic policy at one time since loss: what the caller hears, what
    the clinic does at the visit, and the stage it would plan were the patient
    in the chair now. The next-business-day clinic sees them later, so its
    column says what that later visit usually brings, and the stage line says
    plainly that it is hypothetical ("if in the chair now"): read as "if seen
    now", it seemed to contradict the visit. The gum is the same under every
    policy, the plan is not (what the stage means is said once, under the
    columns)."""
    stage = stage_at(hours, chosen.reopen_after_h)
    return (
        "<div class='ie-policy-column' style='flex:1 1 260px;min-width:0;"
        "border:1px solid #767676;padding:0.3em 0.6em'>"
        f"<p style='margin:0.2em 0'><b>Policy: {escape(chosen.label)}</b> "
        f"{grade_badge(chosen.grade)}</p>"
        f"<p style='margin:0.2em 0'><b>On the phone:</b> {escape(chosen.caller_told)}</p>"
        f"<p style='margin:0.2em 0'><b>At the visit:</b> {escape(chosen.at_visit)}</p>"
        + stage_line(stage, heading="If in the chair now, this clinic would plan")
        + "</div>"
    )


def _frame(hours: float) -> str:
    chosen = list(policies().values())
    columns = "".join(policy_column_html(p, hours) for p in chosen)
    # Each stage the policies are in, once, in the order of the stages.
    stages = sorted({stage_at(hours, p.reopen_after_h) for p in chosen}, key=lambda s: s.order)
    cards = "".join(stage_card(s, heading="Stage", stage_count=False) for s in stages)
    which = "each stage" if len(stages) > 1 else "the stage"
    differ = (
        f"<p class='ie-policies-differ' style='margin:0.4em 0'>{escape(POLICIES_DIFFER)}</p>"
        if len(stages) > 1
        else ""
    )
    return (
        f"<div class='ie-frame'><p class='ie-time' style='font-size:1.15em;margin:0.3em 0'>"
        f"<b>{escape(time_heading(hours))}</b>: the three clinic policies side by side. "
        "The gum is the same in all three; only the plan differs.</p>"
        f"<div style='display:flex;flex-wrap:wrap;gap:8px'>{columns}</div>"
        f"{differ}"
        f"<p style='margin:0.5em 0 0.1em'><b>What {which} means at the chair:</b></p>"
        f"{cards}"
        "<p style='font-size:90%;margin:0.3em 0'>Whatever the policy, the phone call and its "
        "red flags happen the same day, and a fresh surgical site is seen well before "
        "72 h. A teaching model, not advice for a patient's own case.</p></div>"
    )


def reseat_or_reopen() -> View:
    """Choose how long the healing abutment has been out; compare the three policies.

    Every time step is drawn in advance and switched in the page, so the whole
    view works without a kernel (also in the offline handouts).

    Returns
    -------
    View
        Root ``VBox`` (class ``ie-view``). Controls: ``"hours"`` (the stepper's
        slider, class ``ie-control``), ``"hours_picker"`` (its drop-down) and
        ``"panel"`` (the ``Stack`` of frames, class ``ie-figure``).
    """
    hours = stepper(list(TIME_STEPS_H), description="Time since it came out", width="40em")
    panel = hours.frames([_frame(h) for h in TIME_STEPS_H.values()])
    root = ipywidgets.VBox([hours.control, panel])
    root.add_class("ie-view")
    return View(
        widget=root,
        description=(
            "Reseat or re-open: choose how long the healing abutment has been out and read, "
            "side by side for the three clinic policies (about half a day, 24 hours, the next "
            "business day; all rules of thumb), what the caller is told and the stage of the "
            "teaching timeline with what the clinician does. The same is tabulated below it."
        ),
        controls={"hours": hours.slider, "hours_picker": hours.picker, "panel": panel},
    )


def stage_table() -> HTML:
    """The stage at each time step under each policy (static fallback of the view)."""
    chosen = list(policies().values())
    head = "".join(f"<th scope='col'>{escape(p.label)}</th>" for p in chosen)
    rows = []
    for label, h in TIME_STEPS_H.items():
        cells = "".join(
            f"<td{_TD}>{escape(stage_at(h, p.reopen_after_h).label)}</td>" for p in chosen
        )
        rows.append(f"<tr><th scope='row'{_TD}>{escape(label)}</th>{cells}</tr>")
    actions = "".join(
        f"<li><b>{escape(s.label)}</b>: {escape(s.action)} Numbing: {escape(s.anaesthesia)}.</li>"
        for s in Stage
    )
    return HTML(
        "<table class='ie-stage-table'><caption>Stage of the teaching timeline by time since "
        "the healing abutment came out, under each clinic policy</caption><thead><tr>"
        "<th scope='col'>time since it came out</th>"
        + head
        + "</tr></thead><tbody>"
        + "".join(rows)
        + f"</tbody></table><p>{escape(POLICIES_DIFFER)}</p><ul>{actions}</ul>"
    )
