"""References students can look up: one style, full citations, no "course brief"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from implant_edu import lesson
from implant_edu.evidence import sources

ROOT = Path(__file__).resolve().parents[1]
STUDENT_FILES = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "implant_edu" / "data").rglob("*.yaml")
)


def test_every_source_has_a_citation_in_one_style() -> None:
    for found in sources().values():
        assert found.citation.endswith((".", ".)")), found.key
        # Journal citations in the one style: "Journal year;volume:pages."
        if re.search(r"\d{4};\d", found.citation):
            assert re.search(r"\b(19|20)\d\d;\d+(\(Suppl[^)]*\))?:S?\d+-S?\d+\.", found.citation), (
                found.key
            )


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("berglundh_lindhe_1996", "J Clin Periodontol 1996;23:971-973."),
        ("li_2019", "doi:10.1016/j.prosdent.2018.07.020"),
        ("jpd_1981", "(Authors not given here.)"),
        ("misch_2008", "Implant Dent 2008;17:5-15."),
    ],
)
def test_full_citations_where_known(key: str, words: str) -> None:
    assert words in sources()[key].citation


def test_reference_list_uses_the_full_citation() -> None:
    text = lesson.references("tarnow_2000", "amin").data
    assert text.startswith("1. Tarnow DP, Cho SC, Wallace SS.")
    assert "\n2. Amin RA." in text
    everything = lesson.course_references().data
    assert all(s.citation in everything for s in sources().values())
    with pytest.raises(TypeError, match="at least one source"):
        lesson.references()


@pytest.mark.parametrize("path", STUDENT_FILES, ids=lambda p: p.name)
def test_students_never_see_course_brief(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yaml":
        # comments are for developers; what is loaded is what students see
        text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert "course brief" not in text.lower()
