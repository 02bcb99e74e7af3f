"""How controls size themselves: the full width on a phone, a set width on a desktop."""

from __future__ import annotations

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
