"""Pieces every lesson shows the same way: the disclaimer and the reference list.

Each returns an ``IPython.display.Markdown`` object, so a notebook cell is one
call and the stored output is plain, deterministic text.
"""

from __future__ import annotations

from IPython.display import Javascript, Markdown, display

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


# ipywidgets 8 draws slider handles (noUiSlider) with role="slider" but no
# accessible name: the visible description is not tied to the handle, so a
# screen reader says only "slider" (axe-core: aria-input-field-name, serious).
# Python cannot reach the handle, so this names each handle after its label in
# the page, now and whenever widgets are drawn later (once per page).
SLIDER_LABELS_JS = """
(function () {
  if (window.implantEduSliderLabels) { return; }
  window.implantEduSliderLabels = true;
  var pending = false;
  function nameHandles() {
    pending = false;
    document.querySelectorAll('.noUi-handle[role="slider"]:not([aria-label])')
      .forEach(function (handle) {
        var box = handle.closest('.widget-slider, .widget-hslider, .widget-inline-hbox');
        var label = box && box.querySelector('.widget-label');
        var name = label && label.textContent.trim();
        if (name) { handle.setAttribute('aria-label', name); }
      });
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; requestAnimationFrame(nameHandles); }
  }).observe(document.body, { childList: true, subtree: true });
  nameHandles();
})();
"""


def slider_labels() -> Javascript:
    """Script that gives every widget slider handle its label as accessible name."""
    return Javascript(SLIDER_LABELS_JS)


def begin() -> None:
    """Open a lesson: show the disclaimer and make the lesson's sliders accessible.

    Displays two outputs: the disclaimer (Markdown) and :func:`slider_labels`.
    """
    display(disclaimer(), slider_labels())


def grade_legend() -> Markdown:
    """What the three evidence grades mean."""
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
