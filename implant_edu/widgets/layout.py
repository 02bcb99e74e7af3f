"""How controls and pictures size themselves: the full width on a phone, a set width elsewhere."""

from __future__ import annotations

from html import escape

import ipywidgets


def up_to(max_width: str) -> ipywidgets.Layout:
    """Layout for a control that takes the width of its box, up to ``max_width``.

    ``width="auto"`` rather than ``100%``: the control's own margins then fit
    inside its box, so on a narrow screen nothing scrolls sideways.

    Parameters
    ----------
    max_width
        A CSS length, for example ``"44em"``.
    """
    return ipywidgets.Layout(width="auto", max_width=max_width)


def capped_figure(img: str, *, css_class: str, max_width_px: int, caption: str = "") -> str:
    """A picture kept at most ``max_width_px`` wide on a laptop, as a ``<figure>``.

    On a phone it keeps a width at which its labels can be read and scrolls
    sideways, as the other pictures do (an ``ie-pictures`` box in an
    ``ie-frame``, course.css); projector mode gives it the lesson's width
    (class ``ie-capped-picture``).

    Parameters
    ----------
    img
        The picture, as HTML (an ``<img>``, so it shows before the notebook is trusted).
    css_class
        The figure's own class, e.g. ``"ie-evidence-figure"``.
    max_width_px
        The widest it is drawn outside projector mode, in px.
    caption
        Text of a ``<figcaption>`` (none if empty).
    """
    figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (
        f"<figure class='{css_class} ie-frame' style='margin:0'>"
        f"<div class='ie-pictures ie-capped-picture' style='max-width:{max_width_px}px'>"
        f"<div style='max-width:none'>{img}</div></div>{figcaption}</figure>"
    )


LONG_OPTIONS = "ie-long-options"
"""Class of a ``RadioButtons`` whose options are sentences (see :data:`LONG_OPTIONS_CSS`)."""

LONG_OPTIONS_CSS = """
<style>
/* implant_edu: radio buttons whose options are sentences (a quiz's answers,
   the phone call's visit). On a phone a long option wraps beside its own
   radio button (radio first, text after it, never above or under it), the
   label goes above the options, and nothing is wider than the screen. */
.ie-long-options { max-width: 48em; flex-wrap: wrap; box-sizing: border-box; }
.ie-long-options > .widget-label { width: 100% !important; max-width: 100% !important; }
.ie-long-options .widget-radio-box { flex: 1 1 100%; min-width: 0; box-sizing: border-box; }
.ie-long-options .widget-radio-box label {
  display: flex !important; align-items: flex-start; justify-content: flex-start;
  gap: 0.45em; white-space: normal !important; line-height: 1.35; height: auto !important;
  margin: 0.15em 0; overflow-wrap: anywhere;
}
.ie-long-options .widget-radio-box input[type=radio] {
  order: -1; flex: 0 0 auto; float: none; margin: 0.2em 0 0 0;
}
</style>
"""
"""The style sheet of :data:`LONG_OPTIONS`, put in the page by each view that uses it."""


def long_options(
    options: list[tuple[str, object]], description: str, max_width: str = "48em"
) -> ipywidgets.RadioButtons:
    """Radio buttons over sentences, none chosen, that wrap beside their buttons.

    Parameters
    ----------
    options
        (label, value) pairs, in the order shown.
    description
        The label above the options (for example ``"Answer to Q1:"``).
    max_width
        A CSS length: the widest the options may run on a desktop.

    Notes
    -----
    The view must also show ``ipywidgets.HTML(LONG_OPTIONS_CSS)``.
    """
    radio = ipywidgets.RadioButtons(
        options=options,
        value=None,
        description=description,
        style={"description_width": "initial"},
        layout=up_to(max_width),
    )
    radio.add_class(LONG_OPTIONS)
    return radio
