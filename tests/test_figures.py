"""The pictures: valid, self-describing SVG that draws what the model says."""

from __future__ import annotations

import base64
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from implant_edu.figures.closure_curve import (
    PLOT_LEFT,
    PLOT_RIGHT,
    closure_curve_svg,
)
from implant_edu.figures.cross_section import (
    CLOSURE_SCALE_PX_PER_MM,
    closure_svg,
    phase_svg,
    spread_labels,
)
from implant_edu.figures.evidence_chart import (
    figure_png,
    figure_svg,
    time_scales,
    time_scales_figure,
)
from implant_edu.figures.svg import el, svg_as_img, svg_document, svgs_as_imgs, text
from implant_edu.figures.time_axis import axis_position, duration_label, hours_at
from implant_edu.parts import phases
from implant_edu.timeline import Tissue, state_at

NS = {"s": "http://www.w3.org/2000/svg"}


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def _assert_accessible(svg: str) -> ET.Element:
    root = _parse(svg)
    title = root.find("s:title", NS)
    desc = root.find("s:desc", NS)
    assert title is not None and title.text and title.text.strip()
    assert desc is not None and desc.text and len(desc.text) > 40
    assert root.get("role") == "img"
    assert root.get("aria-label") == title.text
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") is None, "no fixed size: the viewBox scales it"
    return root


def _texts(root: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))


def test_helpers_escape_text_and_attributes() -> None:
    svg = svg_document(
        100,
        50,
        title='a <b> & "c"',
        desc="desc with <tags> & ampersands, long enough to count as a description",
        body=[text(1, 2, "<script>x</script> & y"), el("rect", x=1.0, y=2.0, data_note='"q"')],
    )
    root = _assert_accessible(svg)
    assert "<script>" not in svg
    assert _texts(root) == "<script>x</script> & y"
    assert root.find("s:rect", NS).get("data-note") == '"q"'


@pytest.mark.parametrize("bad", [{"width": 0}, {"title": ""}, {"desc": " "}])
def test_svg_document_refuses_bad_input(bad: dict[str, object]) -> None:
    kwargs: dict[str, object] = {"width": 100, "height": 100, "title": "t", "desc": "d", "body": ""}
    kwargs.update(bad)
    with pytest.raises(ValueError, match=next(iter(bad))):
        svg_document(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", list(phases()))
def test_phase_cross_sections_name_their_parts(key: str) -> None:
    chosen = phases()[key]
    root = _assert_accessible(phase_svg(key))
    words = _texts(root)
    assert chosen.label in words
    for part in chosen.parts:
        # Each part is named in text (crowns by their retention).
        expected = {
            "implant_body": "implant body",
            "screw_retained_crown": "crown (screw-retained)",
            "cement_retained_crown": "crown (cement-retained)",
        }.get(part.key, part.name)
        assert expected in words, (part.key, words)


def test_phase_cross_section_shows_gum_thickness_and_thin_mucosa() -> None:
    thick = _texts(_parse(phase_svg("healing_one_stage", Tissue(4.5, 5.0))))
    thin = _texts(_parse(phase_svg("healing_one_stage", Tissue(4.5, 1.5))))
    assert "5 mm thick" in thick and "thin mucosa" not in thick
    assert "1.5 mm thick" in thin and "thin mucosa" in thin


def test_phase_svg_bad_input() -> None:
    with pytest.raises(ValueError, match="phase name"):
        phase_svg("no_such_phase")
    with pytest.raises(TypeError, match="tissue"):
        phase_svg("healing_one_stage", tissue={"abutment_diameter_mm": 4})  # type: ignore[arg-type]


@pytest.mark.parametrize("hours", [0.0, 0.5 / 60, 0.25, 6.0, 12.0, 24.0, 30.0, 47.0, 200.0])
@pytest.mark.parametrize("diameter", [3.0, 4.5, 6.0])
def test_closure_opening_is_drawn_at_its_width(hours: float, diameter: float) -> None:
    state = state_at(hours, abutment_diameter_mm=diameter)
    root = _assert_accessible(closure_svg(state))
    (opening,) = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class")]
    assert opening.get("class") == "ie-opening"
    drawn_mm = float(opening.get("width")) / CLOSURE_SCALE_PX_PER_MM
    assert drawn_mm == pytest.approx(state.opening_mm, abs=0.01)
    assert float(opening.get("data-opening-mm")) == pytest.approx(state.opening_mm, abs=1e-3)


def test_closure_view_changes_with_time_and_names_the_stage() -> None:
    early, late = state_at(0.0), state_at(30.0)
    assert closure_svg(early) != closure_svg(late)
    assert f"Stage: {late.stage.label}" in _texts(_parse(closure_svg(late)))
    assert "bridging: 50%" in _texts(_parse(closure_svg(late)))


def test_closure_svg_bad_input() -> None:
    with pytest.raises(TypeError, match="ClosureState"):
        closure_svg(12.0)  # type: ignore[arg-type]


def test_time_axis_is_monotonic_and_invertible() -> None:
    assert axis_position(0.0) == 0.0 and axis_position(336.0) == pytest.approx(1.0)
    times = [0.0, 30 / 3600, 2 / 60, 1.0, 12.0, 48.0, 336.0]
    positions = [axis_position(t) for t in times]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    # Readable from 30 s to 2 weeks: no decade squeezed into a sliver.
    assert axis_position(30 / 3600) > 0.08
    assert axis_position(48.0) - axis_position(12.0) > 0.08
    for t in times:
        assert hours_at(axis_position(t)) == pytest.approx(t, rel=1e-9, abs=1e-12)
    with pytest.raises(ValueError, match="hours"):
        axis_position(400.0)


@pytest.mark.parametrize(
    ("hours", "label"),
    [(0.0, "0 s"), (30 / 3600, "30 s"), (2 / 60, "2 min"), (12.0, "12 h"), (48.0, "48 h"),
     (72.0, "3 days"), (336.0, "14 days")],
)  # fmt: skip
def test_duration_labels(hours: float, label: str) -> None:
    assert duration_label(hours) == label


def test_curve_marks_evidence_cutoff_and_marker() -> None:
    svg = closure_curve_svg(reopen_after_h=12, marker_h=1.0)
    root = _assert_accessible(svg)
    words = _texts(root)
    assert "rule of thumb" in words and "cut-off 12 h" in words
    assert "fitted to measured collapse" in words and "extrapolated" in words
    for stage_label in ("Reseat under numbing", "Re-open surgically", "Gum bridged over"):
        assert stage_label in words
    lines = {p.get("class"): p for p in root.iter("{http://www.w3.org/2000/svg}polyline")}
    assert lines["ie-curve-measured"].get("stroke-dasharray") is None
    assert lines["ie-curve-extrapolated"].get("stroke-dasharray")
    assert lines["ie-curve-bridging"].get("stroke-dasharray")
    (marker,) = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class")]
    assert "now: 1 h" in "".join(marker.itertext())
    cutoff = next(n for n in root.iter() if n.get("class") == "ie-cutoff")
    x = float(cutoff.get("x1"))
    assert x == pytest.approx(PLOT_LEFT + axis_position(12.0) * (PLOT_RIGHT - PLOT_LEFT), abs=0.1)


def test_curve_moves_with_cutoff_and_diameter_not_thickness() -> None:
    base = closure_curve_svg(Tissue(4.5, 3.0))
    assert closure_curve_svg(Tissue(4.5, 3.0), reopen_after_h=24) != base
    assert closure_curve_svg(Tissue(6.0, 3.0)) != base
    assert closure_curve_svg(Tissue(4.5, 7.0)) == base


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"reopen_after_h": 0.5}, ValueError, "reopen_after_h"),
        ({"reopen_after_h": 49}, ValueError, "reopen_after_h"),
        ({"marker_h": 500.0}, ValueError, "marker_h"),
        ({"marker_h": "1 h"}, TypeError, "marker_h"),
        ({"tissue": 4.5}, TypeError, "tissue"),
    ],
)
def test_curve_bad_input(kwargs: dict[str, object], error: type[Exception], name: str) -> None:
    with pytest.raises(error, match=name):
        closure_curve_svg(**kwargs)  # type: ignore[arg-type]


def test_evidence_rows_come_from_the_data() -> None:
    rows = time_scales()
    grades = {row.grade.label for row in rows}
    assert grades == {"measured", "rule of thumb"}
    cutoff = next(row for row in rows if row.span.startswith("about half a day"))
    assert cutoff.grade.label == "rule of thumb"
    assert all(row.from_h <= row.to_h for row in rows)


def test_evidence_figure_is_deterministic_and_described() -> None:
    first = figure_svg(time_scales_figure(), title="Evidence", desc="d" * 50)
    second = figure_svg(time_scales_figure(), title="Evidence", desc="d" * 50)
    assert first == second
    root = _assert_accessible(first)
    words = _texts(root)
    assert "(rule of thumb)" in words and "(measured)" in words
    assert figure_png(time_scales_figure()) == figure_png(time_scales_figure())
    with pytest.raises(TypeError, match="fig"):
        figure_svg("not a figure", title="t", desc="d")  # type: ignore[arg-type]


def test_assets_are_written_with_alt_text(tmp_path: Path) -> None:
    from implant_edu.assets import write_assets

    written = write_assets(tmp_path)
    names = {p.name for p in written}
    assert "ALT_TEXT.md" in names and "closure_curve.svg" in names
    assert "evidence_time_scales.png" in names
    alt = (tmp_path / "ALT_TEXT.md").read_text(encoding="utf-8")
    for path in written:
        if path.suffix == ".svg":
            _assert_accessible(path.read_text(encoding="utf-8"))
        if path.name != "ALT_TEXT.md":
            assert f"`{path.name}`" in alt
    before = {p.name: p.read_bytes() for p in written}
    write_assets(tmp_path)
    assert {p.name: p.read_bytes() for p in written} == before


GAP = 17.0


@given(
    st.lists(st.floats(min_value=-50, max_value=500, allow_nan=False), max_size=12),
    st.floats(min_value=0, max_value=100, allow_nan=False),
)
def test_label_heights_keep_order_gap_and_top(wanted: list[float], top: float) -> None:
    wanted = sorted(wanted)
    heights = spread_labels(wanted, GAP, top)
    assert len(heights) == len(wanted)
    assert all(h >= top - 1e-9 for h in heights)
    assert all(b - a >= GAP - 1e-9 for a, b in itertools.pairwise(heights))


def test_labels_with_room_stay_where_they_point() -> None:
    assert spread_labels([10.0, 50.0, 100.0], GAP, 0.0) == [10.0, 50.0, 100.0]


def test_crowded_labels_spread_around_their_mean() -> None:
    """Three labels wanted at 100, 101 and 102 go to 84, 101 and 118: centred, so
    the leader lines stay short instead of all running downwards."""
    assert spread_labels([100.0, 101.0, 102.0], GAP, 0.0) == [84.0, 101.0, 118.0]
    assert spread_labels([5.0, 6.0, 7.0], GAP, 0.0) == [0.0, 17.0, 34.0]


def test_svg_as_img_keeps_the_picture_and_its_description() -> None:
    svg = svg_document(40.0, 20.0, title="T", desc='Gap < 2 mm & "closing"', body=text(1, 1, "x"))
    img = ET.fromstring(svg_as_img(svg))
    assert img.tag == "img"
    assert img.get("alt") == 'Gap < 2 mm & "closing"'
    head, data = img.get("src").split(",", 1)
    assert head == "data:image/svg+xml;base64"
    assert base64.b64decode(data).decode("utf-8") == svg


def test_svgs_as_imgs_replaces_every_inline_svg_and_nothing_else() -> None:
    one = svg_document(40.0, 20.0, title="A", desc="first", body="")
    two = svg_document(40.0, 20.0, title="B", desc="second", body="")
    html = f"<div><p>before</p>{one}<p>between</p>{two}</div>"
    out = svgs_as_imgs(html)
    assert "<svg" not in out
    assert out == f"<div><p>before</p>{svg_as_img(one)}<p>between</p>{svg_as_img(two)}</div>"
