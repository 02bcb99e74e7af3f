"""Evidence grades and the sources the lessons cite.

The clinical brief behind the kit grades every fact: *measured* (a study measured it),
*consensus* (a professional consensus or systematic review) or *rule of thumb*
(clinicians' practice, not measured). The lessons carry the grade with the
fact so that students learn to tell evidence from habit.

The sources live in ``data/sources.yaml``; this module only loads and looks
them up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from implant_edu._validate import check_choice, shown


class Grade(Enum):
    """How strong the evidence behind a fact is (clinical brief, introduction).

    ``ANALOGY`` is a measurement made in another kind of wound (gingival
    incisions, gingivectomy) and carried over to the channel of a lost healing
    abutment: the brief asks for it to be called "measured in other wounds
    (analogy)", never plain "measured".
    """

    MEASURED = "measured"
    ANALOGY = "analogy"
    CONSENSUS = "consensus"
    RULE_OF_THUMB = "rule of thumb"

    @property
    def label(self) -> str:
        """The grade as the lessons print it, e.g. ``"rule of thumb"``."""
        return _GRADE_LABELS.get(self, self.value)

    @property
    def meaning(self) -> str:
        """One sentence on what the grade means for a student."""
        return _GRADE_MEANINGS[self]


_GRADE_LABELS = {Grade.ANALOGY: "measured in other wounds (analogy)"}

_GRADE_MEANINGS = {
    Grade.MEASURED: "a study measured it",
    Grade.ANALOGY: (
        "a study measured it in another kind of wound (an incision, a gingivectomy), "
        "not in the channel of a lost healing abutment"
    ),
    Grade.CONSENSUS: "a professional consensus or a systematic review states it",
    Grade.RULE_OF_THUMB: "clinicians' practice, not measured by any study",
}


def _check_data_name(part: object) -> str:
    """One plain file or folder name: no separator, no ``..``, nothing absolute."""
    if not isinstance(part, str):
        raise TypeError(
            f"a data file name must be a string, got {shown(part)} of type {type(part).__name__}"
        )
    if part in ("", ".", "..") or any(sep in part for sep in ("/", "\\", ":", "\0")):
        raise ValueError(
            f"data file names are plain names inside implant_edu/data, one per argument "
            f"(e.g. data_file('quiz', '07_review.yaml')): no '..', no absolute path, no "
            f"separator; got {shown(part)}"
        )
    return part


def data_file(*parts: str) -> Traversable:
    """A file or folder under ``implant_edu/data``, e.g. ``data_file("quiz")``.

    Each of ``parts`` is one plain name, so nothing outside the package's data
    folder can be reached.

    Raises
    ------
    TypeError, ValueError
        For a part that is not a string, or that holds ``..``, a path
        separator or a drive, or is empty.
    """
    path = resources.files("implant_edu").joinpath("data")
    for part in parts:
        path = path.joinpath(_check_data_name(part))
    return path


def load_yaml(*parts: str) -> Any:
    """Parse ``implant_edu/data/<parts...>`` (the package's data files; see ``data_file``)."""
    return yaml.safe_load(data_file(*parts).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Source:
    """A source the lessons cite.

    Attributes
    ----------
    key
        Stable short id used by code and data files, e.g. ``"li_2019"``.
    short
        In-text citation, e.g. ``"Li et al., J Prosthet Dent 2019"``.
    detail
        What the source is and what it found, in the kit's own words.
    citation
        The full reference in one style (authors, title, journal
        year;volume:pages) where it is known, and no more than is known.
    """

    key: str
    short: str
    detail: str
    citation: str


@cache
def sources() -> dict[str, Source]:
    """All sources, keyed by their id, in the order of ``sources.yaml``."""
    return {key: Source(key=key, **fields) for key, fields in load_yaml("sources.yaml").items()}


def source(key: str) -> Source:
    """Look up one source by its id.

    Raises
    ------
    TypeError, ValueError
        If ``key`` is not a string or names no known source (the message lists
        the known ids).
    """
    return check_choice("source key", key, sources())


def cite(*keys: str) -> str:
    """In-text citation of one or more sources, e.g. ``"(Li et al., ...; PMID ...)"``."""
    return "(" + "; ".join(source(key).short for key in keys) + ")"
