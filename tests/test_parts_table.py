"""Lesson 03's parts table and line-up, generated from the catalogue; thumbnails in the triage."""

from __future__ import annotations

import base64
import json
import re
from html import unescape
from pathlib import Path

from implant_edu.figures.part_drawings import (
    LINEUP_KEYS,
    THUMBNAIL_HEIGHT_EM,
    describe,
    part_thumbnail_svg,
    parts_lineup_svg,
)
from implant_edu.parts import catalogue
from implant_edu.triage import (
    identify,
    meanwhile_advice,
    phone_questions,
    red_flag_catalogue,
    triage,
)
from implant_edu.widgets.parts_table import (
    COLUMNS,
    NO_STUDY_FOR_NUMBERS,
    parts_lineup,
    parts_table,
    parts_table_html,
)
from implant_edu.widgets.triage_explorer import (
    phone_checklist,
    triage_examples,
    triage_explorer,
    triage_html,
)

LESSON = Path(__file__).resolve().parents[1] / "notebooks" / "03_something_fell_out.ipynb"


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr\b.*?</tr>", body, re.DOTALL)


def _img_svgs(html: str) -> list[str]:
    return [
        base64.b64decode(uri).decode("utf-8")
        for uri in re.findall(r"src=\"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\"", html)
    ]


def test_one_row_per_catalogue_part_in_order() -> None:
    html = parts_table().data
    rows = _rows(html)
    assert len(rows) == len(catalogue())
    assert [re.search(r"data-part='([a-z_]+)'", r).group(1) for r in rows] == list(catalogue())  # type: ignore[union-attr]
    for row, item in zip(rows, catalogue().values(), strict=True):
        assert "<th scope='row'" in row and item.name in row


def test_every_field_a_student_needs_is_shown_from_the_data() -> None:
    rows = _rows(parts_table_html())
    for row, item in zip(rows, catalogue().values(), strict=True):
        text = _text(row)
        for name in item.also_called:
            assert name in text, (item.key, name)
        assert " ".join(item.what_it_is.split()) in text
        assert " ".join(item.dimensions.split()) in text, item.key
        assert " ".join(item.looks_like.split()) in text, item.key
        for found in item.dimension_sources:
            assert found.short in text
        if not item.dimension_sources:
            # A number with no source says so; a size with no number needs no source.
            has_number = any(c.isdigit() for c in item.dimensions)
            assert (NO_STUDY_FOR_NUMBERS in text) == has_number, item.key


def test_each_row_carries_its_parts_thumbnail_as_an_img() -> None:
    rows = _rows(parts_table_html())
    for row, key in zip(rows, catalogue(), strict=True):
        pictures = _img_svgs(row)
        assert pictures == [part_thumbnail_svg(key)], key
        assert "ie-part-thumbnail" in row
        # the cell is wide enough for the drawing at its common height: not squeezed
        width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', pictures[0]).groups())  # type: ignore[union-attr]
        cell_em = float(re.search(r"min-width:([0-9.]+)em", row).group(1))  # type: ignore[union-attr]
        assert cell_em >= THUMBNAIL_HEIGHT_EM * width / height - 0.05, key
        assert unescape(re.search(r"alt=\"([^\"]*)\"", row).group(1)).endswith(describe(key))  # type: ignore[union-attr]


def test_no_inline_svg_and_an_accessible_scrollable_table() -> None:
    html = parts_table_html()
    assert "<svg" not in html
    assert html.startswith("<div") and "tabindex='0'" in html and "role='region'" in html
    assert re.search(r"aria-label='[^']+'", html)
    assert html.count("<table>") == 1 and "<caption>" in html
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    headers = re.findall(r"<th scope='col'[^>]*>(.*?)</th>", head)
    assert headers == [h for h in COLUMNS]
    assert all(h.strip() for h in headers), "no empty header cell"
    assert "also called" in headers and "size" in headers and "how to tell it apart" in headers


def test_the_lineup_is_an_img_of_the_true_scale_lineup() -> None:
    html = parts_lineup().data
    assert "<svg" not in html and html.count("<img") == 1
    (picture,) = _img_svgs(html)
    assert picture == parts_lineup_svg()
    assert "ie-ruler" in picture
    for key in LINEUP_KEYS:
        assert f'data-key="{key}"' in picture, key


def test_lesson_03_calls_the_generated_table_and_lineup() -> None:
    cells = json.loads(LESSON.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells]
    code = [s for s, c in zip(sources, cells, strict=True) if c["cell_type"] == "code"]
    assert any("parts_table()" in s for s in code)
    assert any("parts_lineup()" in s for s in code)
    markdown = [s for s, c in zip(sources, cells, strict=True) if c["cell_type"] == "markdown"]
    assert not any("| part |" in s for s in markdown), "the retyped table is gone"
    assert all("slideshow" in c["metadata"] for c in cells)


# --- the triage explorer's results carry each part's thumbnail ----------------------


def test_each_candidate_shows_its_thumbnail_beside_its_name() -> None:
    result = triage(rounded_polished_top=True, hours_since_loss=2)
    html = triage_html(result)
    cards = html.split("class='ie-triage-candidate'")[1:]
    assert cards
    for card, candidate in zip(cards, result.candidates, strict=False):
        card = card.split("ie-triage-candidate", 1)[0]
        pictures = _img_svgs(card)
        assert pictures == [part_thumbnail_svg(candidate.part.key)]
        assert card.index("<img") < card.index(candidate.part.name)
    assert "<svg" not in html


def test_the_explorer_and_the_examples_carry_thumbnails() -> None:
    view = triage_explorer()
    view.controls["threads_along_body"].value = "yes"
    panel = view.controls["panel"].value
    best = identify(threads_along_body=True)[0]
    assert _img_svgs(panel)[0] == part_thumbnail_svg(best.part.key)
    examples = triage_examples().data
    assert "<svg" not in examples and "ie-part-thumbnail" in examples


def test_the_phone_checklist_is_generated_from_the_triage_data() -> None:
    html = phone_checklist().data
    text = _text(html)
    for question in phone_questions():
        assert question.question in text
    for flag in red_flag_catalogue().values():
        assert flag.title in text and " ".join(flag.what_to_do.split()) in text
        assert flag.urgency.label in text
    for line in meanwhile_advice().values():
        assert line in text
    assert "consensus" in text and "rule of thumb" in text
    cells = json.loads(LESSON.read_text(encoding="utf-8"))["cells"]
    assert any("phone_checklist()" in "".join(c["source"]) for c in cells)
    markdown = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "keeps the part clean and dry" not in markdown, "the retyped list is gone"
