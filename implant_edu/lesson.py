"""Pieces every lesson shows the same way: the disclaimer and the reference list.

Each returns an ``IPython.display.Markdown`` object, so a notebook cell is one
call and the stored output is plain, deterministic text.
"""

from __future__ import annotations

from IPython.display import Markdown

from implant_edu.evidence import Grade, source

DISCLAIMER = (
    "**Teaching material for dental students, not advice for a patient's own case.** "
    "The gum-closure timeline is a teaching model built from a few measurements and "
    "clinicians' rules of thumb; it predicts nothing for a real patient. A patient whose "
    "healing abutment or implant part has come out should call their own clinic."
)


def disclaimer() -> Markdown:
    """The disclaimer every lesson opens with."""
    return Markdown("> " + DISCLAIMER)


def grade_legend() -> Markdown:
    """What the three evidence grades mean."""
    lines = [f"- **{grade.label}**: {grade.meaning}." for grade in Grade]
    return Markdown("Evidence grades used in this course:\n\n" + "\n".join(lines))


def references(*keys: str) -> Markdown:
    """A numbered reference list of the given sources (ids from ``sources.yaml``)."""
    lines = [f"{n}. **{source(k).short}**: {source(k).detail}" for n, k in enumerate(keys, 1)]
    return Markdown("\n".join(lines))
