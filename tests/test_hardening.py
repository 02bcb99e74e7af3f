"""Bad input gets a short, clear error that names what was wrong (issue 11, hardening).

* Huge integers and ragged lists reach the model's public functions as
  ``ValueError`` naming ``hours``, like any other bad time.
* A very long bad value gives a short message.
* The SVG helpers refuse NaN and infinities and drop control characters.
* ``load_yaml`` / ``data_file`` cannot read outside the package's data folder.
* ``student`` (``make student``) never writes over the source notebooks.
"""

from __future__ import annotations

import math
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from implant_edu import timeline
from implant_edu._validate import check_choice, check_number, shown
from implant_edu.evidence import data_file, load_yaml
from implant_edu.figures import svg
from implant_edu.tools import student

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "01_start_here.ipynb"
MESSAGE_MAX = 300
"""A message longer than this floods a student's screen."""

PUBLIC = [timeline.state_at, timeline.opening_mm, timeline.opening_fraction]


@pytest.mark.parametrize("function", PUBLIC, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "hours", [10**400, -(10**400), 10**5000], ids=["1e400", "-1e400", "1e5000"]
)
def test_huge_integers_are_out_of_range(function, hours: int) -> None:
    # 10**5000 is past Python's limit for printing an int: the message must not fail.
    with pytest.raises(ValueError, match=r"^hours must be a finite number from 0 to") as raised:
        function(hours)
    assert "digits" in str(raised.value)
    assert len(str(raised.value)) < MESSAGE_MAX


@pytest.mark.parametrize("function", PUBLIC[1:], ids=lambda f: f.__name__)
def test_a_huge_integer_in_a_list_is_named_with_its_index(function) -> None:
    with pytest.raises(ValueError, match=r"^hours must be .* at index \(1,\)"):
        function([1.0, 10**400])


@pytest.mark.parametrize("function", PUBLIC[1:], ids=lambda f: f.__name__)
@pytest.mark.parametrize("ragged", [[[1.0], [1.0, 2.0]], [1.0, [2.0, 3.0]]], ids=["rows", "mixed"])
def test_ragged_lists_name_the_parameter(function, ragged: list) -> None:
    with pytest.raises(ValueError, match=r"^hours must be .* the same length"):
        function(ragged)


@pytest.mark.parametrize("function", PUBLIC, ids=lambda f: f.__name__)
def test_a_long_bad_value_gives_a_short_message(function) -> None:
    with pytest.raises(TypeError, match=r"^hours must be") as raised:
        function("x" * 100_000)
    message = str(raised.value)
    assert len(message) < MESSAGE_MAX
    assert "100,002 characters" in message  # says how long the value was


def test_long_values_are_cut_in_every_check() -> None:
    with pytest.raises(ValueError) as number:
        check_number("gum_mm", 10.0**300, 0.0, 10.0)  # a float's repr is short: kept
    assert "1e+300" in str(number.value)
    with pytest.raises(ValueError) as choice:
        check_choice("stage", "y" * 100_000, {"a": 1, "b": 2})
    assert len(str(choice.value)) < MESSAGE_MAX
    assert str(choice.value).startswith("stage must be one of a, b, got 'yyy")


def test_shown_never_fails() -> None:
    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError("no repr")

    assert shown(Broken()) == "a Broken that cannot be shown"
    assert shown(12.5) == "12.5"
    assert len(shown(list(range(100_000)))) < 100


def _parses(markup: str) -> ET.Element:
    return ET.fromstring(markup)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_svg_refuses_non_finite_numbers(bad: float) -> None:
    with pytest.raises(ValueError, match="SVG attribute x must be a finite number"):
        svg.text(bad, 1.0, "label")
    with pytest.raises(ValueError, match="SVG attribute y must be a finite number"):
        svg.text(1.0, bad, "label")
    with pytest.raises(ValueError, match="SVG attribute stroke-width must be a finite number"):
        svg.el("line", x1=0.0, stroke_width=bad)
    with pytest.raises(ValueError, match="SVG point must be a finite number"):
        svg.points([(0.0, 0.0), (1.0, bad)])
    with pytest.raises(ValueError, match="SVG coordinate must be a finite number"):
        svg.fmt(bad)
    with pytest.raises(ValueError, match="SVG font_size must be a finite number"):
        svg.svg_document(100, 100, title="t", desc="d", body="", font_size=bad)


def test_svg_numbers_still_work() -> None:
    assert svg.fmt(12.0) == "12"
    assert svg.points([(0, 1.25), (2.0, 3)]) == "0,1.2 2,3"
    assert svg.attrs(width=10, height=2.5, class_="a") == ' width="10" height="2.5" class="a"'


CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f\ud800\ufffe"


def test_svg_drops_control_characters() -> None:
    label = svg.text(1.0, 2.0, f"gum{CONTROL}\tclosed\n")
    assert label == '<text x="1" y="2">gum\tclosed\n</text>'
    picture = svg.svg_document(
        100,
        100,
        title=f"Ti{CONTROL}tle",
        desc=f"De{CONTROL}sc <b>",
        body=label + svg.el("rect", class_=f"a{CONTROL}b"),
    )
    assert not any(c in picture for c in CONTROL)
    root = _parses(picture)  # well-formed XML: it would not parse with a control character
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "Title"
    assert root.find(f"{ns}desc").text == "Desc <b>"
    assert root.get("aria-label") == "Title"
    assert root.find(f"{ns}rect").get("class") == "ab"
    img = svg.svg_as_img(picture)  # encodes to UTF-8: no lone surrogate left
    assert 'alt="Desc &lt;b&gt;"' in img


def test_svg_title_of_control_characters_only_is_empty() -> None:
    with pytest.raises(ValueError, match="title must be a non-empty string"):
        svg.svg_document(100, 100, title="\x00\x01", desc="d", body="")


def test_data_files_still_load() -> None:
    assert "sources" not in load_yaml("sources.yaml")  # keyed by source, parsed
    assert data_file("quiz", "07_review.yaml").is_file()


@pytest.mark.parametrize(
    "parts",
    [
        ("..", "pyproject.toml"),
        ("../../pyproject.toml",),
        ("quiz", "..", "..", "..", "pyproject.toml"),
        (str(ROOT / "pyproject.toml"),),
        ("/etc/passwd",),
        ("quiz/07_review.yaml",),
        ("quiz\\07_review.yaml",),
        ("C:pyproject.toml",),
        ("",),
        (".",),
    ],
)
def test_data_files_stay_in_the_data_folder(parts: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="plain names inside implant_edu/data"):
        load_yaml(*parts)
    with pytest.raises(ValueError, match="plain names inside implant_edu/data"):
        data_file(*parts)


def test_data_file_names_are_strings() -> None:
    with pytest.raises(TypeError, match="a data file name must be a string"):
        load_yaml(Path("sources.yaml"))  # type: ignore[arg-type]


@pytest.fixture
def lessons(tmp_path: Path) -> list[Path]:
    """Two source lessons in a folder of their own (copies of a real lesson)."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    copies = [folder / "01_a.ipynb", folder / "02_b.ipynb"]
    for copy in copies:
        shutil.copyfile(LESSON, copy)
    return copies


def _contents(paths: list[Path]) -> list[bytes]:
    return [p.read_bytes() for p in paths]


def test_student_copies_refuse_the_source_folder(lessons: list[Path], capsys) -> None:
    before = _contents(lessons)
    with pytest.raises(ValueError, match="refusing to write student copies into"):
        student.write_student_copies(lessons[0].parent, lessons)
    # The command says so and fails, as `make student OUT=notebooks` would.
    argv = [str(lessons[0].parent), *map(str, lessons)]
    assert student.main(argv) == 2
    assert "holds the source notebooks" in capsys.readouterr().err
    assert _contents(lessons) == before


def test_student_copies_refuse_a_link_to_the_source_folder(
    lessons: list[Path], tmp_path: Path
) -> None:
    before = _contents(lessons)
    link = tmp_path / "link"
    link.symlink_to(lessons[0].parent, target_is_directory=True)
    with pytest.raises(ValueError, match="refusing to write student copies into"):
        student.write_student_copies(link, lessons)
    # A copy that would land on a source through a hard link is refused too.
    out = tmp_path / "out"
    out.mkdir()
    os.link(lessons[1], out / lessons[1].name)
    with pytest.raises(ValueError, match="it is the source notebook"):
        student.write_student_copies(out, lessons)
    assert _contents(lessons) == before
    assert not (out / lessons[0].name).exists(), "nothing is written when one copy is refused"


def test_student_copies_go_elsewhere(lessons: list[Path], tmp_path: Path) -> None:
    before = _contents(lessons)
    written = student.write_student_copies(tmp_path / "student", lessons)
    assert [p.name for p in written] == [p.name for p in lessons]
    assert all(p.parent == tmp_path / "student" for p in written)
    assert _contents(lessons) == before
    assert all(p.read_bytes() != b for p, b in zip(written, before, strict=True))
