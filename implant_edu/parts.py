"""The parts of a dental implant and the treatment phases they appear in.

The catalogue is data (``data/parts.yaml``, from the clinical brief, section 2);
this module loads it into frozen dataclasses and looks parts up by name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from implant_edu._validate import check_choice
from implant_edu.evidence import Source, load_yaml, source

OBSERVATION_FIELDS: tuple[str, ...] = (
    "length_mm",
    "cap_height_mm",
    "threads_along_body",
    "rounded_polished_top",
    "coloured",
    "tooth_shaped",
    "crown_was_on",
    "pain",
    "remaining_mobile",
)
"""The observations a clue may refer to (see :func:`implant_edu.triage.identify`).

``length_mm`` is the whole piece as held in the hand, end to end, including
any screw stem; ``cap_height_mm`` is a cap alone, without its stem."""

MEASURED_FIELDS: tuple[str, ...] = ("length_mm", "cap_height_mm")
"""The observations that are lengths in mm; the others are yes/no."""


@dataclass(frozen=True)
class Clue:
    """How one observation counts for or against a part.

    Attributes
    ----------
    observation
        One of :data:`OBSERVATION_FIELDS`.
    weight
        Points added when the observation fits the part, taken away when it
        does not (dimensionless teaching weights, not probabilities).
    why
        The reason, in words a student can check on the part in hand.
    expect
        The yes/no answer the part would give (``None`` for ``length_mm``).
    only_if
        If set, the clue counts only when the observation equals it: colour
        supports a healing abutment, but an uncoloured one is just as common.
    range_mm
        For a length (:data:`MEASURED_FIELDS`): the typical range in mm; the
        upper end is ``math.inf`` where no upper bound is known.
    against_only
        For a length: the clue counts against the part outside ``range_mm``
        but does not decide inside it (a whole healing abutment's length
        includes a stem of unknown length, so only its lower bound is known).
    undecided
        For ``against_only``: why a length inside the range does not decide.
    """

    observation: str
    weight: float
    why: str
    expect: bool | None = None
    only_if: bool | None = None
    range_mm: tuple[float, float] | None = None
    against_only: bool = False
    undecided: str = ""


@dataclass(frozen=True)
class Part:
    """One part of an implant restoration.

    Attributes
    ----------
    key
        Stable id, e.g. ``"healing_abutment"``.
    name
        Name as the lessons print it.
    also_called
        Other names students will meet.
    what_it_is, dimensions, looks_like
        What it is for, its typical dimensions (with their numbers from the
        brief) and how to tell it apart.
    dimension_sources
        Sources of the dimensions, where the brief names one.
    prior
        How common it is as "the thing that fell out" before any clue.
    clues
        How observations count for or against it.
    urgency
        How soon to act: a key of ``urgencies`` in ``data/triage.yaml``
        (see :func:`implant_edu.triage.urgency`; checked when triage loads).
    action, action_sources
        What to do, and its sources.
    """

    key: str
    name: str
    also_called: tuple[str, ...]
    what_it_is: str
    dimensions: str
    dimension_sources: tuple[Source, ...]
    looks_like: str
    prior: float
    clues: tuple[Clue, ...]
    urgency: str
    action: str
    action_sources: tuple[Source, ...]


@dataclass(frozen=True)
class Phase:
    """A phase of treatment and the parts in the mouth then, from the bone up."""

    key: str
    label: str
    protocol: str
    parts: tuple[Part, ...]
    gum_closed: bool
    note: str


def _clue(observation: str, raw: dict[str, Any]) -> Clue:
    if observation not in OBSERVATION_FIELDS:
        raise ValueError(
            f"parts.yaml: clue {observation!r} is not one of {', '.join(OBSERVATION_FIELDS)}"
        )
    low_high = raw.get("range")
    if (low_high is not None) != (observation in MEASURED_FIELDS):
        raise ValueError(f"parts.yaml: clue {observation!r} needs a range exactly for lengths")
    counts = raw.get("counts", "both")
    check_choice(f"parts.yaml: counts of clue {observation!r}", counts, _COUNTS)
    return Clue(
        observation=observation,
        weight=float(raw["weight"]),
        why=str(raw["why"]),
        expect=raw.get("expect"),
        only_if=raw.get("only_if"),
        # null as the upper end: no upper bound is known (never invented)
        range_mm=(
            (float(low_high[0]), math.inf if low_high[1] is None else float(low_high[1]))
            if low_high
            else None
        ),
        against_only=_COUNTS[counts],
        undecided=str(raw.get("undecided", "")),
    )


_COUNTS = {"both": False, "against_only": True}


def _part(key: str, raw: dict[str, Any]) -> Part:
    # The urgency keys are triage's (data/triage.yaml): implant_edu.triage checks
    # them when it loads its data, so this module reads only its own file.
    return Part(
        key=key,
        name=raw["name"],
        also_called=tuple(raw["also_called"]),
        what_it_is=raw["what_it_is"],
        dimensions=raw["dimensions"],
        dimension_sources=tuple(source(k) for k in raw["dimension_sources"]),
        looks_like=raw["looks_like"],
        prior=float(raw["prior"]),
        clues=tuple(_clue(name, clue) for name, clue in raw["clues"].items()),
        urgency=raw["urgency"],
        action=raw["action"],
        action_sources=tuple(source(k) for k in raw["action_sources"]),
    )


@cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("parts.yaml")
    return data


@cache
def catalogue() -> dict[str, Part]:
    """Every part, keyed by id, in the order of the catalogue (bone upwards)."""
    return {key: _part(key, raw) for key, raw in _raw()["parts"].items()}


@cache
def phases() -> dict[str, Phase]:
    """Every treatment phase, keyed by id, in treatment order."""
    return {
        key: Phase(
            key=key,
            label=raw["label"],
            protocol=raw["protocol"],
            parts=tuple(part(name) for name in raw["parts"]),
            gum_closed=bool(raw["gum_closed"]),
            note=raw["note"],
        )
        for key, raw in _raw()["phases"].items()
    }


def part(name: str) -> Part:
    """Look a part up by its id, e.g. ``part("healing_abutment")``.

    Raises
    ------
    TypeError, ValueError
        If ``name`` is not a string or names no part (the message lists them).
    """
    return check_choice("part name", name, catalogue())


def phase(name: str) -> Phase:
    """Look a treatment phase up by its id, e.g. ``phase("healing_one_stage")``."""
    return check_choice("phase name", name, phases())


def phases_with(part_name: str) -> tuple[Phase, ...]:
    """The treatment phases in which a part is in the mouth."""
    wanted = part(part_name)
    return tuple(p for p in phases().values() if wanted in p.parts)
