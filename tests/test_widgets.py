"""Timeline explorer, parts diagram and evidence panel: wiring, ranges, fallbacks."""

from __future__ import annotations

import itertools
import re

import ipywidgets
import pytest
from ipywidgets.widgets import widget as widget_module
from ipywidgets.widgets.widget_link import Link
from traitlets import TraitError

from implant_edu.figures.closure_curve import CURVE_HOURS, closure_curve_svg, curve_marker_svg
from implant_edu.figures.cross_section import closure_svg
from implant_edu.figures.mouth_view import mouth_view_svg
from implant_edu.parts import phases
from implant_edu.timeline import Stage, Tissue, policies, state_at, trajectory
from implant_edu.widgets import timeline_explorer as timeline_explorer_module
from implant_edu.widgets.evidence_panel import evidence_figure, evidence_table
from implant_edu.widgets.parts_diagram import parts_diagram, parts_gallery
from implant_edu.widgets.reopening import TIME_STEPS_H as REOPEN_STEPS_H
from implant_edu.widgets.reopening import reseat_or_reopen, stage_table
from implant_edu.widgets.timeline_explorer import (
    CONTROL_STEP_H,
    CONTROL_STEP_MM,
    SITE_LABEL_WIDTH,
    SNAPSHOT_HOURS,
    TIME_STEPS_H,
    frame_html,
    timeline_explorer,
    timeline_snapshots,
)
from implant_edu.widgets.view import View


def _links(
    source: ipywidgets.Widget, target: ipywidgets.Widget, trait: str = "selected_index"
) -> list[Link]:
    """jslinks from ``source.index`` to ``target.<trait>`` alive in the kernel."""
    return [
        w
        for w in widget_module._instances.values()
        if isinstance(w, Link) and w.source == (source, "index") and w.target == (target, trait)
    ]


def test_explorer_time_steps_are_prerendered_and_jslinked() -> None:
    view = timeline_explorer()
    assert isinstance(view, View)
    time, picker = view.controls["time"], view.controls["time_picker"]
    frames, markers = view.controls["frames"], view.controls["markers"]
    assert isinstance(time, ipywidgets.SelectionSlider)
    assert isinstance(picker, ipywidgets.Dropdown)
    assert time.description == "Time since it came out"
    assert len(time.options) == len(TIME_STEPS_H) == len(frames.children) == 21
    assert len(markers.children) == 21
    labels = list(time.options)
    for expected in ("0 s", "30 s", "2 min", "5 min", "20 min", "1 h", "12 h", "48 h",
                     "3 days", "14 days"):  # fmt: skip
        assert expected in labels
    # one control drives every layer in the page, with no kernel
    assert len(_links(time, frames)) == 1 and len(_links(time, markers)) == 1
    assert len(_links(time, picker, "index")) == 1
    values = [child.value for child in frames.children]
    assert all(a != b for a, b in itertools.pairwise(values))
    time.index = 12
    assert [child.value for child in frames.children] == values


def test_explorer_frames_match_the_model() -> None:
    view = timeline_explorer()
    frames = view.controls["frames"].children
    markers = view.controls["markers"].children
    states = trajectory(TIME_STEPS_H)
    for index in (0, 7, 12, 18):
        state = states[index]
        assert frames[index].value == frame_html(state)
        assert markers[index].value == curve_marker_svg(state)
        assert f"{state.stage.label}</b>" in frames[index].value
        assert "class='ie-stage'" in frames[index].value
        assert state.stage.cutoff_grade.label in frames[index].value
    # the curve is drawn once for the setting, not once per frame
    assert view.controls["curve"].value == closure_curve_svg(
        trajectory(CURVE_HOURS), reopen_after_h=12.0
    )
    assert all("ie-curve-measured" not in m.value for m in markers)


def test_at_the_default_cut_off_the_pictures_show_the_gum_closed() -> None:
    view = timeline_explorer()
    at_12h = view.controls["frames"].children[TIME_STEPS_H.index(12.0)].value
    assert state_at(12.0).surface_closed
    assert "Re-open surgically</b>" in at_12h
    assert closure_svg(state_at(12.0)) in at_12h
    assert mouth_view_svg(state_at(12.0)) in at_12h


def test_dom_contract_classes() -> None:
    view = timeline_explorer()
    assert "ie-view" in view.widget._dom_classes
    assert "ie-figure" in view.controls["frames"]._dom_classes
    names = ("time", "time_picker", "policy", "abutment_diameter_mm", "mucosa_thickness_mm",
             "surface_closed_by_h")  # fmt: skip
    for name in names:
        control = view.controls[name]
        assert "ie-control" in control._dom_classes
        assert control.description
    for name in names[2:]:
        assert "ie-needs-kernel" in view.controls[name]._dom_classes
    text = view._repr_mimebundle_()["text/plain"]
    assert text.startswith("Closure explorer") and "teaching model" in text.lower()


def test_controls_ranges_match_the_model() -> None:
    """A site slider offers its whole range in the model, in even steps, and
    nothing outside it: a student cannot leave the range."""
    view = timeline_explorer()
    for name, step in (
        ("abutment_diameter_mm", CONTROL_STEP_MM),
        ("mucosa_thickness_mm", CONTROL_STEP_MM),
        ("surface_closed_by_h", CONTROL_STEP_H),
    ):
        values = [value for _label, value in view.controls[name].options]
        assert (values[0], values[-1]) == Tissue.RANGES[name]
        assert {round(b - a, 6) for a, b in itertools.pairwise(values)} == {step}
        with pytest.raises(TraitError):
            view.controls[name].value = values[-1] + step
    policy = view.controls["policy"]
    assert [key for _label, key in policy.options] == list(policies())


def test_a_start_between_two_steps_is_drawn_at_the_nearest() -> None:
    """The sliders offer fixed steps: a start between two is moved to the
    nearest, and the curve is drawn for that value, as the frames are."""
    view = timeline_explorer(abutment_diameter_mm=4.2, surface_closed_by_h=12.4)
    assert view.controls["abutment_diameter_mm"].value == 4.0
    assert view.controls["surface_closed_by_h"].value == 12.0
    site = Tissue(abutment_diameter_mm=4.0, mucosa_thickness_mm=3.0, surface_closed_by_h=12.0)
    fine = trajectory(CURVE_HOURS, reopen_after_h=12.0, tissue=site)
    assert view.controls["curve"].value == closure_curve_svg(fine, reopen_after_h=12.0)
    frame = view.controls["frames"].children[5].value
    assert frame == frame_html(state_at(TIME_STEPS_H[5], **vars(site)))


def test_site_sliders_line_up() -> None:
    """One label width for the three site sliders, so their tracks start in line;
    it holds the longest label (about 0.5 em a character at the widgets' font)."""
    view = timeline_explorer()
    sliders = [
        view.controls[n]
        for n in ("abutment_diameter_mm", "mucosa_thickness_mm", "surface_closed_by_h")
    ]
    assert {s.style.description_width for s in sliders} == {SITE_LABEL_WIDTH}
    longest = max(len(s.description) for s in sliders)
    assert float(SITE_LABEL_WIDTH.removesuffix("em")) >= 0.5 * longest


@pytest.mark.parametrize(
    ("name", "value"),
    [("abutment_diameter_mm", 6.0), ("mucosa_thickness_mm", 6.0), ("surface_closed_by_h", 4.0)],
)
def test_site_change_regenerates_frames(name: str, value: float) -> None:
    view = timeline_explorer()
    frames = view.controls["frames"].children
    before = [child.value for child in frames]
    view.controls[name].value = value
    after = [child.value for child in frames]
    assert after != before
    site = {"abutment_diameter_mm": 4.5, "mucosa_thickness_mm": 3.0, "surface_closed_by_h": 12.0}
    site[name] = value
    assert after[7] == frame_html(state_at(TIME_STEPS_H[7], **site))


def test_gum_thickness_leaves_the_curve_alone() -> None:
    view = timeline_explorer()
    curve = view.controls["curve"]
    markers = [m.value for m in view.controls["markers"].children]
    changed: list[str] = []
    curve.observe(lambda c: changed.append(c["new"]), names="value")
    view.controls["mucosa_thickness_mm"].value = 6.0
    assert not changed
    assert [m.value for m in view.controls["markers"].children] == markers
    view.controls["abutment_diameter_mm"].value = 6.0
    assert changed


def test_policy_moves_the_stage_not_the_gum() -> None:
    view = timeline_explorer()
    index_16h = TIME_STEPS_H.index(16.0)
    frame = view.controls["frames"].children[index_16h]
    marker = view.controls["markers"].children[index_16h]

    def where(svg: str) -> list[str]:
        # the marker's place on the curve: its time, line and dot
        return re.findall(r'data-x="[^"]+"|<line[^>]*ie-marker-line[^>]*>|<circle[^>]*>', svg)

    before = [where(m.value) for m in view.controls["markers"].children]
    assert "Re-open surgically</b>" in frame.value and "Re-open surgically" in marker.value
    view.controls["policy"].value = "day"
    assert "Reseat under numbing</b>" in frame.value
    # the gum is the same, so the marker stays where it was; it names the new stage
    assert [where(m.value) for m in view.controls["markers"].children] == before
    assert "Reseat under numbing" in marker.value and "Re-open surgically" not in marker.value
    view.controls["policy"].value = "next_business_day"
    assert "Re-open surgically</b>" in frame.value


def test_a_failing_redraw_shows_words_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    view = timeline_explorer()

    def broken(_state: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(timeline_explorer_module, "frame_html", broken)
    view.controls["abutment_diameter_mm"].value = 5.0  # must not raise
    status = view.widget.children[-1]
    assert "could not be redrawn" in status.value and "boom" not in status.value


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"abutment_diameter_mm": 8.0}, ValueError, "abutment_diameter_mm"),
        ({"mucosa_thickness_mm": 0.2}, ValueError, "mucosa_thickness_mm"),
        ({"surface_closed_by_h": 72}, ValueError, "surface_closed_by_h"),
        ({"policy": "weekly"}, ValueError, "policy"),
        ({"policy": 12}, TypeError, "policy"),
    ],
)
def test_explorer_bad_input(kwargs: dict[str, object], error: type[Exception], name: str) -> None:
    with pytest.raises(error, match=name):
        timeline_explorer(**kwargs)  # type: ignore[arg-type]


def test_every_state_the_model_can_produce_draws() -> None:
    for hours in (0.0, 336.0, 400.0, 1344.0):
        assert "ie-frame" in frame_html(state_at(hours))
        assert "<svg" in curve_marker_svg(state_at(hours))


def test_snapshots_fallback() -> None:
    html = timeline_snapshots([0.0, 12.0, 48.0]).data
    assert html.count("class='ie-frame'") == 3
    # Pictures as <img>, which JupyterLab shows in a notebook it does not trust.
    assert html.count('<img src="data:image/svg+xml;base64,') == 6
    assert "<svg" not in html
    assert "Re-open surgically</b>" in html and "Gum bridged over</b>" in html
    # One card per run of snapshots in the same stage; the others name the stage
    # and point back to it (the default row has four snapshots in stage 1).
    row = timeline_snapshots().data
    stages = [state_at(h).stage for h in SNAPSHOT_HOURS]
    runs = 1 + sum(a != b for a, b in itertools.pairwise(stages))
    assert row.count("class='ie-stage-card'") == runs < len(stages)
    assert row.count("class='ie-stage-same'") == len(stages) - runs
    assert row.count("class='ie-stage'") == len(stages)
    # A printed page shows every stage, bridged and healed over included.
    assert set(stages) == set(Stage)
    with pytest.raises(ValueError, match="hours"):
        timeline_snapshots([2000.0])
    with pytest.raises(TypeError, match="hours"):
        timeline_snapshots("12")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="mucosa"):
        timeline_snapshots([1.0], mucosa=3.0)


def test_reseat_or_reopen_compares_the_three_policies_without_a_kernel() -> None:
    view = reseat_or_reopen()
    hours, panel = view.controls["hours"], view.controls["panel"]
    assert len(_links(hours, panel)) == 1
    assert not any("ie-needs-kernel" in w._dom_classes for w in view.controls.values())
    at_18h = panel.children[list(REOPEN_STEPS_H).index("18 h")].value
    for chosen in policies().values():
        assert chosen.label in at_18h and chosen.caller_told in at_18h
    # 18 h: the 12 h clinics re-open, the 24 h clinic may still reseat
    columns = at_18h.split("class='ie-policy-column'")[1:]
    assert len(columns) == 3
    # what differs is each clinic's plan, not the gum
    said = [
        c.split("If in the chair now, this clinic would plan: <b>", 1)[1].split("</b>", 1)[0]
        for c in columns
    ]
    reseat, reopen = "1. Reseat under numbing", "2. Re-open surgically"
    assert sorted(said) == [reseat, reopen, reopen]
    # what each stage means, once under the columns, not in every column
    assert not any("ie-stage-card" in c.split("</div>", 1)[0] for c in columns)
    cards = at_18h.split("class='ie-stage-card'")[1:]
    assert [c.split("<b>", 1)[1].split("</b>", 1)[0] for c in cards] == [reseat, reopen]
    assert at_18h.count("What the clinician does:") == 2
    at_0 = panel.children[0].value
    assert at_0.count("ie-stage-card") == 1 and "What the stage means" in at_0
    table = stage_table().data
    assert table.count("<tr>") == len(REOPEN_STEPS_H) + 1 and "<th></th>" not in table


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
    assert "*measured in other wounds (analogy)*" in table
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
