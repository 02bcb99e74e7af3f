"""The triage explorer, its worked examples, and the reopening views."""

from __future__ import annotations

import pytest
from traitlets import TraitError

from implant_edu.reopening import methods
from implant_edu.triage import LENGTH_MM_RANGE, identify
from implant_edu.widgets.reopening import (
    CUTOFFS_H,
    TIME_STEPS_H,
    reopening_table,
    reseat_or_reopen,
    stage_table,
)
from implant_edu.widgets.triage_explorer import (
    TIME_STEPS_H as TRIAGE_TIMES,
)
from implant_edu.widgets.triage_explorer import (
    YES_NO_FIELDS,
    ranking_html,
    triage_examples,
    triage_explorer,
)


def _first(panel: str) -> str:
    return panel.split("<b>1. ", 1)[1].split("</b>", 1)[0]


def test_toggle_changes_the_ranking() -> None:
    view = triage_explorer()
    panel = view.controls["panel"]
    assert _first(panel.value) == identify()[0].part.name
    view.controls["tooth_shaped"].value = "yes"
    assert _first(panel.value) == identify(tooth_shaped=True)[0].part.name
    assert "crown" in _first(panel.value)
    view.controls["tooth_shaped"].value = "not seen"
    view.controls["threads_along_body"].value = "yes"
    view.controls["rounded_polished_top"].value = "no"
    assert _first(panel.value) == "implant body (fixture)"


def test_time_slider_moves_the_stage() -> None:
    view = triage_explorer()
    view.controls["rounded_polished_top"].value = "yes"
    panel = view.controls["panel"]
    assert "Timeline stage" not in panel.value  # time not known
    view.controls["hours_since_loss"].value = "2 h"
    assert "Reseat under numbing" in panel.value
    view.controls["hours_since_loss"].value = "18 h"
    assert "Re-open surgically" in panel.value
    assert "ie-stage" in panel.value


def test_length_counts_only_when_measured() -> None:
    view = triage_explorer()
    slider, seen = view.controls["length_mm"], view.controls["length_seen"]
    assert slider.disabled and (slider.min, slider.max) == LENGTH_MM_RANGE
    before = view.controls["panel"].value
    slider.value = 12.0
    assert view.controls["panel"].value == before  # not observed: no effect
    seen.value = True
    assert not slider.disabled
    assert "implant bodies are about 6 to 16 mm long" in view.controls["panel"].value
    assert "length 12 mm" in view.widget.children[-2].value


def test_controls_stay_in_range() -> None:
    view = triage_explorer()
    with pytest.raises(TraitError):
        view.controls["threads_along_body"].value = "maybe"
    view.controls["length_mm"].value = 999.0  # the slider clips
    assert view.controls["length_mm"].value == LENGTH_MM_RANGE[1]
    for hours in TRIAGE_TIMES.values():
        if hours is not None:
            identify(hours_since_loss=hours)  # every step is valid for identify


def test_dom_contract_and_labels() -> None:
    view = triage_explorer()
    assert "ie-view" in view.widget._dom_classes
    assert "ie-figure" in view.controls["panel"]._dom_classes
    for name in (*YES_NO_FIELDS, "length_seen", "length_mm", "hours_since_loss"):
        assert "ie-control" in view.controls[name]._dom_classes, name
        assert view.controls[name].description, name
    assert view._repr_mimebundle_()["text/plain"].startswith("Triage explorer")


def test_examples_show_identify_ranking() -> None:
    html = triage_examples().data
    assert html.count("ie-triage-example'") == 4
    assert "healing abutment" in html and "abutment screw" in html
    assert "implant body (fixture)" in html
    assert "Re-open surgically" in html  # the 20 h example
    assert ranking_html(identify(pain=True))[:30] in ranking_html(identify(pain=True))


def test_identify_rejects_bad_input_clearly() -> None:
    with pytest.raises(ValueError, match=r"length_mm must be a finite number from 0.5 to 30"):
        identify(length_mm=31)
    with pytest.raises(TypeError, match="unknown observation 'colour'"):
        identify(colour=True)


def test_reopening_table_from_data() -> None:
    html = reopening_table().data
    for method in methods():
        assert method.name in html
    assert "two thirds" in html and "Er:YAG" in html
    assert "no study named" in html  # electrosurgery has no source


def test_reseat_or_reopen_cutoff_and_link() -> None:
    view = reseat_or_reopen()
    hours, cutoff, panel = (view.controls[k] for k in ("hours", "cutoff", "panel"))
    index = list(TIME_STEPS_H).index("18 h")
    assert "Re-open surgically" in panel.children[index].value
    cutoff.value = list(CUTOFFS_H)[1]  # 24 h
    assert "Reseat under numbing" in panel.children[index].value
    assert len(panel.children) == len(TIME_STEPS_H)
    assert "ie-figure" in panel._dom_classes and "ie-view" in view.widget._dom_classes
    link = view.controls["link"]
    assert link.source == (hours, "index")
    assert link.target == (panel, "selected_index")


def test_stage_table_both_cutoffs() -> None:
    html = stage_table().data
    row = html.split(">18 h</td>", 1)[1].split("</tr>", 1)[0]
    assert "Re-open surgically" in row and "Reseat under numbing" in row
