"""Triage of "my implant fell out": which part it likely is, and what now.

Scores every part of the catalogue against what a patient or student
observes. Each clue adds its weight when the observation fits the part and
takes it away when it does not; the part's prior says how common it is as the
thing that fell out (during healing it is almost always the healing abutment:
Amin, "My Implant Fell Out!"). The weights are teaching weights that rank the
parts, not probabilities.

Pure: keyword observations in, a tuple of frozen ``Candidate`` out.
"""

from __future__ import annotations

from dataclasses import dataclass

from implant_edu._validate import check_number, check_optional_bool
from implant_edu.parts import OBSERVATION_FIELDS, URGENCIES, Clue, Part, catalogue
from implant_edu.timeline import HOURS_MAX, Stage, stage_at

LENGTH_MM_RANGE: tuple[float, float] = (0.5, 30.0)
"""Lengths ``identify`` accepts, in mm: from a crumb to a whole bridge span."""


@dataclass(frozen=True)
class Observation:
    """What the patient or student saw; ``None`` means not observed.

    Attributes
    ----------
    length_mm
        Length of the piece, in mm (0.5 to 30).
    threads_along_body
        Threads run along the whole body of the piece.
    rounded_polished_top
        The piece has a short, rounded, machined or polished top.
    coloured
        The piece is coloured (anodised).
    tooth_shaped
        The piece looks like a tooth (crown or bridge).
    crown_was_on
        A crown or bridge was already on the implant.
    pain
        The site hurts.
    remaining_mobile
        What is still in the mouth at the site moves.
    hours_since_loss
        Hours since the piece came out (0 to 1344).
    """

    length_mm: float | None = None
    threads_along_body: bool | None = None
    rounded_polished_top: bool | None = None
    coloured: bool | None = None
    tooth_shaped: bool | None = None
    crown_was_on: bool | None = None
    pain: bool | None = None
    remaining_mobile: bool | None = None
    hours_since_loss: float | None = None

    def __post_init__(self) -> None:
        for name in OBSERVATION_FIELDS:
            if name != "length_mm":
                check_optional_bool(name, getattr(self, name))
        if self.length_mm is not None:
            object.__setattr__(
                self, "length_mm", check_number("length_mm", self.length_mm, *LENGTH_MM_RANGE)
            )
        if self.hours_since_loss is not None:
            object.__setattr__(
                self,
                "hours_since_loss",
                check_number("hours_since_loss", self.hours_since_loss, 0.0, HOURS_MAX),
            )


@dataclass(frozen=True)
class Candidate:
    """One part that may have come out, with the reasoning.

    Attributes
    ----------
    part
        The part.
    score
        Prior plus the weights of the clues that fit, minus those that do not.
    likelihood
        ``"most likely"``, ``"possible"`` or ``"unlikely"``.
    reasons
        One sentence per clue that counted, starting with "fits:" or "against:".
    urgency
        How soon to act, in words.
    action
        What to do. For a healing abutment with a known time since loss, the
        stage of the gum-closure timeline and what the clinician does then.
    stage
        That stage, or ``None``.
    """

    part: Part
    score: float
    likelihood: str
    reasons: tuple[str, ...]
    urgency: str
    action: str
    stage: Stage | None


def _judge(clue: Clue, observation: Observation) -> float | None:
    """+1 if the observation fits the clue, -1 if not, None if it does not count."""
    seen = getattr(observation, clue.observation)
    if seen is None:
        return None
    if clue.range_mm is not None:
        low, high = clue.range_mm
        return 1.0 if low <= seen <= high else -1.0
    if clue.only_if is not None and seen != clue.only_if:
        return None
    return 1.0 if seen == clue.expect else -1.0


def _score(part: Part, observation: Observation) -> tuple[float, tuple[str, ...]]:
    score = part.prior
    reasons = []
    for clue in part.clues:
        verdict = _judge(clue, observation)
        if verdict is None:
            continue
        score += verdict * clue.weight
        reasons.append(("fits: " if verdict > 0 else "against: ") + clue.why)
    return score, tuple(reasons)


def _action(part: Part, observation: Observation) -> tuple[str, Stage | None]:
    if part.key != "healing_abutment" or observation.hours_since_loss is None:
        return part.action, None
    stage = stage_at(observation.hours_since_loss)
    return (
        f"{observation.hours_since_loss:g} h after it came out the timeline is at "
        f"'{stage.label}': {stage.action} Numbing: {stage.anaesthesia}.",
        stage,
    )


def identify(**observed: object) -> tuple[Candidate, ...]:
    """Rank the parts that may have come out, most likely first.

    Parameters
    ----------
    **observed
        Any of the :class:`Observation` fields: ``length_mm`` (mm, 0.5 to 30),
        ``threads_along_body``, ``rounded_polished_top``, ``coloured``,
        ``tooth_shaped``, ``crown_was_on``, ``pain``, ``remaining_mobile``
        (each ``True``, ``False`` or ``None`` for not observed) and
        ``hours_since_loss`` (hours, 0 to 1344). Nothing observed ranks by how
        common each part is as the thing that fell out.

    Returns
    -------
    tuple of Candidate
        The parts with a positive score (at least the best one), best first;
        ties keep catalogue order. Teaching material, not advice for a
        patient's own case.

    Raises
    ------
    TypeError
        For an unknown observation name or a value of the wrong type.
    ValueError
        For a length or a time outside its range.
    """
    allowed = Observation.__dataclass_fields__
    for name in observed:
        if name not in allowed:
            raise TypeError(f"unknown observation {name!r}; allowed: {', '.join(allowed)}")
    observation = Observation(**observed)  # type: ignore[arg-type]
    scored = [(part, *_score(part, observation)) for part in catalogue().values()]
    scored.sort(key=lambda item: -item[1])  # stable: ties keep catalogue order
    best = scored[0][1]
    candidates = []
    for index, (part, score, reasons) in enumerate(scored):
        if index > 0 and score <= 0:
            continue
        action, stage = _action(part, observation)
        candidates.append(
            Candidate(
                part=part,
                score=score,
                likelihood="most likely"
                if score == best
                else ("possible" if score > 0 else "unlikely"),
                reasons=reasons,
                urgency=URGENCIES[part.urgency],
                action=action,
                stage=stage,
            )
        )
    return tuple(candidates)
