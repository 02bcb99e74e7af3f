"""Timeline explorer, parts diagram and evidence panel: wiring, ranges, fallbacks."""

from __future__ import annotations

import itertools

import ipywidgets
import pytest
from ipywidgets.widgets import widget as widget_module
from ipywidgets.widgets.widget_link import Link

from implant_edu.parts import phases
from implant_edu.timeline import REOPEN_AFTER_H_RANGE, Tissue, state_at
from implant_edu.widgets.evidence_panel import evidence_figure, evidence_table
from implant_edu.widgets.parts_diagram import parts_diagram, parts_gallery
from implant_edu.widgets.timeline_explorer import (
    TIME_STEPS_H,
    frame_html,
    timeline_explorer,
    timeline_snapshots,
)
from implant_edu.widgets.view import View


def _links(source: ipywidgets.Widget, target: ipywidgets.Widget) -> list[Link]:
    """jslinks from ``source.index`` to ``target.selected_index`` alive in the kernel."""
    return [
        w
        for w in widget_module._instances.values()
        if isinstance(w, Link)
        and w.source == (source, "index")
        and w.target == (target, "selected_index")
    ]


def test_explorer_time_steps_are_prerendered_and_jslinked() -> None:
    view = timeline_explorer()
    assert isinstance(view, View)
    time, frames = view.controls["time"], view.controls["frames"]
    assert isinstance(time, ipywidgets.SelectionSlider)
    assert time.description == "Time since it came out"
    assert len(time.options) == len(TIME_STEPS_H) == len(frames.children) == 25
    labels = [label for label, _ in time.options]
    for expected in ("0 s", "30 s", "2 min", "5 min", "20 min", "1 h", "12 h", "48 h",
                     "3 days", "14 days"):  # fmt: skip
        assert expected in labels
    assert len(_links(time, frames)) == 1
    # Every frame differs from the next: moving the slider changes the picture.
    values = [child.value for child in frames.children]
    assert all(a != b for a, b in itertools.pairwise(values))
    assert time.index == frames.selected_index == 0
    # A time step redraws nothing in Python: the frames are already there.
    time.index = 12
    assert [child.value for child in frames.children] == values


def test_explorer_frames_match_the_model() -> None:
    view = timeline_explorer()
    frames = view.controls["frames"].children
    for index in (0, 12, 18):
        state = state_at(TIME_STEPS_H[index])
        assert frames[index].value == frame_html(state)
        assert f"<b>{state.stage.label}</b>" in frames[index].value
        assert "class='ie-stage'" in frames[index].value
        assert state.stage.cutoff_grade.label in frames[index].value


def test_dom_contract_classes() -> None:
    view = timeline_explorer()
    assert "ie-view" in view.widget._dom_classes
    assert "ie-figure" in view.controls["frames"]._dom_classes
    for name in ("time", "abutment_diameter_mm", "mucosa_thickness_mm", "reopen_after_h"):
        control = view.controls[name]
        assert "ie-control" in control._dom_classes
        assert control.description
    text = view._repr_mimebundle_()["text/plain"]
    assert text.startswith("Timeline explorer") and "teaching model" in text.lower()


def test_controls_ranges_match_the_model() -> None:
    view = timeline_explorer()
    for name in ("abutment_diameter_mm", "mucosa_thickness_mm"):
        control = view.controls[name]
        assert (control.min, control.max) == Tissue.RANGES[name]
    cutoff = view.controls["reopen_after_h"]
    assert (cutoff.min, cutoff.max) == REOPEN_AFTER_H_RANGE
    assert cutoff.value == 12
    cutoff.value = 100  # a slider clamps: a student cannot leave the range
    assert cutoff.value == REOPEN_AFTER_H_RANGE[1]


@pytest.mark.parametrize(
    ("name", "value"),
    [("abutment_diameter_mm", 6.0), ("mucosa_thickness_mm", 6.0), ("reopen_after_h", 24.0)],
)
def test_tissue_change_regenerates_frames(name: str, value: float) -> None:
    view = timeline_explorer()
    frames = view.controls["frames"].children
    before = [child.value for child in frames]
    view.controls[name].value = value
    after = [child.value for child in frames]
    assert after != before
    expected = {"abutment_diameter_mm": 4.5, "mucosa_thickness_mm": 3.0, "reopen_after_h": 12.0}
    expected[name] = value
    reopen = expected.pop("reopen_after_h")
    assert after[15] == frame_html(state_at(TIME_STEPS_H[15], reopen_after_h=reopen, **expected))


def test_cutoff_moves_the_stage_in_the_frames() -> None:
    view = timeline_explorer()
    index_16h = TIME_STEPS_H.index(16.0)
    frame = view.controls["frames"].children[index_16h]
    assert "<b>Re-open surgically</b>" in frame.value
    view.controls["reopen_after_h"].value = 24.0
    assert "<b>Reseat under numbing</b>" in frame.value


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"abutment_diameter_mm": 8.0}, ValueError, "abutment_diameter_mm"),
        ({"mucosa_thickness_mm": 0.2}, ValueError, "mucosa_thickness_mm"),
        ({"reopen_after_h": 72}, ValueError, "reopen_after_h"),
        ({"reopen_after_h": "12 h"}, TypeError, "reopen_after_h"),
    ],
)
def test_explorer_bad_input(kwargs: dict[str, object], error: type[Exception], name: str) -> None:
    with pytest.raises(error, match=name):
        timeline_explorer(**kwargs)  # type: ignore[arg-type]


def test_snapshots_fallback() -> None:
    html = timeline_snapshots([0.0, 12.0, 48.0]).data
    assert html.count("class='ie-frame'") == 3
    # Pictures as <img>, which JupyterLab shows in a notebook it does not trust.
    assert html.count('<img src="data:image/svg+xml;base64,') == 6
    assert "<svg" not in html
    assert "<b>Re-open surgically</b>" in html and "<b>Gum bridged over</b>" in html
    with pytest.raises(ValueError, match="hours"):
        timeline_snapshots([400.0])
    with pytest.raises(TypeError, match="hours"):
        timeline_snapshots("12")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="mucosa"):
        timeline_snapshots([1.0], mucosa=3.0)


def test_parts_diagram_jslinked_over_all_phases() -> None:
    view = parts_diagram()
    buttons, frames = view.controls["phase"], view.controls["frames"]
    chosen = list(phases().values())
    assert [value for _label, value in buttons.options] == [p.key for p in chosen]
    assert len(frames.children) == len(chosen)
    assert len(_links(buttons, frames)) == 1
    assert "ie-control" in buttons._dom_classes and "ie-figure" in frames._dom_classes
    assert "ie-view" in view.widget._dom_classes
    for phase, child in zip(chosen, frames.children, strict=True):
        assert phase.label in child.value
        for part in phase.parts:
            assert part.name in child.value
    assert len({child.value for child in frames.children}) == len(chosen)


def test_parts_gallery_shows_every_phase() -> None:
    html = parts_gallery().data
    assert html.count('<img src="data:image/svg+xml;base64,') == len(phases())
    assert "<svg" not in html
    for phase in phases().values():
        assert phase.label in html


def test_evidence_panel() -> None:
    table = evidence_table().data
    assert table.count("\n| ") >= 7
    assert "*rule of thumb*" in table and "*measured*" in table
    figure = evidence_figure().data
    assert '<img src="data:image/svg+xml;base64,' in figure and "<figcaption>" in figure
    assert "<svg" not in figure
    assert evidence_figure().data == figure


def test_tissue_change_redraws_the_frame_on_screen_first() -> None:
    view = timeline_explorer()
    frames = view.controls["frames"]
    view.controls["time"].index = 7
    changed: list[int] = []
    for index, child in enumerate(frames.children):
        child.observe(lambda _c, index=index: changed.append(index), names="value")
    view.controls["abutment_diameter_mm"].value = 5.5
    assert changed[0] == 7
    assert sorted(changed) == list(range(len(frames.children)))
