"""Parts diagram: which parts sit in the mouth in each treatment phase.

Toggle buttons over the phases (``parts.phases()``) drive the one stepper
(:mod:`implant_edu.widgets.stepper`): pre-rendered cross-sections switched in
the page, so switching phase needs no kernel.
``parts_gallery`` is the static fallback: every phase side by side.
"""

from __future__ import annotations

from html import escape

import ipywidgets
from IPython.display import HTML

from implant_edu.figures.cross_section import phase_svg
from implant_edu.figures.svg import svgs_as_imgs
from implant_edu.parts import Phase, phases
from implant_edu.timeline import Tissue
from implant_edu.widgets.stepper import button_stepper
from implant_edu.widgets.view import View


def phase_html(which: Phase) -> str:
    """One phase: its cross-section, note, protocol and the parts from the bone up.

    The cross-section asks for 600 px, up to 640 px (its 16-unit labels then
    show at 12 to 13 px), and the text goes beside it if there is room for
    both, below it if not: squeezed beside the text at JupyterLab's usual
    width it got about 540 px and 11 px labels. Projector mode gives it the
    whole width (class ``ie-capped-picture``).
    It sits in an ``ie-pictures`` box, as the closure explorer's pictures do,
    so on a phone it keeps a readable width and scrolls sideways (the
    course style sheet and lab extension).
    """
    if not isinstance(which, Phase):
        raise TypeError(f"which must be a Phase, got {type(which).__name__}")
    items = "".join(
        f"<li><b>{escape(p.name)}</b>: {escape(p.what_it_is)}</li>" for p in which.parts
    )
    gum = "closed over the implant" if which.gum_closed else "open, parts pass through it"
    return (
        "<div class='ie-frame' style='display:flex;flex-wrap:wrap;gap:8px'>"
        "<div class='ie-pictures ie-capped-picture' style='flex:1 1 600px;max-width:640px'>"
        f"<div>{phase_svg(which, Tissue())}</div></div>"
        "<div style='flex:1 1 260px'>"
        f"<p style='margin:0.3em 0'><b>{escape(which.label)}</b> (protocol: "
        f"{escape(which.protocol)}; gum {gum}). {escape(which.note)}</p>"
        f"<p style='margin:0.2em 0'>In the mouth, from the bone up:</p><ol>{items}</ol>"
        "</div></div>"
    )


def parts_diagram() -> View:
    """Choose a treatment phase and see which parts are in the mouth.

    Returns
    -------
    View
        Root ``VBox`` (class ``ie-view``). Controls by name: ``"phase"``
        (ToggleButtons, class ``ie-control``, its ``index`` jslinked to the
        frames' ``selected_index``) and ``"frames"`` (the ``Stack``, class
        ``ie-figure``).
    """
    chosen = list(phases().values())
    phase_control = button_stepper(
        [(p.label, p.key) for p in chosen],
        description="Treatment phase",
        tooltips=[p.note for p in chosen],
    )
    buttons = phase_control.slider
    frames = phase_control.frames([phase_html(p) for p in chosen])
    root = ipywidgets.VBox([buttons, frames])
    root.add_class("ie-view")
    return View(
        widget=root,
        description=(
            "Parts diagram: buttons choose a treatment phase ("
            + "; ".join(p.label for p in chosen)
            + ") and a labelled cross-section shows the parts in the mouth then."
        ),
        controls={"phase": buttons, "frames": frames},
    )


def parts_gallery() -> HTML:
    """Static fallback: every treatment phase's cross-section side by side."""
    cells = "".join(
        f"<div style='flex:1 1 360px;max-width:520px;border:1px solid #bbb;padding:4px'>"
        f"{phase_html(p)}</div>"
        for p in phases().values()
    )
    return HTML(
        svgs_as_imgs(
            "<div class='ie-gallery' style='display:flex;flex-wrap:wrap;gap:8px'>"
            + cells
            + "</div>"
        )
    )
