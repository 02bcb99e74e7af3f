"""The pictures: valid, self-describing SVG that draws what the model says."""

from __future__ import annotations

import base64
import itertools
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from implant_edu.figures import closure_curve as curve_module
from implant_edu.figures import cross_section as cross_module
from implant_edu.figures import mouth_view as mouth_module
from implant_edu.figures.closure_curve import (
    CURVE_HOURS,
    PLOT_LEFT,
    PLOT_RIGHT,
    closure_curve_svg,
    curve_marker_svg,
)
from implant_edu.figures.cross_section import (
    CLOSURE_SCALE_PX_PER_MM,
    CLOSURE_SITE_RIGHT,
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
from implant_edu.figures.mouth_view import mouth_view_before_svg, mouth_view_svg
from implant_edu.figures.svg import el, svg_as_img, svg_document, svgs_as_imgs, text
from implant_edu.figures.time_axis import axis_position, duration_label, hours_at
from implant_edu.parts import phases
from implant_edu.style import TISSUE_COLOURS
from implant_edu.timeline import (
    HOURS_MAX,
    REOPEN_AFTER_H_RANGE,
    SURFACE_COVERED_H,
    ClosureState,
    Tissue,
    state_at,
    trajectory,
)

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


SVG = "{http://www.w3.org/2000/svg}"


def _by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [n for n in root.iter() if name in (n.get("class") or "").split()]


def _desc(root: ET.Element) -> str:
    return root.find("s:desc", NS).text or ""


def _label_boxes(root: ET.Element) -> list[tuple[float, float, float, float, str]]:
    """Estimated boxes of every label: width from its length and font size (0.62 em
    a character, an upper bound for DejaVu Sans), one line high."""
    boxes = []
    for node in _by_class(root, "ie-label"):
        words = "".join(node.itertext())
        size = float(node.get("font-size"))
        x, y = float(node.get("x")), float(node.get("y"))
        if node.get("text-anchor") == "middle":
            x -= len(words) * 0.31 * size
        elif node.get("text-anchor") == "end":
            x -= len(words) * 0.62 * size
        boxes.append((x, y - 0.8 * size, x + len(words) * 0.62 * size, y + 0.25 * size, words))
    return boxes


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _segments(root: ET.Element) -> list[list[tuple[float, float]]]:
    leaders = []
    for line in _by_class(root, "ie-leader"):
        xy = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
        leaders.append(list(itertools.pairwise(xy)))
    return leaders


def _cross(s: tuple[tuple[float, float], ...], t: tuple[tuple[float, float], ...]) -> bool:
    """True if two segments cross at a point inside both (touching ends do not count)."""
    (ax, ay), (bx, by) = s
    (cx, cy), (dx, dy) = t
    den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx)
    if abs(den) < 1e-9:
        return False
    u = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den
    v = ((cx - ax) * (by - ay) - (cy - ay) * (bx - ax)) / den
    return 0.02 < u < 0.98 and 0.02 < v < 0.98


tissues = st.builds(
    Tissue,
    abutment_diameter_mm=st.floats(3.0, 6.0),
    mucosa_thickness_mm=st.floats(1.0, 7.0),
    surface_closed_by_h=st.floats(3.0, 24.0),
)
any_hours = st.floats(0.0, HOURS_MAX)
cutoffs = st.floats(*REOPEN_AFTER_H_RANGE)


def _state(hours: float, tissue: Tissue, reopen: float = 12.0) -> ClosureState:
    (state,) = trajectory([hours], reopen_after_h=reopen, tissue=tissue)
    return state


@given(st.sampled_from(list(phases())), tissues)
def test_phase_labels_are_readable_and_never_overlap(key: str, tissue: Tissue) -> None:
    root = _parse(phase_svg(key, tissue))
    assert root.get("viewBox") == f"0 0 {cross_module.WIDTH:g} {cross_module.HEIGHT:g}"
    assert float(root.get("viewBox").split()[2]) == 800.0
    boxes = _label_boxes(root)
    assert len(boxes) >= 4
    for box in boxes:
        assert box[0] >= cross_module.PHASE_SITE_RIGHT, ("label over the drawing", box)
        assert box[2] <= cross_module.WIDTH, ("label off the picture", box)
        assert box[1] >= 0 and box[3] <= cross_module.HEIGHT, ("label off the picture", box)
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), (a, b)
    leaders = _segments(root)
    for one, other in itertools.combinations(leaders, 2):
        assert not any(_cross(s, t) for s in one for t in other), "leader lines cross"
    for leader in leaders:
        for (x0, y0), (x1, y1) in leader:
            for box in boxes:
                assert not _overlap((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), box)
    for node in root.iter(f"{SVG}text"):
        assert float(node.get("font-size") or root.get("font-size")) >= 16.0


@pytest.mark.parametrize("key", list(phases()))
@pytest.mark.parametrize("tissue", [Tissue(3.0, 1.0), Tissue(), Tissue(6.0, 7.0)])
def test_phase_cross_section_draws_each_part_to_scale(key: str, tissue: Tissue) -> None:
    chosen = phases()[key]
    root = _parse(phase_svg(key, tissue))
    drawn = {n.get("data-part") for n in _by_class(root, "ie-part")}
    assert drawn == {p.key for p in chosen.parts} - {"implant_body"}
    (implant,) = _by_class(root, "ie-implant")
    xy = [tuple(map(float, p.split(","))) for p in implant.get("points").split()]
    scale = cross_module.SCALE_PX_PER_MM
    assert (xy[-1][0] - xy[0][0]) / scale == pytest.approx(tissue.abutment_diameter_mm, abs=0.01)
    (arrow,) = _by_class(root, "ie-thickness")
    thickness = (float(arrow.get("y2")) - float(arrow.get("y1"))) / scale
    assert thickness == pytest.approx(tissue.mucosa_thickness_mm, abs=0.01)
    assert float(arrow.get("y2")) == pytest.approx(xy[0][1], abs=0.05), "arrow ends at the bone"
    gum = _by_class(root, "ie-gum")
    assert len(gum) == 2
    if chosen.gum_closed:
        assert "stitches" in _texts(root)


@pytest.mark.parametrize("hours", [0.0, 0.5 / 60, 5 / 60, 0.25, 1.0, 3.0, 6.0, 12.0, 30.0, 200.0])
@pytest.mark.parametrize("diameter", [3.0, 4.5, 6.0])
def test_closure_opening_is_drawn_at_its_width(hours: float, diameter: float) -> None:
    state = state_at(hours, abutment_diameter_mm=diameter)
    root = _assert_accessible(closure_svg(state))
    (opening,) = _by_class(root, "ie-opening")
    drawn_mm = float(opening.get("width")) / CLOSURE_SCALE_PX_PER_MM
    expected = 0.0 if state.surface_closed else state.opening_mm
    assert drawn_mm == pytest.approx(expected, abs=0.01)
    assert float(opening.get("data-opening-mm")) == pytest.approx(state.opening_mm, abs=1e-3)
    assert bool(_by_class(root, "ie-seam")) == state.surface_closed


def test_closure_is_open_for_hours_and_closed_at_12_h_by_default() -> None:
    """The centre of issue 9: open within the first hours, closed at the surface at 12 h."""
    for hours in (0.0, 1.0, 3.0):
        root = _parse(closure_svg(state_at(hours)))
        assert float(_by_class(root, "ie-opening")[0].get("width")) > 2.0, hours
        assert not _by_class(root, "ie-seam")
    root = _parse(closure_svg(state_at(12.0)))
    assert float(_by_class(root, "ie-opening")[0].get("width")) == 0.0
    assert _by_class(root, "ie-seam")
    assert "closed" in _desc(root) and "walls met" in _texts(root)


@pytest.mark.parametrize("hours", [12.0, 30.0, 48.0, 300.0])
def test_closed_surface_and_new_epithelium_point_at_different_things(hours: float) -> None:
    """Once closed, "the walls met" points down the seam and "new epithelium" at the
    bar on top: at 48 h both once ended on the same thin bar, a few units apart."""
    root = _parse(closure_svg(state_at(hours)))
    labels = _by_class(root, "ie-label")
    leaders = _by_class(root, "ie-leader")
    assert len(labels) == len(leaders)
    ends = {
        label.get("data-key"): tuple(map(float, leader.get("points").split()[0].split(",")))
        for label, leader in zip(labels, leaders, strict=True)
    }
    (seam,) = _by_class(root, "ie-seam")
    x, y = ends["opening"]
    assert x == pytest.approx(float(seam.get("x1")))
    top, bottom = float(seam.get("y1")), float(seam.get("y2"))
    assert top + 0.25 * (bottom - top) < y < bottom, "the dot sits on the seam, below the surface"
    if "epithelium" in ends:
        ex, ey = ends["epithelium"]
        assert math.dist((x, y), (ex, ey)) > 30.0


@pytest.mark.parametrize("hours", [0.0, 6.0, 12.0, 20.0, 30.0, 40.0, 48.0, 300.0])
def test_epithelium_grows_across_by_the_bridged_fraction(hours: float) -> None:
    state = state_at(hours)
    root = _parse(closure_svg(state))
    layers = _by_class(root, "ie-epithelium")
    if state.bridged_fraction == 0.0 or state.surface_covered:
        assert not layers
        return
    # from both sides, one unbroken layer once they have met
    assert len(layers) == (1 if state.bridged_fraction >= 1.0 else 2)
    drawn = sum(float(r.get("width")) for r in layers) / CLOSURE_SCALE_PX_PER_MM
    assert drawn == pytest.approx(state.bridged_fraction * 4.5, abs=0.01)
    assert all(
        float(r.get("data-bridged")) == pytest.approx(state.bridged_fraction, abs=1e-3)
        for r in layers
    )
    # The percentage is carried over from other wounds: the label says so.
    assert f"new epithelium {state.bridged_fraction:.0%} (analogy)" in _texts(root)


@pytest.mark.parametrize("policy_h", [12.0, 24.0, 48.0])
def test_the_surface_heals_over_from_5_days(policy_h: float) -> None:
    """Stage 3 (bridged, 48 h) and stage 4 (healed over, 5 days) look different:
    the new layer drawn apart while it bridges is the gum's own surface once
    coverage is complete (an analogy), and the seam fades; the same under
    every policy, which moves the visit, not the gum."""
    bridged = _parse(closure_svg(state_at(48.0, reopen_after_h=policy_h)))
    assert _by_class(bridged, "ie-epithelium")
    assert "new epithelium 100% (analogy)" in _texts(bridged)
    (seam,) = _by_class(bridged, "ie-seam")
    assert float(seam.get("stroke-opacity", "1")) == 1.0
    assert not state_at(SURFACE_COVERED_H - 1.0, reopen_after_h=policy_h).surface_covered
    for hours in (SURFACE_COVERED_H, 14 * 24.0):
        state = state_at(hours, reopen_after_h=policy_h)
        assert state.surface_covered
        healed = _parse(closure_svg(state))
        assert not _by_class(healed, "ie-epithelium")
        assert "surface healed over (analogy)" in _texts(healed)
        assert "new epithelium" not in _texts(healed)
        assert "healed over" in _desc(healed) and "analogy" in _desc(healed)
        (seam,) = _by_class(healed, "ie-seam")
        assert float(seam.get("stroke-opacity", "1")) < 1.0
        # the gum halves' outlines along the seam are covered: one tissue again
        (cover,) = _by_class(healed, "ie-healed")
        x, width = float(cover.get("x")), float(cover.get("width"))
        assert x < float(seam.get("x1")) < x + width
    assert not _by_class(bridged, "ie-healed")


@pytest.mark.parametrize("hours", [5 / 60, 1.0, 3.0])
def test_a_modelled_width_is_labelled_as_the_model(hours: float) -> None:
    """A width between the measured minutes and the closing is the teaching
    model's: a student who copies "0.6 mm at 3 h" from a label must read that."""
    state = state_at(hours)
    assert not state.surface_closed
    assert f"surface gap: {state.opening_mm:.1f} mm (model)" in _texts(_parse(closure_svg(state)))
    seen = _texts(_parse(mouth_view_svg(state)))
    assert f"hole {state.opening_mm:.1f} mm across (model)" in seen
    at_loss = state_at(0.0)
    assert "(model)" not in _texts(_parse(closure_svg(at_loss)))


@pytest.mark.parametrize("draw", [closure_svg, mouth_view_svg])
@pytest.mark.parametrize("hours", [0.0, 3.0, 30.0, 120.0])
def test_text_alternative_names_time_opening_and_stage(draw, hours: float) -> None:
    state = state_at(hours)
    root = _parse(draw(state))
    desc = _desc(root)
    assert duration_label(hours) in desc
    assert state.stage.label in desc and f"Stage {state.stage.order + 1} of 4" in desc
    if state.surface_closed:
        assert "closed" in desc
    else:
        assert f"{state.opening_mm:.1f} mm" in desc
    assert "illustrative" in desc and "not a prediction" in desc
    words = _texts(root)
    assert duration_label(hours) in words and f"Stage {state.stage.order + 1} of 4" in words


def test_closure_view_shows_the_stage_by_number_and_name() -> None:
    root = _parse(closure_svg(state_at(30.0)))
    (stage,) = _by_class(root, "ie-figure-stage")
    assert stage.get("data-stage") == "2"
    assert "".join(stage.itertext()) == "Stage 2 of 4: " + state_at(30.0).stage.label


@given(any_hours, tissues, cutoffs)
def test_labels_are_readable_and_never_overlap(hours: float, tissue: Tissue, reopen: float) -> None:
    state = _state(hours, tissue, reopen)
    for svg, right in (
        (closure_svg(state), CLOSURE_SITE_RIGHT),
        (mouth_view_svg(state), mouth_module.SITE_RIGHT),
    ):
        root = _parse(svg)
        width = float(root.get("viewBox").split()[2])
        boxes = _label_boxes(root)
        assert len(boxes) >= 4
        for box in boxes:
            assert box[0] >= right, ("label over the drawing", box)
            assert box[2] <= width, ("label off the picture", box)
        for a, b in itertools.combinations(boxes, 2):
            assert not _overlap(a, b), (a, b)
        for one, other in itertools.combinations(_segments(root), 2):
            assert not any(_cross(s, t) for s in one for t in other), "leader lines cross"
        for node in _by_class(root, "ie-label"):
            assert float(node.get("font-size")) >= 16.0
        for node in root.iter(f"{SVG}text"):
            assert float(node.get("font-size") or root.get("font-size")) >= 16.0


@given(any_hours, tissues, cutoffs)
def test_every_state_the_model_produces_draws(hours: float, tissue: Tissue, reopen: float) -> None:
    state = _state(hours, tissue, reopen)
    for svg in (closure_svg(state), mouth_view_svg(state), curve_marker_svg(state)):
        root = _assert_accessible(svg)
        assert "nan" not in svg and "inf" not in svg
        assert _by_class(root, "ie-label") or _by_class(root, "ie-marker")


@pytest.mark.parametrize("hours", [0.0, 5 / 60, 1.0, 3.0, 6.0, 11.0, 12.0, 30.0])
@pytest.mark.parametrize("diameter", [3.0, 6.0])
def test_mouth_view_hole_tracks_the_opening(hours: float, diameter: float) -> None:
    state = state_at(hours, abutment_diameter_mm=diameter)
    root = _assert_accessible(mouth_view_svg(state))
    (hole,) = _by_class(root, "ie-hole")
    expected = 0.0 if state.surface_closed else state.opening_mm
    assert 2 * float(hole.get("r")) / mouth_module.SCALE_PX_PER_MM == pytest.approx(
        expected, abs=0.01
    )
    assert bool(_by_class(root, "ie-connection")) == (not state.surface_closed)
    dimple = _by_class(root, "ie-dimple")
    assert bool(dimple) == (state.surface_closed and state.bridged_fraction < 1.0)


@pytest.mark.parametrize("diameter", [3.0, 4.5, 6.0])
def test_the_implant_seen_through_the_hole_keeps_its_size(diameter: float) -> None:
    """The hole narrows over the implant; the implant does not shrink with it: its
    platform and connection keep their size, and the hole shows what it lets through."""
    sizes = set()
    for hours in (0.0, 5 / 60, 1.0, 3.0, 6.0):
        state = state_at(hours, abutment_diameter_mm=diameter)
        root = _parse(mouth_view_svg(state))
        (hole,) = _by_class(root, "ie-hole")
        (connection,) = _by_class(root, "ie-connection")
        platform, hexagon = list(connection)
        sizes.add((platform.get("r"), hexagon.get("points") or hexagon.get("d")))
        clip_id = connection.get("clip-path").removeprefix("url(#").removesuffix(")")
        (clip,) = [c for c in root.iter(f"{SVG}clipPath") if c.get("id") == clip_id]
        (window,) = list(clip)
        assert float(window.get("r")) == pytest.approx(0.82 * float(hole.get("r")), abs=0.1)
    assert len(sizes) == 1, f"the implant changed size as the hole closed: {sizes}"


def test_mouth_view_ends_in_closed_gum() -> None:
    root = _parse(mouth_view_svg(state_at(120.0)))
    assert not _by_class(root, "ie-dimple") and not _by_class(root, "ie-connection")
    assert "closed pink gum" in _texts(root)


@pytest.mark.parametrize("diameter", [3.0, 4.5, 6.0])
def test_mouth_view_before_shows_the_collar(diameter: float) -> None:
    root = _assert_accessible(mouth_view_before_svg(Tissue(diameter, 3.0)))
    (collar,) = _by_class(root, "ie-collar")
    assert collar.get("data-diameter-mm") == f"{diameter:g}"
    circles = [
        float(c.get("r")) for c in collar.iter(f"{SVG}circle") if c.get("stroke-width") == "2"
    ]
    assert 2 * circles[0] / mouth_module.SCALE_PX_PER_MM == pytest.approx(diameter, abs=0.01)
    assert "polished collar" in _texts(root)
    for a, b in itertools.combinations(_label_boxes(root), 2):
        assert not _overlap(a, b)
    for one, other in itertools.combinations(_segments(root), 2):
        assert not any(_cross(s, t) for s in one for t in other), "leader lines cross"
    assert mouth_view_before_svg() == mouth_view_before_svg(Tissue())


@pytest.mark.parametrize("draw", [closure_svg, mouth_view_svg, curve_marker_svg])
def test_state_figures_refuse_other_input(draw) -> None:
    with pytest.raises(TypeError, match="ClosureState"):
        draw(12.0)
    with pytest.raises(TypeError, match="Tissue"):
        mouth_view_before_svg({"abutment_diameter_mm": 4})  # type: ignore[arg-type]


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
    [
        (0.0, "0 s"),
        (30 / 3600, "30 s"),
        (2 / 60, "2 min"),
        (12.0, "12 h"),
        (48.0, "48 h"),
        (72.0, "3 days"),
        (336.0, "14 days"),
    ],
)
def test_duration_labels(hours: float, label: str) -> None:
    assert duration_label(hours) == label


def _curve(tissue: Tissue | None = None, reopen: float = 12.0) -> str:
    states = trajectory(list(CURVE_HOURS), reopen_after_h=reopen, tissue=tissue)
    return closure_curve_svg(states, reopen_after_h=reopen)


def _x(hours: float) -> float:
    return PLOT_LEFT + axis_position(hours) * (PLOT_RIGHT - PLOT_LEFT)


def test_curve_is_drawn_by_evidence_grade() -> None:
    root = _assert_accessible(_curve())
    lines = {p.get("class"): p for p in root.iter(f"{SVG}polyline")}
    assert lines["ie-curve-measured"].get("stroke-dasharray") is None
    dashes = {lines[f"ie-curve-{k}"].get("stroke-dasharray") for k in ("rule-of-thumb", "analogy")}
    assert None not in dashes and len(dashes) == 2  # dashed and dotted, told apart

    # Measured: 0 to 20 min; rule of thumb: 20 min to closure (12 h); analogy: from 12 h.
    def xs(key: str) -> list[float]:
        return [float(p.split(",")[0]) for p in lines[f"ie-curve-{key}"].get("points").split()]

    assert xs("measured")[0] == pytest.approx(_x(0.0), abs=0.1)
    assert xs("measured")[-1] == pytest.approx(_x(1 / 3), abs=0.1)
    assert xs("rule-of-thumb")[0] == pytest.approx(_x(1 / 3), abs=0.1)
    assert xs("rule-of-thumb")[-1] == pytest.approx(_x(12.0), abs=0.1)
    assert xs("analogy")[0] == pytest.approx(_x(12.0), abs=0.1)
    words = _texts(root)
    for grade in ("measured", "rule of thumb", "measured in other wounds (analogy)"):
        assert grade in words
    assert "not measured" in words
    assert "VOLUME" in words and "assumption" in words
    assert "epithelium, model (%)" in words


def test_the_epithelium_curve_is_not_read_as_the_opening() -> None:
    """After 12 h the epithelium (right axis, %) rises while the opening (left axis,
    mm) stays at 0: in one colour a student reads the gap opening up again. The
    epithelium's curve, legend sample and axis are drawn in its colour in the
    cross-section; the opening's in another."""
    root = _parse(_curve())
    lines = {p.get("class"): p for p in root.iter(f"{SVG}polyline")}
    epithelium = TISSUE_COLOURS["epithelium"]
    assert lines["ie-curve-analogy"].get("stroke") == epithelium
    for key in ("measured", "rule-of-thumb"):
        assert lines[f"ie-curve-{key}"].get("stroke") != epithelium
    (sample,) = _by_class(root, "ie-legend-analogy")
    assert sample.get("stroke") == epithelium
    titles = {t.text: t.get("fill") for t in _by_class(root, "ie-axis-title")}
    assert titles["epithelium, model (%)"] == epithelium
    assert titles["opening at the surface (mm)"] != epithelium
    right_ticks = [t for t in root.iter(f"{SVG}text") if t.get("x") == f"{PLOT_RIGHT + 10:g}"]
    assert [t.text for t in right_ticks] == ["0%", "50%", "100%"]
    assert {t.get("fill") for t in right_ticks} == {epithelium}


def test_curve_shows_the_measured_points_as_volume_lost() -> None:
    from implant_edu.timeline import COLLAPSE_POINTS

    root = _parse(_curve())
    dots = _by_class(root, "ie-measured-point")
    assert [float(d.get("data-volume-lost")) for d in dots] == [v for _, v in COLLAPSE_POINTS]
    for dot, (seconds, _) in zip(dots, COLLAPSE_POINTS, strict=True):
        assert float(dot.get("cx")) == pytest.approx(_x(seconds / 3600), abs=0.1)
    # Each point carries its own time and number, under it, spanning its own
    # point but not the one before ("14% vol." once sat between 2 and 5 min,
    # and the "5 min" label once began under the 2 min point; 5 min has no
    # tick of its own), and nearer to it than to any other point.
    boxes = {box[4]: box for box in _label_boxes(root)}
    centres = [(float(d.get("cx")), float(d.get("cy"))) for d in dots]
    for k, (seconds, lost) in enumerate(COLLAPSE_POINTS):
        left, top, right, bottom, words = boxes[f"{duration_label(seconds / 3600)}: {lost:.0%}"]
        assert top > centres[k][1], words
        spans = [left <= cx <= right for cx, _ in centres]
        assert spans[k] and not (k and spans[k - 1]), (words, spans)
        middle = ((left + right) / 2, (top + bottom) / 2)
        distances = [math.dist(middle, c) for c in centres]
        assert min(distances) == distances[k], (words, distances)


@pytest.mark.parametrize("reopen", [1.0, 12.0, 24.0, 48.0])
def test_curve_marks_the_cutoff_and_numbered_stages(reopen: float) -> None:
    root = _parse(_curve(reopen=reopen))
    words = _texts(root)
    assert f"cut-off {duration_label(reopen)} (rule of thumb)" in words
    (cutoff,) = _by_class(root, "ie-cutoff")
    assert float(cutoff.get("x1")) == pytest.approx(_x(reopen), abs=0.1)
    bands = _by_class(root, "ie-band")
    assert [b.get("data-stage") for b in bands] == ["1", "2", "3", "4"]
    for stage_label in ("Reseat under numbing", "Re-open surgically"):
        assert stage_label in words
    for a, b in itertools.combinations(_label_boxes(root), 2):
        assert not _overlap(a, b), (a, b)


def test_curve_moves_with_cutoff_and_diameter_not_thickness() -> None:
    base = _curve(Tissue(4.5, 3.0))
    assert _curve(Tissue(4.5, 3.0), reopen=24) != base
    assert _curve(Tissue(6.0, 3.0)) != base
    assert _curve(Tissue(4.5, 7.0)) == base


@pytest.mark.parametrize("hours", [0.0, 30 / 3600, 1.0, 3.0, 12.0, 30.0, 200.0, 336.0])
def test_marker_sits_on_the_time_axis_with_the_same_viewbox(hours: float) -> None:
    state = state_at(hours)
    marker = _assert_accessible(curve_marker_svg(state))
    assert marker.get("viewBox") == _parse(_curve()).get("viewBox")
    (group,) = _by_class(marker, "ie-marker")
    line = group.find("s:line", NS)
    assert float(line.get("x1")) == pytest.approx(_x(hours), abs=0.1)
    assert float(group.get("data-x")) == pytest.approx(_x(hours), abs=0.1)
    words = "".join(group.itertext())
    assert words.startswith(f"now: {duration_label(hours)}")
    assert ("closed" in words) == state.surface_closed
    assert not _by_class(marker, "ie-band")  # only the marker: the base is drawn once
    assert 'fill="#FFFFFF" x="0"' not in curve_marker_svg(state)  # no opaque background
    # Above the dot the line is a thin dashed leader from the label; the
    # strong line runs from the dot to the time axis. Every word of the base
    # layer either crosses is drawn again over it with a white halo (the
    # line passes behind the letters), and no other word is.
    (strong,) = _by_class(group, "ie-marker-line")
    (leader,) = _by_class(group, "ie-marker-leader")
    dot_y = float(_by_class(group, "ie-marker-dot")[0].get("cy"))
    assert float(strong.get("y1")) == pytest.approx(dot_y)
    assert float(strong.get("y2")) == pytest.approx(curve_module.PLOT_BOTTOM)
    assert float(leader.get("y2")) == pytest.approx(dot_y)
    assert float(leader.get("y1")) < curve_module.STAGE_STRIP_TOP  # from above the stage strip
    assert float(leader.get("stroke-width")) <= 1.0 and leader.get("stroke-dasharray")
    x = float(group.get("data-x"))
    base = _parse(_curve())
    crossed = {
        (words, round(box[0], 1))
        for *box, words in _label_boxes(base)
        if box[0] <= x <= box[2] and box[1] < curve_module.PLOT_BOTTOM
    }
    halos = _by_class(marker, "ie-marker-halo")
    drawn = {"".join(h.itertext()) for h in halos}
    assert {words for words, _ in crossed} == drawn, (hours, crossed, drawn)
    for halo in halos:
        assert halo.get("stroke") == "#FFFFFF" and halo.get("paint-order") == "stroke"
        twin = [
            t for t in base.iter(f"{SVG}text")
            if "".join(t.itertext()) == "".join(halo.itertext())
            and t.get("x") == halo.get("x") and t.get("y") == halo.get("y")
        ]  # fmt: skip
        assert twin, f"halo {''.join(halo.itertext())!r} is not where the base draws it"


@pytest.mark.parametrize("hours", [336.5, 400.0, 504.0, HOURS_MAX])
def test_marker_past_the_axis_stays_at_its_end_and_tells_the_truth(hours: float) -> None:
    group = _by_class(_parse(curve_marker_svg(state_at(hours))), "ie-marker")[0]
    assert float(group.get("data-x")) == pytest.approx(PLOT_RIGHT, abs=0.1)
    words = "".join(group.itertext())
    assert f"now: {duration_label(hours)}" in words and "closed" in words
    rect = group.find("s:rect", NS)
    assert float(rect.get("x")) >= 0 and float(rect.get("x")) + float(rect.get("width")) <= 800


@given(tissues, cutoffs, st.lists(any_hours, min_size=1, max_size=30))
def test_curve_accepts_every_trajectory(tissue: Tissue, reopen: float, hours: list[float]) -> None:
    svg = closure_curve_svg(
        trajectory(hours, reopen_after_h=reopen, tissue=tissue), reopen_after_h=reopen
    )
    root = _assert_accessible(svg)
    assert "nan" not in svg and "inf" not in svg
    boxes = _label_boxes(root)
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), (a, b)
    assert all(box[0] >= 0 and box[2] <= 800 for box in boxes), boxes


@given(any_hours, tissues, cutoffs)
def test_marker_label_stays_in_its_row_and_on_the_picture(
    hours: float, tissue: Tissue, reopen: float
) -> None:
    state = _state(hours, tissue, reopen)
    group = _by_class(_parse(curve_marker_svg(state)), "ie-marker")[0]
    rect = group.find("s:rect", NS)
    x0, w = float(rect.get("x")), float(rect.get("width"))
    assert x0 >= 0 and x0 + w <= 800
    # The row above the stage bands is kept free in the base layer.
    assert float(rect.get("y")) + float(rect.get("height")) <= curve_module.PLOT_TOP - 24
    label = _by_class(group, "ie-marker-label")[0]
    assert float(label.get("font-size")) >= 16
    assert len("".join(label.itertext())) * 0.62 * 16 <= w


@pytest.mark.parametrize(
    ("states", "kwargs", "error", "name"),
    [
        ("ok", {"reopen_after_h": 0.5}, ValueError, "reopen_after_h"),
        ("ok", {"reopen_after_h": 49}, ValueError, "reopen_after_h"),
        ([], {"reopen_after_h": 12}, TypeError, "states"),
        ([1.0], {"reopen_after_h": 12}, TypeError, "states"),
        ("mixed", {"reopen_after_h": 12}, ValueError, "one site"),
    ],
)
def test_curve_bad_input(
    states: object, kwargs: dict[str, object], error: type[Exception], name: str
) -> None:
    if states == "ok":
        states = trajectory([0.0, 1.0])
    elif states == "mixed":
        states = (state_at(1.0), state_at(1.0, abutment_diameter_mm=6.0))
    with pytest.raises(error, match=name):
        closure_curve_svg(states, **kwargs)  # type: ignore[arg-type]


def test_curve_hours_cover_the_axis() -> None:
    assert CURVE_HOURS[0] == 0.0 and CURVE_HOURS[-1] == curve_module.AXIS_MAX_H
    assert list(CURVE_HOURS) == sorted(set(CURVE_HOURS)) and len(CURVE_HOURS) <= 400
    assert 1 / 3 in CURVE_HOURS and 12.0 in CURVE_HOURS


def test_evidence_rows_come_from_the_data() -> None:
    rows = time_scales()
    grades = {row.grade.label for row in rows}
    assert grades == {"measured", "rule of thumb", "measured in other wounds (analogy)"}
    cutoff = next(row for row in rows if row.span.startswith("about half a day"))
    assert cutoff.grade.label == "rule of thumb"
    assert all(row.from_h <= row.to_h for row in rows)


def test_evidence_figure_is_deterministic_and_described() -> None:
    first = figure_svg(time_scales_figure(), title="Evidence", desc="d" * 50)
    second = figure_svg(time_scales_figure(), title="Evidence", desc="d" * 50)
    assert first == second
    root = _assert_accessible(first)
    words = _texts(root)
    assert ": rule of thumb" in words and ": measured" in words
    assert ": measured in other wounds (analogy)" in words
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
