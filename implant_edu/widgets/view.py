"""A displayable wrapper around a widget with a plain-text alternative.

Jupyter shows the widget; anything that cannot render widgets (a text
console, a printed page, nbval comparing ``text/plain``) gets ``description``,
a short text alternative, instead of the widget's long ``repr``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets


@dataclass(frozen=True)
class View:
    """A widget plus its text alternative.

    Attributes
    ----------
    widget
        The root widget shown in the notebook.
    description
        What the view shows, in one or two sentences: the text alternative.
    controls
        The controls of the view by name, for tests and for linking.
    """

    widget: ipywidgets.Widget
    description: str
    controls: dict[str, ipywidgets.Widget]

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.description
        return bundle


OFFLINE_NOTE = "ie-offline-note"
"""Class of a line that only the offline handouts show (``implant_edu.tools.handouts``)."""


def offline_note(html: str) -> ipywidgets.HTML:
    """A line hidden in the running lesson and shown in the offline handouts, where
    the controls beside it are saved disabled: it says that they need the lesson.

    Parameters
    ----------
    html
        The line, as HTML.
    """
    note = ipywidgets.HTML(html, layout=ipywidgets.Layout(display="none"))
    note.add_class(OFFLINE_NOTE)
    return note
