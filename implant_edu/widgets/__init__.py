"""Widget functions: each wires controls to a figure and returns a :class:`View`.

A notebook cell calls one of these functions and nothing else.
"""

from implant_edu.widgets.view import View

__all__ = ["View"]
