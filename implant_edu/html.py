"""HTML fragments every lesson, widget and static page shows the same way.

One function per fragment (stage card, grade badge), so a stage looks the same
in the closure explorer, the reseat-or-re-open view, the tables and the
handouts. Pure: data in, an HTML string out; every text is escaped here.
"""

from __future__ import annotations

from html import escape

from implant_edu.evidence import Grade, Source
from implant_edu.figures.time_axis import duration_label
from implant_edu.style import GRADE_COLOURS, STAGE_COLOURS
from implant_edu.timeline import Stage

_GRADE_MARKS = {
    Grade.MEASURED: "●",
    Grade.ANALOGY: "◐",
    Grade.CONSENSUS: "■",
    Grade.RULE_OF_THUMB: "△",
}
"""A shape per grade, so that a grade is never told by colour alone."""


def sources_text(sources: tuple[Source, ...]) -> str:
    """In-text citation of sources, without parentheses, e.g. ``"Amin, ...; Li et al., ..."``."""
    return "; ".join(s.short for s in sources)


def grade_badge(grade: Grade) -> str:
    """A small badge naming an evidence grade, with its shape and colour.

    Parameters
    ----------
    grade
        The grade (:class:`implant_edu.evidence.Grade`).
    """
    if not isinstance(grade, Grade):
        raise TypeError(f"grade must be an implant_edu.evidence.Grade, got {type(grade).__name__}")
    return (
        f"<span class='ie-grade ie-grade-{grade.name.lower()}' "
        f"style='border-left:4px solid {GRADE_COLOURS[grade.value]};padding-left:0.3em;"
        f"white-space:nowrap'>{_GRADE_MARKS[grade]} <i>{escape(grade.label)}</i></span>"
    )


def stage_card(stage: Stage, *, heading: str, stage_count: bool = True) -> str:
    """What a stage means at the chair: the stage, action, numbing, technique, grade.

    Parameters
    ----------
    stage
        The timeline stage (:class:`implant_edu.timeline.Stage`).
    heading
        What comes before the stage's name, e.g. ``"3 h after it came out"``.
    stage_count
        Whether to say "stage 2 of 4" after the name.

    Returns
    -------
    str
        A ``<div class='ie-stage-card'>``; the stage's name is in the element
        with class ``ie-stage``.
    """
    colour = STAGE_COLOURS[_checked(stage).value]
    return (
        f"<div class='ie-stage-card' style='border-left:8px solid {colour};"
        "padding:0.2em 0.7em;margin:0.3em 0'>"
        f"<p class='ie-stage' style='font-size:1.15em;margin:0.2em 0'>"
        f"{_stage_name(stage, heading, stage_count)}</p>"
        "<ul style='margin:0.2em 0;padding-left:1.2em'>"
        f"<li><b>What the clinician does:</b> {escape(stage.action)}</li>"
        f"<li><b>Numbing:</b> {escape(stage.anaesthesia)}</li>"
        f"<li><b>Technique:</b> {escape(stage.technique)}</li>"
        f"<li><b>This stage starts:</b> {escape(stage.starts)}; "
        f"{grade_badge(stage.cutoff_grade)} ({escape(sources_text(stage.cutoff_sources))})</li>"
        "</ul></div>"
    )


def stage_line(stage: Stage, *, heading: str) -> str:
    """The stage's name alone, with its colour, where :func:`stage_card` says
    what it means nearby (the policies side by side share one card per stage).

    Returns
    -------
    str
        A ``<p class='ie-stage'>`` with the stage's colour bar.
    """
    colour = STAGE_COLOURS[_checked(stage).value]
    return (
        f"<p class='ie-stage' style='border-left:8px solid {colour};padding:0.1em 0.5em;"
        f"margin:0.3em 0'>{_stage_name(stage, heading, stage_count=False)}</p>"
    )


def _checked(stage: Stage) -> Stage:
    if not isinstance(stage, Stage):
        raise TypeError(f"stage must be an implant_edu.timeline.Stage, got {type(stage).__name__}")
    return stage


def _stage_name(stage: Stage, heading: str, stage_count: bool) -> str:
    count = f" (stage {stage.order + 1} of {len(Stage)})" if stage_count else ""
    return f"{escape(heading)}: <b>{stage.order + 1}. {escape(stage.label)}</b>{count}"


def time_heading(hours: float) -> str:
    """``"3 h after it came out"``: the heading of a stage card at a time since loss."""
    return f"{duration_label(hours)} after it came out"
