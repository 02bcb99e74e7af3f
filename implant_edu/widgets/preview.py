"""Pictures one setting away, drawn ahead and switched in the page.

A setting (the clinic's policy, a site slider) needs Python to draw the site
anew, which costs at least one kernel round trip. A :class:`Preview` keeps,
for the steps a student reaches next (one either side on a slider, every other
choice of a few buttons), the pictures the kernel would draw there, in a
``Stack`` laid over the live pictures, its ``selected_index`` ``jslink``-ed to
the control's ``index``. A step therefore shows its picture in the page at
once, as the time stepper does (:mod:`implant_edu.widgets.stepper`). The kernel
then redraws the live pictures, empties the preview at the new step (the live
pictures show through, drawn alike) and draws the new neighbours.

A preview drawn for another moment or another setting would show a wrong
picture: when time or another setting moves, the preview is emptied at once
(the step then waits for the kernel, as it did before) and drawn again once the
student rests (:data:`implant_edu.widgets.stepper.SETTLE_S`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import ipywidgets

from implant_edu.widgets.stepper import SETTLE_S, kernel_loop, linked_frames

_LOG = logging.getLogger(__name__)

PREVIEW_CLASS = "ie-preview"
"""Class of a preview's ``Stack`` (laid over the live pictures)."""

PREVIEWED_CLASS = "ie-previewed"
"""Class of the box that holds the live pictures and the previews over them."""

PAGE_CLASS = "ie-preview-page"
"""Class of the element around one pre-drawn picture."""

# The previews lie over the live pictures and take their size; one that holds
# a picture hides them with the page's own background, one that is empty lets
# them show through. Clicks go through to the live pictures either way.
PREVIEW_CSS = f"""<style>
.{PREVIEWED_CLASS} {{ position: relative; }}
.{PREVIEWED_CLASS} > .{PREVIEW_CLASS} {{ position: absolute; top: 0; left: 0; right: 0;
  bottom: 0; overflow: hidden; pointer-events: none; margin: 0; padding: 0; }}
.{PREVIEWED_CLASS} > .{PREVIEW_CLASS}:has(.{PAGE_CLASS}) {{
  background: var(--jp-layout-color0, white); }}
.{PREVIEWED_CLASS} > .{PREVIEW_CLASS} > .widget-html {{ margin: 0; }}
</style>"""


@dataclass
class Preview:
    """The pictures a setting's control reaches next, drawn ahead.

    Attributes
    ----------
    control
        The setting's control, with an ``index``: a ``SelectionSlider`` or
        ``ToggleButtons``.
    stack
        One ``HTML`` per option of the control (class :data:`PREVIEW_CLASS`),
        its ``selected_index`` linked to the control's ``index`` in the page.
        The option chosen now and those out of reach hold nothing.
    reach
        How many steps either side are drawn ahead.
    """

    control: ipywidgets.SelectionSlider | ipywidgets.ToggleButtons
    stack: ipywidgets.Stack
    reach: int
    _generation: int = field(default=0, repr=False)

    def nearby(self) -> list[int]:
        """Indices of the options within :attr:`reach` of the chosen one, nearest first."""
        shown, last = self.control.index, len(self.control.options) - 1
        found: list[int] = []
        for distance in range(1, self.reach + 1):
            found += [i for i in (shown + distance, shown - distance) if 0 <= i <= last]
        return found

    def fill(self, render: Callable[[int], str]) -> None:
        """Draw the options within reach, and empty the rest (the chosen one included).

        Parameters
        ----------
        render
            Gives the HTML of the whole picture at an option's index, exactly
            as the live pictures will show it once the kernel has answered.
        """
        self._generation += 1
        wanted = self.nearby()
        for index in wanted:
            self.stack.children[index].value = f"<div class='{PAGE_CLASS}'>{render(index)}</div>"
        for index, child in enumerate(self.stack.children):
            if index not in wanted and child.value:
                child.value = ""

    def clear(self) -> None:
        """Empty every option: the pictures drawn ahead may no longer be right."""
        self._generation += 1
        for child in self.stack.children:
            if child.value:
                child.value = ""

    def fill_later(self, render: Callable[[int], str]) -> None:
        """Empty now, and :meth:`fill` once nothing has moved for
        :data:`~implant_edu.widgets.stepper.SETTLE_S` seconds (at once outside
        a running kernel). A later :meth:`fill`, :meth:`clear` or
        :meth:`fill_later` cancels the pending one."""
        self.clear()
        loop = kernel_loop()
        if loop is None:
            self.fill(render)
            return
        generation = self._generation

        def later() -> None:
            if self._generation != generation:
                return
            try:
                self.fill(render)
            except Exception:  # a student must never see a traceback
                _LOG.exception("drawing the pictures ahead failed")
                self.clear()

        loop.call_later(SETTLE_S, later)


def preview(
    control: ipywidgets.SelectionSlider | ipywidgets.ToggleButtons, *, reach: int = 1
) -> Preview:
    """An empty preview over ``control``'s options, linked to it in the page.

    Parameters
    ----------
    control
        A control with ``options`` and an ``index``.
    reach
        Steps either side drawn ahead: 1 for a slider (arrow keys), the number
        of options for a few buttons (any can be clicked next).
    """
    if not isinstance(control, (ipywidgets.SelectionSlider, ipywidgets.ToggleButtons)):
        raise TypeError(
            f"control must be a SelectionSlider or ToggleButtons, got {type(control).__name__}"
        )
    if isinstance(reach, bool) or not isinstance(reach, int) or reach < 1:
        raise ValueError(f"reach must be an int of at least 1, got {reach!r:.40}")
    stack = linked_frames(control, [""] * len(control.options), PREVIEW_CLASS)
    return Preview(control=control, stack=stack, reach=reach)


def previewed(live: Sequence[ipywidgets.Widget], previews: Sequence[Preview]) -> ipywidgets.Box:
    """The live pictures with the previews laid over them, in one box.

    The view shows :data:`PREVIEW_CSS` once, with its own style sheet.

    Parameters
    ----------
    live
        The live pictures, top to bottom.
    previews
        The previews of the settings that redraw them.
    """
    box = ipywidgets.VBox([*live, *(p.stack for p in previews)])
    box.add_class(PREVIEWED_CLASS)
    return box
