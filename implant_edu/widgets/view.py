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
