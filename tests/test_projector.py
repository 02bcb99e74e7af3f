"""Projector mode toggles its style sheet on and off."""

from __future__ import annotations

import pytest

from implant_edu.widgets.projector import PROJECTOR_CSS, present


def test_toggle_adds_and_removes_the_style() -> None:
    view = present(on=False)
    toggle = view.controls["projector"]
    style = view.widget.children[1]
    assert style.value == "" and toggle.description == "Projector mode: off"
    toggle.value = True
    assert style.value == PROJECTOR_CSS and toggle.description == "Projector mode: on"
    toggle.value = False
    assert style.value == "" and toggle.description == "Projector mode: off"
    assert "ie-control" in toggle._dom_classes
    assert view._repr_mimebundle_()["text/plain"].startswith("Projector mode")


def test_starts_on() -> None:
    view = present()
    assert view.widget.children[1].value == PROJECTOR_CSS
    assert view.controls["projector"].description == "Projector mode: on"


def test_bad_argument() -> None:
    with pytest.raises(TypeError, match="on must be True or False"):
        present("yes")  # type: ignore[arg-type]
