"""Pieces every lesson shows the same way: the disclaimer and the reference list.

Each returns an ``IPython.display.Markdown`` object, so a notebook cell is one
call and the stored output is plain, deterministic text.
"""

from __future__ import annotations

from IPython.display import Markdown, display

from implant_edu.evidence import Grade, source, sources

DISCLAIMER = (
    "**Teaching material for dental students, not advice for a patient's own case.** "
    "The gum-closure timeline is a teaching model built from a few measurements and "
    "clinicians' rules of thumb; it predicts nothing for a real patient. A patient whose "
    "healing abutment or implant part has come out should call their own clinic."
)


def disclaimer() -> Markdown:
    """The disclaimer every lesson opens with."""
    return Markdown("> " + DISCLAIMER)


def begin() -> None:
    """Open a lesson: show the disclaimer.

    Slider handles get their accessible names from the kit's lab extension
    (``implant_edu/labextension``) and, in the offline handouts, from the same
    script inlined by the handout builder: no Javascript output is stored in
    the lesson, so nothing raw shows before it is run or trusted.
    """
    display(disclaimer())


def grade_legend() -> Markdown:
    """What each evidence grade means."""
    lines = [f"- **{grade.label}**: {grade.meaning}." for grade in Grade]
    return Markdown("Evidence grades used in this course:\n\n" + "\n".join(lines))


def reference_entry(key: str) -> str:
    """One reference in the kit's single style: the full citation, then what it found."""
    found = source(key)
    return f"{found.citation} *What it found:* {found.detail}"


def references(*keys: str) -> Markdown:
    """A numbered reference list of the given sources (ids from ``sources.yaml``)."""
    if not keys:
        raise TypeError("references needs at least one source id")
    lines = [f"{n}. {reference_entry(k)}" for n, k in enumerate(keys, 1)]
    return Markdown("\n".join(lines))


def course_references() -> Markdown:
    """Every source the course cites, in one list, alphabetically by citation."""
    ordered = sorted(sources().values(), key=lambda s: s.citation.casefold())
    return Markdown("\n".join(f"- {reference_entry(s.key)}" for s in ordered))
