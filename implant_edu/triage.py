"""Triage of "my implant fell out": red flags first, then which part it is, and how soon.

Two questions, answered from what a patient or student observes:

* **Is it more than a lost healing abutment?** The red flags of safety and
  the visit (clinical brief, section 9: clinical practice, graded rule of
  thumb) and the signs of a failing implant (a failed implant is mobile,
  painful, removed or lost: ICOI Pisa consensus, Misch et al., Implant Dent
  2008; early and late failure: Froum, Rosen & Wang, Compendium 2017). A
  raised red flag comes first, most urgent first.
* **Which part is it, and how soon?** Every part of the catalogue is scored:
  each clue adds its weight when the observation fits the part and takes it
  away when it does not; the part's prior says how common it is as the thing
  that fell out (during healing it is almost always the healing abutment:
  Amin, "My Implant Fell Out!"). The weights are teaching weights that rank
  the parts, not probabilities. For a healing abutment with a known time since
  loss, the urgency follows the stage of the gum-closure timeline
  (:func:`implant_edu.timeline.stage_at`) and falls as time goes on: a late
  visit means a planned, minor re-opening, not a failure.

Whatever the time since loss, the phone questions and their red flags are
asked the same day (brief, section 9). Every urgency carries its evidence
grade: how soon a patient is seen is clinic practice, so it is a rule of
thumb, whatever the grade of the stage it follows.

The texts, urgencies, red flags, phone questions and what the patient is
told meanwhile are data (``data/triage.yaml``; the parts and their clues:
``data/parts.yaml``): one model for the kit, which the phone-call station
(:mod:`implant_edu.phone_call`) uses too.
Pure: keyword observations in, frozen dataclasses out. Teaching material, not
advice for a patient's own case.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cache
from typing import Any

from implant_edu._validate import check_choice, check_number, check_optional_bool, shown
from implant_edu.evidence import Grade, Source, load_yaml, source
from implant_edu.parts import MEASURED_FIELDS, Clue, Part, catalogue
from implant_edu.timeline import HOURS_MAX, REOPEN_AFTER_H_DEFAULT, Stage, stage_at

LENGTH_MM_RANGE: tuple[float, float] = (0.5, 30.0)
"""Lengths ``identify`` accepts, in mm, for ``length_mm`` and ``cap_height_mm``:
from a crumb to a whole bridge span."""


@dataclass(frozen=True)
class Observation:
    """What the patient or student saw or was told; ``None`` means not observed.

    The yes/no observations are ``True``, ``False`` or ``None``.

    Attributes
    ----------
    length_mm
        Length of the whole piece as held in the hand, end to end, including
        any screw stem, in mm (0.5 to 30).
    cap_height_mm
        Height of a cap alone, without its screw stem, in mm (0.5 to 30; at
        most ``length_mm`` when both are given).
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
        Hours since the piece came out (0 to ``timeline.HOURS_MAX``, 1344).
    part_in_hand
        The patient has the part.
    cannot_breathe_or_speak
        Someone is choking and cannot breathe or speak.
    coughed_or_choked
        The patient coughed or choked when it came loose.
    swallowed
        The patient may have swallowed the part.
    belly_pain_vomiting_or_bloody_stool
        Belly pain, vomiting or blood in the stool since.
    swelling_pus_or_fever
        Swelling (above all spreading), pus or fever.
    trouble_swallowing_or_breathing
        Trouble swallowing or breathing.
    bleeding_will_not_stop
        Bleeding that will not stop.
    fresh_surgical_site
        The implant was placed only days ago, or is an immediate implant with
        a graft.
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
    cap_height_mm: float | None = None
    part_in_hand: bool | None = None
    cannot_breathe_or_speak: bool | None = None
    coughed_or_choked: bool | None = None
    swallowed: bool | None = None
    belly_pain_vomiting_or_bloody_stool: bool | None = None
    swelling_pus_or_fever: bool | None = None
    trouble_swallowing_or_breathing: bool | None = None
    bleeding_will_not_stop: bool | None = None
    fresh_surgical_site: bool | None = None

    def __post_init__(self) -> None:
        for name in OBSERVATIONS:
            value = getattr(self, name)
            if value is None:
                continue
            if name in MEASURED_FIELDS:
                object.__setattr__(self, name, check_number(name, value, *LENGTH_MM_RANGE))
            elif name == "hours_since_loss":
                object.__setattr__(self, name, check_number(name, value, 0.0, HOURS_MAX))
            else:
                check_optional_bool(name, value)
        if (
            self.cap_height_mm is not None
            and self.length_mm is not None
            and self.cap_height_mm > self.length_mm
        ):
            raise ValueError(
                f"cap_height_mm must be at most length_mm (the whole piece, stem included), "
                f"got cap_height_mm={self.cap_height_mm:g} and length_mm={self.length_mm:g}"
            )

    def given(self) -> dict[str, object]:
        """The observations that were made, by name (``None`` left out)."""
        return {
            name: getattr(self, name) for name in OBSERVATIONS if getattr(self, name) is not None
        }


OBSERVATIONS: tuple[str, ...] = tuple(f.name for f in fields(Observation))
"""Every keyword :func:`identify` and :func:`triage` accept as an observation."""


@dataclass(frozen=True)
class Urgency:
    """How soon to act, with its evidence grade.

    One list of urgencies for the kit (``data/triage.yaml``): the triage uses
    them, and the phone-call station (:mod:`implant_edu.phone_call`) offers
    some of them as its choices.

    Attributes
    ----------
    key
        A key of :func:`urgencies`: ``"emergency"``, ``"today"``,
        ``"within_24h"``, ``"soon"``, ``"next_business_day"`` or
        ``"planned_visit"``.
    label
        As a lesson prints it, e.g. ``"Today (the same day)"``.
    rank
        0 for the most urgent (emergency) to 5 (a planned visit).
    grade
        Evidence grade of the timing: clinic practice, so a rule of thumb
        (clinical brief, sections 4 and 9).
    why
        Why this urgency here, in words; may be empty.
    sources
        Sources of the urgency (the clinic policies it comes from) and of
        ``why``, where there are any.
    tell_caller
        What the caller is told, e.g. ``"Please come in today."``.
    """

    key: str
    label: str
    rank: int
    grade: Grade
    why: str = ""
    sources: tuple[Source, ...] = ()
    tell_caller: str = ""


@dataclass(frozen=True)
class RedFlag:
    """A sign that it is more than a lost healing abutment, and what to do.

    Attributes
    ----------
    key
        Stable id, e.g. ``"failing_implant"``.
    title
        Short title, e.g. ``"Signs of a failing implant"``.
    what_to_do
        What it means and what to do, in words.
    urgency
        How soon (its grade: rule of thumb).
    grade
        Grade of what the flag means: consensus for a failing implant (ICOI
        Pisa), rule of thumb for the safety flags of brief section 9.
    sources
        Sources of what the flag means; empty where the brief names none.
    in_short
        What is done, in one line (the printed phone-triage card).
    """

    key: str
    title: str
    what_to_do: str
    urgency: Urgency
    grade: Grade
    sources: tuple[Source, ...]
    in_short: str


@dataclass(frozen=True)
class PhoneQuestion:
    """A question asked on the phone the same day, for one observation.

    Attributes
    ----------
    observation
        The observation it answers (one of :data:`OBSERVATIONS`).
    question
        The question as said on the phone.
    short
        A short form, the label of its control in the triage explorer.
    """

    observation: str
    question: str
    short: str


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
        One sentence per clue that applied, starting with ``"fits: "``,
        ``"against: "`` or ``"does not decide: "`` (a whole length that a
        stem of unknown length makes uninformative).
    urgency
        How soon to act, with its grade. For a healing abutment with a known
        time since loss it follows the timeline stage.
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
    urgency: Urgency
    action: str
    stage: Stage | None


@dataclass(frozen=True)
class Triage:
    """The whole answer of :func:`triage`.

    Attributes
    ----------
    red_flags
        The red flags raised, most urgent first (choking; then the signs of a
        failing implant; then the other same-day flags).
    candidates
        The parts that may have come out, best first (as :func:`identify`).
    urgency
        The most urgent of the red flags and the most likely part(s).
    still_to_ask
        The phone questions not yet answered, in the order they are asked:
        whatever the time since loss, they are asked the same day.
    meanwhile
        What the patient is told meanwhile (rule of thumb).
    observation
        The validated observations.
    reopen_after_h
        The clinic's re-opening cut-off used for the stage, in hours.
    """

    red_flags: tuple[RedFlag, ...]
    candidates: tuple[Candidate, ...]
    urgency: Urgency
    still_to_ask: tuple[PhoneQuestion, ...]
    meanwhile: tuple[str, ...]
    observation: Observation
    reopen_after_h: float

    @property
    def stage(self) -> Stage | None:
        """The timeline stage of the most likely part, if it has one."""
        return self.candidates[0].stage

    @property
    def meanwhile_grade(self) -> Grade:
        """Grade of :attr:`meanwhile`: clinical practice, a rule of thumb (brief, section 9)."""
        return Grade.RULE_OF_THUMB


# --- data -------------------------------------------------------------------


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("triage.yaml")
    unknown = [
        name
        for flag in data["red_flags"].values()
        for alternative in flag["when"]
        for name in alternative
        if name not in OBSERVATIONS
    ] + [name for name in data["phone_questions"] if name not in OBSERVATIONS]
    if unknown:
        raise ValueError(f"triage.yaml: unknown observation(s) {', '.join(unknown)}")
    ranks = [int(u["rank"]) for u in data["urgencies"].values()]
    if ranks != list(range(len(ranks))):
        raise ValueError(
            f"triage.yaml: urgencies must be ranked 0, 1, 2, ... in order, got {ranks}"
        )
    missing = [s.name for s in Stage if s.name not in data["healing_abutment_by_stage"]]
    if missing:
        raise ValueError(f"triage.yaml: no urgency for stage(s) {', '.join(missing)}")
    for part in catalogue().values():
        check_choice(f"urgency of {part.key} (parts.yaml)", part.urgency, data["urgencies"])
    return data


def urgency(key: str, why: str = "", sources: tuple[str, ...] = ()) -> Urgency:
    """The urgency ``key`` of ``data/triage.yaml``, with a reason and its sources.

    Parameters
    ----------
    key
        A key of :func:`urgencies` (the message of a wrong one lists them).
    why
        Why this urgency here, in words.
    sources
        Source ids (``data/sources.yaml``) of ``why``.

    Raises
    ------
    TypeError, ValueError
        For a ``key`` that is not one of the urgencies (the message lists them).
    """
    entry = check_choice("urgency", key, _data()["urgencies"])
    return Urgency(
        key=key,
        label=str(entry["label"]),
        rank=int(entry["rank"]),
        grade=Grade(entry["grade"]),
        why=why,
        sources=tuple(source(k) for k in dict.fromkeys((*entry["sources"], *sources))),
        tell_caller=str(entry["tell_caller"]),
    )


def urgencies() -> tuple[Urgency, ...]:
    """Every urgency, most urgent first."""
    return tuple(sorted((urgency(k) for k in _data()["urgencies"]), key=lambda u: u.rank))


def meanwhile_advice() -> dict[str, str]:
    """What the patient is told meanwhile, by key, in order (rule of thumb, brief section 9).

    The triage lists every line (:attr:`Triage.meanwhile`); the phone-call
    station's plain advice says them in the same words.
    """
    return {str(key): " ".join(str(line).split()) for key, line in _data()["meanwhile"].items()}


def fresh_site_rule() -> str:
    """Why a fresh surgical site is seen well before 72 h, whatever the clinic's policy."""
    return " ".join(str(_data()["fresh_surgical_site"]["why"]).split())


def red_flag_observations() -> frozenset[str]:
    """The observations that can raise a red flag (named in some red flag's rule)."""
    return frozenset(
        name
        for flag in _data()["red_flags"].values()
        for alternative in flag["when"]
        for name in alternative
    )


def red_flag_catalogue() -> dict[str, RedFlag]:
    """Every red flag triage can raise, keyed by id, most urgent first."""
    return {key: _red_flag(key, raw) for key, raw in _data()["red_flags"].items()}


def phone_questions() -> tuple[PhoneQuestion, ...]:
    """The phone questions, in the order they are asked (all the same day)."""
    return tuple(
        PhoneQuestion(name, str(q["ask"]), str(q["short"]))
        for name, q in _data()["phone_questions"].items()
    )


def _red_flag(key: str, raw: dict[str, Any]) -> RedFlag:
    return RedFlag(
        key=key,
        title=str(raw["title"]),
        what_to_do=str(raw["what_to_do"]),
        urgency=urgency(str(raw["urgency"])),
        grade=Grade(raw["grade"]),
        sources=tuple(source(k) for k in raw["sources"]),
        in_short=" ".join(str(raw["in_short"]).split()),
    )


# --- the model (inputs already validated) -------------------------------------


def _matches(alternative: dict[str, Any], observation: Observation) -> bool:
    for name, wanted in alternative.items():
        allowed = wanted if isinstance(wanted, list) else [wanted]
        if getattr(observation, name) not in allowed:
            return False
    return True


def _red_flags(observation: Observation) -> tuple[RedFlag, ...]:
    raised = [
        _red_flag(key, raw)
        for key, raw in _data()["red_flags"].items()
        if any(_matches(alternative, observation) for alternative in raw["when"])
    ]
    return tuple(sorted(raised, key=lambda flag: flag.urgency.rank))  # stable: data order


def _judge(clue: Clue, observation: Observation) -> float | None:
    """+1 fits, -1 against, 0 applies but does not decide, None does not count."""
    seen = getattr(observation, clue.observation)
    if seen is None:
        return None
    if clue.range_mm is not None:
        low, high = clue.range_mm
        inside = low <= seen <= high
        if clue.against_only:
            return 0.0 if inside else -1.0
        return 1.0 if inside else -1.0
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
        if verdict > 0:
            reasons.append("fits: " + clue.why)
        elif verdict < 0:
            reasons.append("against: " + clue.why)
        else:
            reasons.append("does not decide: " + clue.undecided)
    return score, tuple(reasons)


def _at_least(level: Urgency, key: str, why: str) -> Urgency:
    floor = urgency(key)
    if level.rank <= floor.rank:
        return level
    return urgency(
        key, why=f"{level.why} {why}".strip(), sources=tuple(s.key for s in level.sources)
    )


def _action_and_urgency(
    part: Part, observation: Observation, reopen_after_h: float
) -> tuple[str, Urgency, Stage | None]:
    if part.key != "healing_abutment":
        # The part's action sources back the action, not the timing: none here.
        return part.action, urgency(part.urgency), None
    data = _data()
    if observation.hours_since_loss is None:
        unknown = data["healing_abutment_time_unknown"]
        level = urgency(part.urgency, why=str(unknown["why"]), sources=tuple(unknown["sources"]))
        action, stage = part.action, None
    else:
        stage = stage_at(observation.hours_since_loss, reopen_after_h)
        entry = data["healing_abutment_by_stage"][stage.name]
        level = urgency(entry["urgency"], why=str(entry["why"]), sources=tuple(entry["sources"]))
        action = (
            f"{observation.hours_since_loss:g} h after it came out the timeline is at "
            f"'{stage.label}': {stage.action} Numbing: {stage.anaesthesia}."
        )
    if observation.fresh_surgical_site:
        fresh = data["fresh_surgical_site"]
        level = _at_least(level, fresh["at_least"], str(fresh["why"]))
    return action, level, stage


def _candidates(observation: Observation, reopen_after_h: float) -> tuple[Candidate, ...]:
    scored = [(part, *_score(part, observation)) for part in catalogue().values()]
    scored.sort(key=lambda item: -item[1])  # stable: ties keep catalogue order
    best = scored[0][1]
    candidates = []
    for index, (part, score, reasons) in enumerate(scored):
        if index > 0 and score <= 0:
            continue
        action, level, stage = _action_and_urgency(part, observation, reopen_after_h)
        candidates.append(
            Candidate(
                part=part,
                score=score,
                likelihood="most likely"
                if score == best
                else ("possible" if score > 0 else "unlikely"),
                reasons=reasons,
                urgency=level,
                action=action,
                stage=stage,
            )
        )
    return tuple(candidates)


# --- the edge: validate once ------------------------------------------------------


def _observe(reopen_after_h: object, observed: dict[str, object]) -> tuple[Observation, float]:
    for name in observed:
        if name not in OBSERVATIONS:
            raise TypeError(
                f"unknown observation {shown(name)}; allowed: {', '.join(OBSERVATIONS)}"
            )
    if isinstance(reopen_after_h, bool):
        # True is an int, but True hours is a mistake, not 1 hour
        raise TypeError(f"reopen_after_h must be a number of hours, got {reopen_after_h!r}")
    stage_at(0.0, reopen_after_h)  # type: ignore[arg-type]  # validates the cut-off, naming it
    return Observation(**observed), float(reopen_after_h)  # type: ignore[arg-type]


def triage(*, reopen_after_h: float = REOPEN_AFTER_H_DEFAULT, **observed: object) -> Triage:
    """Red flags first, then the parts that may have come out and how soon to act.

    Parameters
    ----------
    reopen_after_h
        The clinic's surgical re-opening cut-off, in hours (default 12 h, Amin;
        others say 24 h; rule of thumb), as :func:`implant_edu.timeline.stage_at`
        accepts it. It moves the stage, so the urgency, of a healing abutment.
    **observed
        Any of :data:`OBSERVATIONS` (see :class:`Observation`): the lengths
        ``length_mm`` (whole piece, stem included) and ``cap_height_mm`` (cap
        alone), mm, 0.5 to 30; ``hours_since_loss``, hours, 0 to 1344; every
        other observation ``True``, ``False`` or ``None`` (not observed).

    Returns
    -------
    Triage
        Red flags (most urgent first), candidates (best first), the overall
        urgency with its grade, the phone questions still to ask the same day,
        and what the patient is told meanwhile. Teaching material, not advice
        for a patient's own case.

    Raises
    ------
    TypeError
        For an unknown observation name or a value of the wrong type (the
        message names it and what is allowed).
    ValueError
        For a length, a time or a cut-off outside its range, or a cap taller
        than the whole piece (the message names the parameter, the value and
        the range).
    """
    observation, reopen = _observe(reopen_after_h, observed)
    flags = _red_flags(observation)
    candidates = _candidates(observation, reopen)
    if flags:
        # A red flag is about the patient, not about one part: no card may
        # say a later visit than the flag beside it.
        first = flags[0]
        why = f"A red flag comes first: {first.title.lower()}."
        candidates = tuple(
            replace(c, urgency=_at_least(c.urgency, first.urgency.key, why)) for c in candidates
        )
    likeliest = [c.urgency for c in candidates if c.likelihood == "most likely"]
    overall = min((*(f.urgency for f in flags), *likeliest), key=lambda u: u.rank)
    return Triage(
        red_flags=flags,
        candidates=candidates,
        urgency=overall,
        still_to_ask=tuple(
            q for q in phone_questions() if getattr(observation, q.observation) is None
        ),
        meanwhile=tuple(meanwhile_advice().values()),
        observation=observation,
        reopen_after_h=reopen,
    )


def identify(
    *, reopen_after_h: float = REOPEN_AFTER_H_DEFAULT, **observed: object
) -> tuple[Candidate, ...]:
    """Rank the parts that may have come out, most likely first.

    The candidates of :func:`triage`; use :func:`triage` for the red flags.

    Parameters
    ----------
    reopen_after_h
        The clinic's re-opening cut-off, hours (see :func:`triage`).
    **observed
        Any of :data:`OBSERVATIONS`: ``length_mm`` (whole piece, stem
        included) and ``cap_height_mm`` (cap alone), mm, 0.5 to 30;
        ``threads_along_body``, ``rounded_polished_top``, ``coloured``,
        ``tooth_shaped``, ``crown_was_on``, ``pain``, ``remaining_mobile`` and
        the red-flag observations (``True``, ``False`` or ``None`` for not
        observed); ``hours_since_loss`` (hours, 0 to 1344). Nothing observed
        ranks by how common each part is as the thing that fell out.

    Returns
    -------
    tuple of Candidate
        The parts with a positive score (at least the best one), best first;
        ties keep catalogue order. Teaching material, not advice for a
        patient's own case.

    Raises
    ------
    TypeError, ValueError
        As :func:`triage`.
    """
    return triage(reopen_after_h=reopen_after_h, **observed).candidates
