"""The one time stepper: pre-rendered frames switched in the page, no kernel.

Every stepped view (closure explorer, reseat or re-open, parts by phase) is a
control over a few steps and one or more ``Stack`` widgets of pre-rendered
HTML frames whose ``selected_index`` is ``jslink``-ed to the control's
``index``. Moving the control needs no kernel, so it answers within a frame
and also works in the offline handouts. A drop-down list linked the same way
is a second, large target for the same steps (a slider handle is small on a
phone). When a setting changes, :meth:`Stepper.redraw` sends the frame on
screen first and the hidden frames afterwards, a few at a time, so that the
kernel is free for the student's next step in between.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import ipywidgets
from ipywidgets.widgets.widget_string import HTMLStyle

_LOG = logging.getLogger(__name__)

BATCH = 3
"""Hidden frames redrawn per turn of the kernel's event loop."""

SETTLE_S = 0.3
"""Seconds a setting must rest before the hidden frames are redrawn: a student
pressing an arrow key every 150 ms gets each new picture at once, and the
kernel is not kept busy redrawing frames nobody sees yet."""


@dataclass
class Stepper:
    """A time (or phase) control and the frame stacks that follow it.

    Attributes
    ----------
    slider
        The control over the steps: a ``SelectionSlider`` for time, or
        ``ToggleButtons`` for a few named steps (class ``ie-control``).
    picker
        For a slider, a ``Dropdown`` over the same steps, its ``index`` linked
        to the slider's in the page (class ``ie-control``, ``ie-step-picker``);
        ``None`` for buttons, which are large targets already.
    stacks
        The frame stacks, each a ``Stack`` of ``HTML`` (class ``ie-figure``).
    """

    slider: ipywidgets.SelectionSlider | ipywidgets.ToggleButtons
    picker: ipywidgets.Dropdown | None
    stacks: list[ipywidgets.Stack] = field(default_factory=list)
    _generations: dict[int, int] = field(default_factory=dict, repr=False)

    @property
    def steps(self) -> int:
        """How many steps the control has."""
        return len(self.slider.options)

    @property
    def control(self) -> ipywidgets.Box:
        """The control (and its drop-down) in one row that wraps on a phone."""
        box = ipywidgets.HBox(
            [self.slider] if self.picker is None else [self.slider, self.picker],
            layout=ipywidgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        box.add_class("ie-stepper")
        return box

    def frames(self, pages: Sequence[str], css_class: str = "ie-figure") -> ipywidgets.Stack:
        """A new stack of frames (one HTML string per step) that follows the control."""
        stack = linked_frames(self.slider, pages, css_class)
        self.stacks.append(stack)
        return stack

    def redraw(self, stack: ipywidgets.Stack, render: Callable[[int], str]) -> None:
        """Redraw every frame of ``stack``: the one on screen now, the rest after.

        Parameters
        ----------
        stack
            One of :attr:`stacks`.
        render
            Gives the HTML of the frame at a step index (0 to ``steps - 1``).

        Notes
        -----
        In a running kernel the hidden frames follow once the setting has
        rested :data:`SETTLE_S` seconds, in batches of :data:`BATCH`, one
        batch per turn of the event loop, so a key press that arrives
        meanwhile is answered first; a newer redraw of the same stack cancels
        the batches still pending. Without an event loop (plain Python, tests)
        all frames are drawn at once.
        """
        key = id(stack)
        generation = self._generations.get(key, 0) + 1
        self._generations[key] = generation
        shown = self.slider.index
        stack.children[shown].value = render(shown)
        hidden = [i for i in range(self.steps) if i != shown]
        loop = kernel_loop()
        if loop is None:
            for index in hidden:
                stack.children[index].value = render(index)
            return

        def batch(start: int) -> None:
            if self._generations.get(key) != generation:
                return
            try:
                for index in hidden[start : start + BATCH]:
                    stack.children[index].value = render(index)
            except Exception:  # a student must never see a traceback
                _LOG.exception("redrawing hidden frames failed")
                return
            if start + BATCH < len(hidden):
                loop.call_soon(batch, start + BATCH)

        loop.call_later(SETTLE_S, batch, 0)


def linked_frames(
    control: ipywidgets.SelectionSlider | ipywidgets.ToggleButtons,
    pages: Sequence[str],
    css_class: str,
) -> ipywidgets.Stack:
    """A stack of HTML pages, one per option of ``control``, that shows the
    page of the option chosen: its ``selected_index`` is ``jslink``-ed to the
    control's ``index``, so it switches in the page, with no kernel.

    Parameters
    ----------
    control
        A control with ``options`` and an ``index``.
    pages
        One HTML string per option, in order.
    css_class
        The stack's class, e.g. ``"ie-figure"``.
    """
    if len(pages) != len(control.options):
        raise ValueError(f"pages must have {len(control.options)} entries, got {len(pages)}")
    # One layout and one style for all pages of a stack: each widget would
    # otherwise carry its own pair of models into the saved state (about
    # 2 KB a page in the offline handouts).
    layout, style = ipywidgets.Layout(), HTMLStyle()
    stack = ipywidgets.Stack(
        [ipywidgets.HTML(page, layout=layout, style=style) for page in pages],
        selected_index=control.index,
    )
    stack.add_class(css_class)
    ipywidgets.jslink((control, "index"), (stack, "selected_index"))
    return stack


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of a running Jupyter kernel, or None outside one.

    Only a kernel turns its loop between two messages from the page; another
    running loop (a test driving a browser, say) would never run the batches.
    """
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def stepper(
    labels: Sequence[str],
    *,
    description: str,
    index: int = 0,
    width: str = "44em",
) -> Stepper:
    """A control over ``labels`` (a slider and a drop-down, linked in the page).

    Parameters
    ----------
    labels
        The step labels in order, e.g. ``["0 s", "30 s", ...]``; 2 to 60 of them.
    description
        The control's visible label, also its accessible name.
    index
        The step shown first.
    width
        Largest width of the slider, a CSS length.
    """
    if isinstance(labels, str) or not 2 <= len(labels) <= 60:
        raise ValueError(f"labels must be 2 to 60 step labels, got {labels!r:.80}")
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(labels):
        raise ValueError(f"index must be an int from 0 to {len(labels) - 1}, got {index!r:.40}")
    slider = ipywidgets.SelectionSlider(
        options=list(labels),
        index=index,
        description=description,
        continuous_update=True,
        style={"description_width": "initial"},
        # In a row a width-auto slider shrinks to nothing: let it grow instead,
        # from a readable minimum up to ``width``.
        layout=ipywidgets.Layout(flex="1 1 20em", min_width="14em", max_width=width),
    )
    picker = ipywidgets.Dropdown(
        options=list(labels),
        index=index,
        description="or pick",
        style={"description_width": "initial"},
        layout=ipywidgets.Layout(width="auto", min_height="32px"),
    )
    ipywidgets.jslink((slider, "index"), (picker, "index"))
    slider.add_class("ie-control")
    picker.add_class("ie-control")
    picker.add_class("ie-step-picker")
    return Stepper(slider=slider, picker=picker)


def button_stepper(
    options: Sequence[tuple[str, str]],
    *,
    description: str,
    tooltips: Sequence[str] = (),
) -> Stepper:
    """A control over a few named steps (toggle buttons), e.g. treatment phases.

    Parameters
    ----------
    options
        ``(label, key)`` pairs in order; 2 to 12 of them.
    description
        The control's visible label.
    tooltips
        One tooltip per option, or none.
    """
    if isinstance(options, str) or not 2 <= len(options) <= 12:
        raise ValueError(f"options must be 2 to 12 (label, key) pairs, got {options!r:.80}")
    buttons = ipywidgets.ToggleButtons(
        options=list(options),
        index=0,
        description=description,
        tooltips=list(tooltips),
        style={"description_width": "initial", "button_width": "auto"},
        # On a phone the buttons go under their label instead of off the screen.
        layout=ipywidgets.Layout(flex_flow="row wrap"),
    )
    buttons.add_class("ie-control")
    return Stepper(slider=buttons, picker=None)
