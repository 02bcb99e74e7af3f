"""Projector mode: large, high-contrast lesson text and widgets for a lecture hall.

``present()`` shows one toggle button. Switching it on puts a style sheet into
the page, inside an HTML widget, so switching it off again removes it: no
JavaScript and no page reload. The pictures then stand one under the other,
each as wide as the lesson, so their labels grow with them.
"""

from __future__ import annotations

import ipywidgets

from implant_edu.widgets.view import View, offline_note

PROJECTOR_CSS = """
<span class="ie-projector-on" hidden></span>
<style>
/* implant_edu projector mode: large text, strong contrast, wide views */
.jp-Notebook, .jp-RenderedHTMLCommon, .jp-RenderedMarkdown {
  --jp-content-font-size1: 22px;
  --jp-code-font-size: 19px;
  --jp-content-font-color1: #000000;
  --jp-content-font-color2: #000000;
}
.jp-RenderedHTMLCommon, .jp-RenderedMarkdown { font-size: 22px; line-height: 1.45; }
/* the prompt column gives its width to the lesson (the lab extension also
   collapses the side panels), so that pictures and their labels grow */
.jp-Notebook { --jp-cell-prompt-width: 0px; }
.jp-InputPrompt, .jp-OutputPrompt { display: none; }
.ie-view, .ie-view .widget-label, .ie-view .widget-readout, .ie-view button,
.ie-view .widget-html-content, .ie-view .widget-radio-box label {
  font-size: 22px !important; color: #000000 !important;
}
.ie-view { max-width: 100% !important; width: 100% !important; }
/* ipywidgets gives buttons a fixed width: let the larger labels fit */
.ie-view button { width: auto !important; height: auto !important; padding: 0.2em 0.8em; }
.ie-view .widget-slider, .ie-view .widget-hslider { width: 90% !important; }
.ie-view .widget-label { min-width: 14em !important; }
.ie-view .ie-figure svg { width: 100% !important; height: auto !important; }
.ie-view .noUi-handle { transform: scale(1.4); }
/* pictures one under the other, each as wide as the lesson: labels grow with them */
.ie-view .ie-pictures > div { flex: 1 1 100% !important; max-width: none !important; }
.ie-view .ie-curve-box { max-width: none !important; }
.ie-view .ie-stepper select { font-size: 22px !important; min-height: 40px; }
/* the time control keeps a track a hand can drag at 1024 px: its drop-down's
   short label does not take a control label's 14em, and the slider grows */
.ie-view .ie-stepper .ie-step-picker .widget-label { min-width: 0 !important; }
.ie-view .ie-stepper > .widget-hslider { flex: 1 1 36em !important; }
/* pictures kept narrow for a laptop take the lesson's whole width */
.ie-capped-picture { max-width: none !important; flex: 1 1 100% !important; }
.ie-capped-picture > div { max-width: none !important; }
</style>
"""


def _label(on: bool) -> str:
    return f"Projector mode: {'on' if on else 'off'}"


def present(on: bool = True) -> View:
    """A toggle for projector mode, switched on (or off) to start with.

    Parameters
    ----------
    on
        Whether projector mode starts switched on.

    Raises
    ------
    TypeError
        If ``on`` is not a bool.
    """
    if not isinstance(on, bool):
        raise TypeError(f"on must be True or False, got {on!r} of type {type(on).__name__}")
    toggle = ipywidgets.ToggleButton(
        value=on,
        # The button says its state in words: a dark button beside code that
        # reads present(on=False) left instructors unsure whether it was on.
        description=_label(on),
        # Its words decide its width ("Projector mode: off" is wider than a
        # button's default 148 px).
        layout=ipywidgets.Layout(width="auto"),
        tooltip="Large, high-contrast text and widgets for a lecture hall",
        icon="television",
    )
    toggle.add_class("ie-control")
    style = ipywidgets.HTML(PROJECTOR_CSS if on else "")

    def switch(change: dict[str, object]) -> None:
        style.value = PROJECTOR_CSS if change["new"] else ""
        toggle.description = _label(bool(change["new"]))

    toggle.observe(switch, names="value")
    offline = offline_note(
        "<p><i>Projector mode and its button need the running lesson (JupyterLab or "
        "its slides); on paper they do nothing.</i></p>"
    )
    root = ipywidgets.VBox([toggle, style, offline])
    root.add_class("ie-view")
    return View(
        widget=root,
        description="Projector mode toggle: large, high-contrast text for a lecture hall.",
        controls={"projector": toggle},
    )
