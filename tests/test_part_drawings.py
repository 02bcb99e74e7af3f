"""Drawings of the parts as they look in the hand: complete, to scale, readable."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from implant_edu.figures import part_drawings as pd
from implant_edu.figures.part_drawings import (
    DRAWING_SCALE,
    ILLUSTRATIVE_WORDS,
    LINEUP_KEYS,
    LINEUP_SCALE,
    THUMBNAIL_HEIGHT,
    THUMBNAIL_SCALE,
    describe,
    drawing,
    drawings,
    part_drawing_svg,
    part_thumbnail_img,
    part_thumbnail_svg,
    parts_lineup_svg,
    write_part_assets,
)
from implant_edu.parts import catalogue

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[1]

# Text boxes are estimated from the number of characters, a little wider than
# DejaVu Sans really draws (0.47 to 0.58 em regular, up to 0.63 em bold).
CHAR_EM = 0.6
BOLD_CHAR_EM = 0.64
MIN_FONT = 16.0


def _all_svgs() -> dict[str, str]:
    out = {
        "lineup": parts_lineup_svg(),
        "lineup with bridge": parts_lineup_svg(list(catalogue())),
        "lineup of what comes out while healing": parts_lineup_svg(
            ["implant_body", "cover_screw", "healing_abutment"]
        ),
        "lineup of one part": parts_lineup_svg(["cover_screw"]),
    }
    for key in catalogue():
        out[f"drawing {key}"] = part_drawing_svg(key)
        out[f"thumbnail {key}"] = part_thumbnail_svg(key)
    return out


ALL_SVGS = _all_svgs()


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def _desc(root: ET.Element) -> str:
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text
    return desc.text


def _box_of_shapes(group: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of every polygon, polyline and line in a group."""
    xs: list[float] = []
    ys: list[float] = []
    for node in group.iter():
        tag = node.tag.removeprefix(SVG)
        if tag in ("polygon", "polyline"):
            for pair in node.get("points", "").split():
                x, y = pair.split(",")
                xs.append(float(x))
                ys.append(float(y))
        elif tag == "line":
            xs += [float(node.get("x1")), float(node.get("x2"))]
            ys += [float(node.get("y1")), float(node.get("y2"))]
        elif tag in ("rect", "ellipse", "circle", "path"):
            pytest.fail(f"part drawn with a <{tag}>: the test cannot measure it")
    return min(xs), min(ys), max(xs), max(ys)


def _parts(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "ie-part"]


def _ruler_scale(root: ET.Element) -> tuple[float, float]:
    """Units per mm and the y of 0 mm, read from the ruler's ticks."""
    ticks = sorted(
        (int(t.get("data-mm")), float(t.get("y1")))
        for t in root.iter(f"{SVG}line")
        if t.get("class") == "ie-ruler-tick"
    )
    assert len(ticks) >= 6, "the ruler has a tick for every mm"
    assert [mm for mm, _ in ticks] == list(range(len(ticks)))
    steps = {round(a[1] - b[1], 3) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1, f"ruler ticks unevenly spaced: {steps}"
    return steps.pop(), ticks[0][1]


def _font(node: ET.Element, root: ET.Element) -> float:
    return float(node.get("font-size") or root.get("font-size"))


def _text_boxes(root: ET.Element) -> list[tuple[str, float, float, float, float]]:
    boxes = []
    for node in root.iter(f"{SVG}text"):
        words = "".join(node.itertext())
        size = _font(node, root)
        em = BOLD_CHAR_EM if node.get("font-weight") == "bold" else CHAR_EM
        width = len(words) * em * size
        x, y = float(node.get("x")), float(node.get("y"))
        left = {"start": x, "middle": x - width / 2, "end": x - width}[
            node.get("text-anchor", "start")
        ]
        boxes.append((words, left, y - 0.8 * size, left + width, y + 0.25 * size))
    return boxes


# --------------------------------------------------------------------------
# Data.


def test_every_catalogue_part_has_a_drawing() -> None:
    assert list(drawings()) == list(catalogue())
    for key in catalogue():
        assert drawing(key).key == key
        assert f'data-key="{key}"' in part_drawing_svg(key)
        assert f'data-key="{key}"' in part_thumbnail_svg(key)
    assert set(LINEUP_KEYS) <= set(catalogue())


def test_drawn_sizes_lie_inside_their_ranges() -> None:
    checked = 0
    for d in drawings().values():
        assert d.width_mm > 0 and d.height_mm > 0 and d.stem_mm >= 0
        for field, basis in d.sizes.items():
            if basis.range_mm is None:
                assert basis.illustrative and basis.source is None
                assert basis.note == ILLUSTRATIVE_WORDS
                continue
            low, high = basis.range_mm
            assert low <= d.size(field) <= high, (d.key, field)
            checked += 1
    assert checked >= 3


def test_sizes_are_the_sourced_ones_or_called_illustrative() -> None:
    implant = drawing("implant_body")
    assert (implant.width_mm, implant.height_mm) == (4.5, 10.0)
    assert implant.sizes["width_mm"].range_mm == (3.0, 6.0)
    assert implant.sizes["height_mm"].range_mm == (6.0, 16.0)
    assert implant.sizes["height_mm"].source.key == "pardo_zamora"
    healing = drawing("healing_abutment")
    assert healing.sizes["height_mm"].range_mm == (2.0, 7.0)
    assert healing.stem_mm > 0 and healing.sizes["stem_mm"].illustrative
    # The brief gives no size for these: every number is illustrative.
    for key in (
        "cover_screw",
        "final_abutment",
        "abutment_screw",
        "screw_retained_crown",
        "cement_retained_crown",
    ):
        assert all(b.illustrative for b in drawing(key).sizes.values()), key
        assert ILLUSTRATIVE_WORDS in describe(key)
    # Shapes that tell the parts apart: the cover screw is low, the healing
    # abutment short, the implant the longest metal part.
    cover = drawing("cover_screw")
    assert cover.total_height_mm < healing.total_height_mm < implant.total_height_mm
    assert cover.height_mm < cover.width_mm / 2


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"range_mm": [2, 7], "source": None, "note": ""}, "outside its range"),
        ({"range_mm": None, "source": "amin", "note": "illustrative"}, "no range"),
        ({"range_mm": None, "source": None, "note": "typical"}, "no range"),
    ],
)
def test_loader_refuses_unsourced_or_out_of_range_sizes(raw: dict, message: str) -> None:
    entry = {
        "shape": "healing_abutment",
        "width_mm": 4.5,
        "height_mm": 9,
        "stem_mm": 0,
        "sizes": {
            "width_mm": {"range_mm": None, "source": None, "note": ILLUSTRATIVE_WORDS},
            "height_mm": raw,
        },
        "cue": ["x"],
        "callouts": {},
    }
    with pytest.raises(ValueError, match=message):
        pd._drawing("healing_abutment", entry)


# --------------------------------------------------------------------------
# True relative scale.


def test_lineup_ruler_and_parts_agree() -> None:
    root = _parse(parts_lineup_svg())
    per_mm, zero_y = _ruler_scale(root)
    assert per_mm == pytest.approx(LINEUP_SCALE)
    groups = _parts(root)
    assert [g.get("data-key") for g in groups] == list(LINEUP_KEYS)
    for group in groups:
        d = drawing(group.get("data-key"))
        left, top, right, bottom = _box_of_shapes(group)
        # One baseline, one scale: drawn height / mm is the ruler's for every part.
        assert bottom == pytest.approx(zero_y, abs=0.11), d.key
        assert (bottom - top) / per_mm == pytest.approx(d.total_height_mm, abs=0.02), d.key
        assert (right - left) / per_mm == pytest.approx(d.width_mm, abs=0.02), d.key
        assert float(group.get("data-height-mm")) == d.total_height_mm


def test_lineup_parts_do_not_touch() -> None:
    root = _parse(parts_lineup_svg(list(catalogue())))
    boxes = sorted(_box_of_shapes(g) for g in _parts(root))
    for a, b in itertools.pairwise(boxes):
        assert a[2] + 10 <= b[0]


@pytest.mark.parametrize("key", list(catalogue()))
def test_single_drawing_and_thumbnail_are_to_scale(key: str) -> None:
    d = drawing(key)
    root = _parse(part_drawing_svg(key))
    per_mm, zero_y = _ruler_scale(root)
    assert per_mm == pytest.approx(DRAWING_SCALE)
    (group,) = _parts(root)
    left, top, right, bottom = _box_of_shapes(group)
    assert bottom == pytest.approx(zero_y, abs=0.11)
    assert (bottom - top) / per_mm == pytest.approx(d.total_height_mm, abs=0.02)
    assert (right - left) / per_mm == pytest.approx(d.width_mm, abs=0.02)

    thumb = _parse(part_thumbnail_svg(key))
    assert thumb.get("viewBox").split()[3] == f"{THUMBNAIL_HEIGHT:g}"
    assert "height:" in thumb.get("style") and "width:auto" in thumb.get("style")
    (bar,) = [g for g in thumb.iter(f"{SVG}g") if g.get("class") == "ie-scale-bar"]
    first = next(bar.iter(f"{SVG}line"))
    bar_units = float(first.get("x2")) - float(first.get("x1"))
    assert bar_units / float(bar.get("data-mm")) == pytest.approx(THUMBNAIL_SCALE)
    (group,) = _parts(thumb)
    left, top, right, bottom = _box_of_shapes(group)
    assert (bottom - top) / THUMBNAIL_SCALE == pytest.approx(d.total_height_mm, abs=0.02)
    assert right - left <= float(thumb.get("viewBox").split()[2])


# --------------------------------------------------------------------------
# Readable, and said in words.


@pytest.mark.parametrize("name", list(ALL_SVGS))
def test_fonts_are_large_and_labels_do_not_overlap(name: str) -> None:
    root = _parse(ALL_SVGS[name])
    _, _, view_w, view_h = (float(v) for v in root.get("viewBox").split())
    boxes = _text_boxes(root)
    for node in root.iter(f"{SVG}text"):
        assert _font(node, root) >= MIN_FONT, "".join(node.itertext())
    for words, left, top, right, bottom in boxes:
        assert left >= 0 and right <= view_w and top >= 0 and bottom <= view_h, words
    for a, b in itertools.combinations(boxes, 2):
        apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
        assert apart, f"labels overlap: {a[0]!r} and {b[0]!r}"


@pytest.mark.parametrize("name", list(ALL_SVGS))
def test_every_picture_has_title_and_desc(name: str) -> None:
    svg = ALL_SVGS[name]
    root = _parse(svg)
    title = root.find(f"{SVG}title")
    assert title is not None and title.text and root.get("aria-label") == title.text
    assert root.get("role") == "img" and root.get("width") is None
    assert len(_desc(root)) > 80
    # Gradients are defined in the same picture that uses them.
    ids = {node.get("id") for node in root.iter() if node.get("id")}
    assert set(re.findall(r"url\(#([\w-]+)\)", svg)) <= ids


def test_gradient_ids_differ_between_pictures() -> None:
    def ids(svg: str) -> set[str]:
        return {n.get("id") for n in _parse(svg).iter() if n.get("id")}

    seen: set[str] = set()
    for svg in (
        parts_lineup_svg(),
        *(part_drawing_svg(k) for k in catalogue()),
        *(part_thumbnail_svg(k) for k in catalogue()),
    ):
        assert not ids(svg) & seen
        seen |= ids(svg)


def test_lineup_desc_and_labels_name_each_part_and_its_size() -> None:
    root = _parse(parts_lineup_svg())
    desc = _desc(root)
    labels = " ".join(
        " ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text"))
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "ie-part-label"
    )
    for key in LINEUP_KEYS:
        d, name = drawing(key), catalogue()[key].name
        assert name in desc
        assert f"{d.width_mm:g} mm wide and {d.height_mm:g} mm" in desc, key
        if d.stem_mm:
            assert f"plus a {d.stem_mm:g} mm" in desc or f"plus {d.stem_mm:g} mm" in desc, key
        # Named in text under the part: never by colour alone.
        assert all(word in labels for word in name.split()), key
    assert "Pardo-Zamora" in desc and ILLUSTRATIVE_WORDS in desc
    assert f"4.5 {pd.TIMES} 10 mm" in labels
    # What the * means and the typical ranges are in the picture, not only
    # in <desc> (which sighted students never see).
    shown = " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert f"* {ILLUSTRATIVE_WORDS}" in shown
    for words in ("3 to 6 mm", "6 to 16 mm", "Pardo-Zamora", "2 to 7 mm"):
        assert words in shown


@pytest.mark.parametrize("keys", [None, list(catalogue())])
def test_lineup_leader_lines_cross_no_label(keys: list[str] | None) -> None:
    root = _parse(parts_lineup_svg(keys))
    boxes = _text_boxes(root)
    leaders = [n for n in root.iter(f"{SVG}line") if n.get("class") == "ie-label-leader"]
    assert leaders, "labels alternate between two rows, joined by leaders"
    for line in leaders:
        x = float(line.get("x1"))
        top, bottom = sorted((float(line.get("y1")), float(line.get("y2"))))
        for words, left, box_top, right, box_bottom in boxes:
            if box_bottom > top and box_top < bottom:
                assert not left - 4 <= x <= right + 4, f"leader at x={x} crosses {words!r}"


@pytest.mark.parametrize("key", list(catalogue()))
def test_single_drawing_desc_names_the_part_size_and_features(key: str) -> None:
    d = drawing(key)
    for svg in (part_drawing_svg(key), part_thumbnail_svg(key)):
        desc = _desc(_parse(svg))
        assert catalogue()[key].name in desc
        assert f"{d.width_mm:g} mm wide and {d.height_mm:g} mm" in desc
    words = " ".join(_parse(part_drawing_svg(key)).itertext())
    for callout in d.callouts.values():
        assert callout.split()[0] in words


def test_thumbnail_img_keeps_its_height_and_says_what_it_shows() -> None:
    import base64

    html = part_thumbnail_img("healing_abutment")
    img = ET.fromstring(html)
    assert img.tag == "img" and "height:" in img.get("style") and "width:auto" in img.get("style")
    assert img.get("alt") and catalogue()["healing_abutment"].name in img.get("alt")
    svg = base64.b64decode(img.get("src").removeprefix("data:image/svg+xml;base64,")).decode()
    assert svg == part_thumbnail_svg("healing_abutment")


# --------------------------------------------------------------------------
# Deterministic, checked input, written as an asset.


def test_output_is_deterministic(tmp_path: Path) -> None:
    assert parts_lineup_svg() == parts_lineup_svg(list(LINEUP_KEYS))
    assert _all_svgs() == ALL_SVGS
    (path,) = write_part_assets(tmp_path)
    first = path.read_bytes()
    write_part_assets(tmp_path)
    assert path.read_bytes() == first
    assert path.name == "parts_lineup.svg"


def test_committed_asset_is_up_to_date() -> None:
    committed = ROOT / "assets" / "parts_lineup.svg"
    assert committed.read_text(encoding="utf-8") == parts_lineup_svg() + "\n", (
        "assets/parts_lineup.svg is stale: run "
        "python -c 'from implant_edu.figures.part_drawings import write_part_assets; "
        'write_part_assets("assets")\''
    )


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: part_drawing_svg("no_such_part"), ValueError, "part key"),
        (lambda: part_drawing_svg(3), TypeError, "part key"),
        (lambda: part_thumbnail_svg(None), TypeError, "part key"),
        (lambda: parts_lineup_svg("implant_body"), TypeError, "keys"),
        (lambda: parts_lineup_svg([]), ValueError, "keys"),
        (lambda: parts_lineup_svg(["cover_screw", "cover_screw"]), ValueError, "keys"),
        (lambda: parts_lineup_svg(["implant_body", "nut"]), ValueError, "part key"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()
