"""The phone call: "my implant fell out", practised as an OSCE-style station.

A scripted caller speaks; the student asks questions from a list, hears the
answers, and ends the call with a decision: what to tell the caller (advice in
plain words, some options unsafe or in clinic jargon), how soon to come in,
and what will be done at the visit. A rubric scores the call and names what
was missed. The same data make the one-page phone-triage card.

Everything the station teaches is clinic practice (the clinical brief's
section on safety and the visit), graded *rule of thumb*; the re-opening
cut-offs are rules of thumb too (about half a day: Amin, "My Implant Fell
Out!"; 24 h and "next business day": other clinics' patient pages), and a
mobile or painful implant counts as failed by consensus (ICOI Pisa, Misch et
al., Implant Dent 2008). Timing follows the teaching timeline
(:func:`implant_edu.timeline.stage_at`): a teaching model, never a prediction
for a patient.

One model with the triage: the urgencies, the red flags, the observations
behind the phone questions and what the patient is told meanwhile are
:mod:`implant_edu.triage`'s (``data/triage.yaml``). A caller's scripted
answers are triage observations; the caller's red flags are the ones
:func:`implant_edu.triage.triage` raises for them, and a fresh surgical site
is triaged on the tissue whatever the clinic's policy.

Pure and deterministic: a :class:`Call` in, a new :class:`Call` out
(:func:`start`, :func:`ask`, :func:`decide`). The station's own data (callers,
policies, its questions, advice options and visits) are in
``data/phone_calls.yaml``, checked once when first loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from html import escape
from types import MappingProxyType
from typing import Any

from implant_edu.evidence import Grade, Source, load_yaml
from implant_edu.style import GRADE_COLOURS
from implant_edu.timeline import Stage, stage_at
from implant_edu.timeline import policies as clinic_policies
from implant_edu.triage import (
    OBSERVATIONS,
    RedFlag,
    Triage,
    Urgency,
    fresh_site_rule,
    meanwhile_advice,
    phone_questions,
    red_flag_catalogue,
    red_flag_observations,
    triage,
    urgency,
)
from implant_edu.triage import urgencies as all_urgencies

ADVICE_KINDS: tuple[str, ...] = ("plain", "jargon", "unsafe")
"""Kinds of advice: safe and in plain words; the right idea in clinic words; unsafe."""

CRITERIA: tuple[str, ...] = (
    "essential questions",
    "no unsafe advice",
    "urgency",
    "plain words",
    "the visit",
)
"""The rubric's criteria, one point each."""

RESEAT_STAGE: Stage = next(iter(Stage))
"""The earliest stage of the teaching timeline, "Reseat under numbing": while the
timeline is in it, the healing abutment can still be pushed back under numbing
(cut-off a rule of thumb: about half a day, Amin; 24 h at other clinics)."""

MORE_URGENT_POINTS: float = 0.5
"""Points for an urgency more urgent than needed: safe, but costly for the clinic
and the caller (a teaching choice, not a measured weight)."""


# ----------------------------------------------------------------------------
# The data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """A clinic's policy for a lost healing abutment (rule of thumb).

    One of the timeline's policies (:func:`implant_edu.timeline.policies`)
    with the urgencies the station reads from it.

    Attributes
    ----------
    key
        Id, e.g. ``"half_day"`` (a key of :func:`implant_edu.timeline.policies`).
    label
        The policy in words, e.g. ``"about half a day (12 h)"``.
    rule
        What the caller is told under it (the timeline policy's ``caller_told``).
    reopen_after_h
        The re-opening cut-off used to read the teaching timeline, in hours
        (12 or 24; "next business day" uses 12 h: a policy does not change
        how the tissue behaves).
    before_cutoff, after_cutoff
        Urgency keys (:func:`implant_edu.triage.urgencies`) for a caller with
        no red flag while the timeline is still at "Reseat under numbing", and
        once it is past.
    grade
        Evidence grade of the policy (rule of thumb).
    sources
        Where the policy comes from.
    """

    key: str
    label: str
    rule: str
    reopen_after_h: float
    before_cutoff: str
    after_cutoff: str
    grade: Grade
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Question:
    """A question the student can ask the caller.

    Attributes
    ----------
    key
        Id, e.g. ``"have_the_part"``.
    label
        Short text for the button, e.g. ``"Do you have the part?"``.
    ask
        What the student says, in full (the triage's phone question where it
        asks exactly one of them).
    core
        Essential in every routine call.
    red_flag
        Its answer can show a red flag: it asks about an observation that is
        in one of the triage's red flags.
    why
        What the question is for.
    asks_about
        The observations of the triage's phone questions it answers.
    """

    key: str
    label: str
    ask: str
    core: bool
    red_flag: bool
    why: str
    asks_about: tuple[str, ...] = ()


@dataclass(frozen=True)
class Advice:
    """Something the student can tell the caller.

    Attributes
    ----------
    key
        Id, e.g. ``"keep_part"``.
    label
        Short text for the checkbox.
    say
        The full sentence the caller hears.
    kind
        ``"plain"`` (safe, plain words), ``"jargon"`` (right idea, clinic
        words) or ``"unsafe"``.
    topic
        Advice with the same topic says the same thing (or its opposite).
    why
        Feedback: why it matters, or why it is unsafe or unclear.
    """

    key: str
    label: str
    say: str
    kind: str
    topic: str
    why: str


@dataclass(frozen=True)
class Caller:
    """A scripted caller and the right decision for the call.

    Attributes
    ----------
    key, title
        Id and a short title, e.g. ``"Lost at lunch, a few hours ago"``.
    briefing
        What the student knows before answering: day, time, clinic policy.
    opening
        The caller's first line.
    policy
        The clinic's policy.
    hours_since_loss
        Hours since the part came out, at the call (``None``: nothing came out).
    hours_at_visit
        Hours since loss when the right urgency has the caller seen, or ``None``.
    observed
        What the caller's answers tell, as observations of
        :func:`implant_edu.triage.triage`.
    triaged
        The triage of those observations at ``hours_since_loss`` with the
        policy's cut-off.
    findings
        The red flags the triage raises for this caller (keys of
        :func:`red_flags`), most urgent first.
    essential
        Question keys the call needs, in the order of the question list.
    ask_first
        A question that must come first, or ``None``.
    answers
        The caller's answer to every question, by question key.
    urgency, visit
        The right urgency key (of :func:`urgencies`) and visit id.
    advice
        Advice keys the caller must be told (all plain).
    """

    key: str
    title: str
    briefing: str
    opening: str
    policy: Policy
    hours_since_loss: float | None
    hours_at_visit: float | None
    observed: Mapping[str, object]
    triaged: Triage
    findings: tuple[str, ...]
    essential: tuple[str, ...]
    ask_first: str | None
    answers: Mapping[str, str]
    urgency: str
    visit: str
    advice: tuple[str, ...]

    @property
    def fresh_surgical_site(self) -> bool:
        """The implant was placed days ago, or with a graft: seen whatever the policy."""
        return self.observed.get("fresh_surgical_site") is True

    @property
    def routine(self) -> bool:
        """No red flag and no fresh surgical site: the clinic's policy decides how soon."""
        return not self.findings and not self.fresh_surgical_site

    @property
    def stage_at_call(self) -> Stage | None:
        """Stage of the teaching timeline at the call, or ``None`` if nothing came out."""
        if self.hours_since_loss is None:
            return None
        return stage_at(self.hours_since_loss, self.policy.reopen_after_h)

    @property
    def stage_at_visit(self) -> Stage | None:
        """Stage of the teaching timeline at the visit, or ``None``."""
        if self.hours_at_visit is None:
            return None
        return stage_at(self.hours_at_visit, self.policy.reopen_after_h)


@dataclass(frozen=True)
class _Data:
    policies: Mapping[str, Policy]
    urgencies: Mapping[str, Urgency]
    questions: Mapping[str, Question]
    red_flags: Mapping[str, RedFlag]
    flag_visits: Mapping[str, str]
    advice: Mapping[str, Advice]
    visits: Mapping[str, str]
    callers: Mapping[str, Caller]
    card_times: tuple[tuple[float, str], ...]


def _fail(where: str, message: str) -> ValueError:
    return ValueError(f"data/phone_calls.yaml, {where}: {message}")


def _one_of(where: str, value: object, allowed: Iterable[str]) -> str:
    names = list(allowed)
    if not isinstance(value, str) or value not in names:
        raise _fail(where, f"{value!r} is not one of {', '.join(names)}")
    return value


def _keys(where: str, value: object, allowed: Iterable[str]) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(where, f"expected a list, got {value!r}")
    return tuple(_one_of(where, item, allowed) for item in value)


def _hours(where: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _fail(where, f"hours must be a number of at least 0 or null, got {value!r}")
    return float(value)


def _question(key: str, item: Mapping[str, Any], flagged: set[str]) -> Question:
    shared = {q.observation: q for q in phone_questions()}
    about = _keys(f"questions.{key}.asks_about", item["asks_about"], shared)
    ask = item.get("ask")
    if ask is None:
        if len(about) != 1:
            raise _fail(f"questions.{key}", "ask is needed unless it asks exactly one question")
        ask = shared[about[0]].question
    return Question(
        key=key,
        label=item["label"],
        ask=" ".join(ask.split()),
        core=bool(item["core"]),
        red_flag=bool(flagged & set(about)),
        why=" ".join(item["why"].split()),
        asks_about=about,
    )


def _advice(key: str, item: Mapping[str, Any]) -> Advice:
    shared = meanwhile_advice()
    if "meanwhile" in item:
        say = shared[_one_of(f"advice.{key}.meanwhile", item["meanwhile"], shared)]
    else:
        say = item["say"]
    return Advice(
        key=key,
        label=item["label"],
        say=" ".join(say.split()),
        kind=_one_of(f"advice.{key}.kind", item["kind"], ADVICE_KINDS),
        topic=item["topic"],
        why=" ".join(item["why"].split()),
    )


def _triaged(where: str, observed: Mapping[str, Any], hours: float | None, cut: float) -> Triage:
    _keys(f"{where}.observed", list(observed), OBSERVATIONS)
    try:
        return triage(reopen_after_h=cut, hours_since_loss=hours, **observed)
    except (TypeError, ValueError) as error:
        raise _fail(f"{where}.observed", str(error)) from error


def _parse(raw: Mapping[str, Any]) -> _Data:
    ranked = [u.key for u in all_urgencies()]
    chosen = _keys("urgency_choices", raw["urgency_choices"], ranked)
    urgencies = MappingProxyType({key: urgency(key) for key in ranked if key in chosen})
    visits = MappingProxyType({str(k): " ".join(str(v).split()) for k, v in raw["visits"].items()})
    flags = MappingProxyType(red_flag_catalogue())
    flag_visits = MappingProxyType(
        {
            _one_of("red_flag_visits", key, flags): _one_of(f"red_flag_visits.{key}", v, visits)
            for key, v in raw["red_flag_visits"].items()
        }
    )
    policies = {}
    clinics = clinic_policies()
    for key, item in raw["policies"].items():
        clinic = clinics[_one_of("policies", key, clinics)]
        policies[key] = Policy(
            key=key,
            label=clinic.label,
            rule=clinic.caller_told,
            reopen_after_h=clinic.reopen_after_h,
            before_cutoff=_one_of(f"policies.{key}", item["before_cutoff"], urgencies),
            after_cutoff=_one_of(f"policies.{key}", item["after_cutoff"], urgencies),
            grade=clinic.grade,
            sources=clinic.sources,
        )
    flagged = set(red_flag_observations())
    questions = {key: _question(key, item, flagged) for key, item in raw["questions"].items()}
    advice = {key: _advice(key, item) for key, item in raw["advice"].items()}
    callers = {}
    for key, item in raw["callers"].items():
        where = f"callers.{key}"
        answers = item["answers"]
        if set(answers) != set(questions):
            missing = sorted(set(questions) ^ set(answers))
            raise _fail(where, f"answers must cover every question exactly; check {missing}")
        if "essential_only" in item:
            wanted = set(_keys(f"{where}.essential_only", item["essential_only"], questions))
        else:
            extra = _keys(f"{where}.essential", item.get("essential") or [], questions)
            wanted = {k for k, q in questions.items() if q.core} | set(extra)
        told = _keys(f"{where}.advice", item["advice"], advice)
        for key_told in told:
            if advice[key_told].kind != "plain":
                raise _fail(where, f"the right advice {key_told!r} must be plain, safe advice")
        ask_first = item.get("ask_first")
        policy = policies[_one_of(f"{where}.policy", item["policy"], policies)]
        hours = _hours(f"{where}.hours_since_loss", item["hours_since_loss"])
        observed = MappingProxyType(dict(item["observed"]))
        triaged = _triaged(where, observed, hours, policy.reopen_after_h)
        callers[key] = Caller(
            key=key,
            title=item["title"],
            briefing=" ".join(item["briefing"].split()),
            opening=" ".join(item["opening"].split()),
            policy=policy,
            hours_since_loss=hours,
            hours_at_visit=_hours(f"{where}.hours_at_visit", item["hours_at_visit"]),
            observed=observed,
            triaged=triaged,
            findings=tuple(flag.key for flag in triaged.red_flags),
            essential=tuple(k for k in questions if k in wanted),
            ask_first=None if ask_first is None else _one_of(where, ask_first, wanted),
            answers=MappingProxyType({k: " ".join(answers[k].split()) for k in questions}),
            urgency=_one_of(f"{where}.urgency", item["urgency"], urgencies),
            visit=_one_of(f"{where}.visit", item["visit"], visits),
            advice=told,
        )
    card_times = tuple((float(row["hours"]), str(row["label"])) for row in raw["card_times"])
    data = _Data(
        policies=MappingProxyType(policies),
        urgencies=urgencies,
        questions=MappingProxyType(questions),
        red_flags=flags,
        flag_visits=flag_visits,
        advice=MappingProxyType(advice),
        visits=visits,
        callers=MappingProxyType(callers),
        card_times=card_times,
    )
    for caller in callers.values():
        _check_caller(data, caller)
    return data


def _check_caller(data: _Data, caller: Caller) -> None:
    """The scripted right decision must follow from the rules (and the timeline)."""
    where = f"callers.{caller.key}"
    if not caller.findings and caller.hours_since_loss is None:
        raise _fail(where, "a caller with no red flag must say when the part came out")
    if not caller.routine and caller.triaged.urgency.key not in data.urgencies:
        raise _fail(where, f"the triage gives {caller.triaged.urgency.key!r}, not a choice")
    urgency = _expected_urgency(data, caller)
    if caller.urgency != urgency:
        raise _fail(where, f"urgency {caller.urgency!r}, but the rules give {urgency!r}")
    visit = _expected_visit(data, caller)
    if caller.visit != visit:
        raise _fail(where, f"visit {caller.visit!r}, but the rules give {visit!r}")


@cache
def _data() -> _Data:
    return _parse(load_yaml("phone_calls.yaml"))


def policies() -> Mapping[str, Policy]:
    """The clinic policies, by key (rules of thumb)."""
    return _data().policies


def urgencies() -> Mapping[str, Urgency]:
    """How soon to come in: the triage's urgencies the station offers, by key, most urgent first."""
    return _data().urgencies


def questions() -> Mapping[str, Question]:
    """The questions the student can ask, in the order shown."""
    return _data().questions


def red_flags() -> Mapping[str, RedFlag]:
    """The red flags, by key, most urgent first: the triage's
    (:func:`implant_edu.triage.red_flag_catalogue`)."""
    return _data().red_flags


def red_flag_visit(key: str) -> str | None:
    """The visit id a red flag turns the visit into, or ``None`` (the usual visit)."""
    return _data().flag_visits.get(key)


def advice_options() -> Mapping[str, Advice]:
    """What the student can tell the caller, by key, in the order shown."""
    return _data().advice


def visits() -> Mapping[str, str]:
    """What will be done at the visit: visit id to words."""
    return _data().visits


def callers() -> Mapping[str, Caller]:
    """The scripted callers, by key, in the order shown."""
    return _data().callers


def caller(key: str) -> Caller:
    """One scripted caller.

    Raises
    ------
    TypeError, ValueError
        If ``key`` is not a string or names no caller (the message lists them).
    """
    known = _data().callers
    if not isinstance(key, str):
        raise TypeError(f"caller must be one of {', '.join(known)}, got {key!r}")
    if key not in known:
        raise ValueError(f"caller must be one of {', '.join(known)}, got {key!r}")
    return known[key]


# ----------------------------------------------------------------------------
# The rules: what the right decision is
# ----------------------------------------------------------------------------


def _routine_urgency(policy: Policy, hours: float) -> str:
    stage = stage_at(hours, policy.reopen_after_h)
    return policy.before_cutoff if stage is RESEAT_STAGE else policy.after_cutoff


def _expected_urgency(data: _Data, who: Caller) -> str:
    if not who.routine:
        # Red flags, or a fresh surgical site: the triage decides, whatever the policy.
        return who.triaged.urgency.key
    assert who.hours_since_loss is not None  # checked when loaded
    return _routine_urgency(who.policy, who.hours_since_loss)


def _expected_visit(data: _Data, who: Caller) -> str:
    for finding in who.findings:  # most urgent first
        visit = data.flag_visits.get(finding)
        if visit is not None:
            return visit
    stage = who.stage_at_visit
    if stage is None:
        raise _fail(f"callers.{who.key}", "hours_at_visit is needed to read the timeline")
    return "reseat_numbing" if stage is RESEAT_STAGE else "planned_reopening"


def expected_urgency(who: Caller) -> str:
    """The urgency the rules give for a caller (a key of :func:`urgencies`).

    With red flags or a fresh surgical site, the urgency of
    :func:`implant_edu.triage.triage` for the caller's observations (the most
    urgent of its red flags; a fresh site is seen well before 72 h, whatever
    the policy); otherwise the clinic's policy read on the teaching timeline:
    while
    ``stage_at(hours_since_loss, policy.reopen_after_h)`` is still "Reseat
    under numbing", the policy's ``before_cutoff`` urgency, after it the
    ``after_cutoff`` one. Rules of thumb throughout.
    """
    return _expected_urgency(_data(), who)


def expected_visit(who: Caller) -> str:
    """What the rules say is done at the visit (an id of :func:`visits`).

    A red flag that changes the visit (choking, a missing part after a cough,
    a moving implant) decides it; otherwise the stage of the teaching timeline
    at ``hours_at_visit``: reseat under numbing, or a planned, minor surgical
    re-opening (routine, not a failure).
    """
    return _expected_visit(_data(), who)


# ----------------------------------------------------------------------------
# The call
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of the transcript.

    Attributes
    ----------
    speaker
        ``"caller"`` or ``"you"`` (the student).
    text
        What was said.
    """

    speaker: str
    text: str


@dataclass(frozen=True)
class Decision:
    """How the student ends the call.

    Attributes
    ----------
    advice
        Advice keys told to the caller, in the order of :func:`advice_options`.
    urgency
        Urgency key (of :func:`urgencies`), or ``None`` if none was chosen.
    visit
        Visit id, or ``None`` if none was chosen.
    """

    advice: tuple[str, ...]
    urgency: str | None
    visit: str | None


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric.

    Attributes
    ----------
    name
        One of :data:`CRITERIA`.
    points
        Points earned, 0 to 1.
    comments
        Why: what was right, and what was missed, in words.
    """

    name: str
    points: float
    comments: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """The rubric's verdict on a call.

    Attributes
    ----------
    criteria
        One :class:`Criterion` per name in :data:`CRITERIA`, in that order.
    missed_questions
        Essential question keys not asked.
    unsafe_advice
        Unsafe advice keys chosen.
    jargon_advice
        Advice keys chosen that say the right thing in clinic words.
    missed_advice
        Advice keys the caller needed and was not told in plain words.
    """

    criteria: tuple[Criterion, ...]
    missed_questions: tuple[str, ...]
    unsafe_advice: tuple[str, ...]
    jargon_advice: tuple[str, ...]
    missed_advice: tuple[str, ...]

    @property
    def points(self) -> float:
        """Total points, 0 to ``max_points``."""
        return round(sum(c.points for c in self.criteria), 2)

    @property
    def max_points(self) -> float:
        """Most points a call can earn (one per criterion)."""
        return float(len(self.criteria))

    @property
    def full_marks(self) -> bool:
        """True when every criterion earned its point."""
        return self.points == self.max_points

    @property
    def summary(self) -> str:
        """The score in words, e.g. ``"4.5 of 5 points"``."""
        return f"{self.points:g} of {self.max_points:g} points"

    @property
    def text(self) -> str:
        """The whole feedback as plain text, one criterion a line."""
        lines = [self.summary]
        for criterion in self.criteria:
            lines.append(
                f"{criterion.name}: {criterion.points:g} of 1. " + " ".join(criterion.comments)
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class Call:
    """The state of a call: who is calling, what was asked, and how it ended.

    Attributes
    ----------
    caller
        The scripted caller.
    asked
        Question keys asked, in order (a question asked twice appears twice).
    transcript
        Every line said so far, the caller's opening first.
    decision
        The decision, once the call has ended, else ``None``.
    assessment
        The rubric's verdict, once the call has ended, else ``None``.
    """

    caller: Caller
    asked: tuple[str, ...]
    transcript: tuple[Line, ...]
    decision: Decision | None = None
    assessment: Assessment | None = None

    @property
    def ended(self) -> bool:
        """True once the student has decided."""
        return self.decision is not None


def start(caller_key: str) -> Call:
    """A new call from a scripted caller: only the caller's opening line so far.

    Parameters
    ----------
    caller_key
        A key of :func:`callers`, e.g. ``"few_hours"``.
    """
    who = caller(caller_key)
    return Call(caller=who, asked=(), transcript=(Line("caller", who.opening),))


def ask(call: Call, question_key: str) -> Call:
    """Ask the caller one question; the new call holds the question and the answer.

    Raises
    ------
    TypeError, ValueError
        For an unknown question (the message lists them), or once the call has
        ended.
    """
    known = _data().questions
    if not isinstance(question_key, str) or question_key not in known:
        error = TypeError if not isinstance(question_key, str) else ValueError
        raise error(f"question must be one of {', '.join(known)}, got {question_key!r}")
    if call.ended:
        raise ValueError("the call has ended: start a new call to ask again")
    question = known[question_key]
    lines = (Line("you", question.ask), Line("caller", call.caller.answers[question_key]))
    return replace(call, asked=(*call.asked, question_key), transcript=call.transcript + lines)


def _check_decision(advice: Iterable[str], urgency: str | None, visit: str | None) -> Decision:
    data = _data()
    if isinstance(advice, str):
        raise TypeError("advice must be a list of advice keys, not one string")
    chosen = set()
    for key in advice:
        if not isinstance(key, str) or key not in data.advice:
            raise ValueError(f"advice must be keys among {', '.join(data.advice)}, got {key!r}")
        chosen.add(key)
    if urgency is not None and urgency not in data.urgencies:
        raise ValueError(f"urgency must be one of {', '.join(data.urgencies)}, got {urgency!r}")
    if visit is not None and visit not in data.visits:
        raise ValueError(f"visit must be one of {', '.join(data.visits)}, got {visit!r}")
    return Decision(
        advice=tuple(k for k in data.advice if k in chosen), urgency=urgency, visit=visit
    )


def decide(
    call: Call,
    *,
    advice: Iterable[str] = (),
    urgency: str | None = None,
    visit: str | None = None,
) -> Call:
    """End the call with a decision; the new call holds it and its assessment.

    Parameters
    ----------
    call
        A call that has not ended.
    advice
        Keys of :func:`advice_options` told to the caller (any order).
    urgency
        A key of :func:`urgencies`, or ``None`` (not chosen: no point).
    visit
        A key of :func:`visits`, or ``None`` (not chosen: no point).

    Raises
    ------
    TypeError, ValueError
        For unknown keys (the message lists the allowed ones), or if the call
        has already ended.
    """
    if call.ended:
        raise ValueError("the call has already ended: start a new call")
    decision = _check_decision(advice, urgency, visit)
    told = tuple(Line("you", _data().advice[k].say) for k in decision.advice)
    if decision.urgency is not None:
        told += (Line("you", _data().urgencies[decision.urgency].tell_caller),)
    return replace(
        call,
        transcript=call.transcript + told,
        decision=decision,
        assessment=assess(call.caller, call.asked, decision),
    )


# ----------------------------------------------------------------------------
# The rubric
# ----------------------------------------------------------------------------


def _questions_criterion(
    data: _Data, who: Caller, asked: tuple[str, ...]
) -> tuple[Criterion, tuple[str, ...]]:
    missed = tuple(k for k in who.essential if k not in asked)
    points = (len(who.essential) - len(missed)) / len(who.essential)
    comments = []
    asked_count = len(who.essential) - len(missed)
    if not missed:
        comments.append(f"You asked all {len(who.essential)} essential questions.")
    else:
        comments.append(f"You asked {asked_count} of {len(who.essential)} essential questions.")
    for key in missed:
        question = data.questions[key]
        flag = " This is a red-flag question." if question.red_flag else ""
        comments.append(f'You did not ask "{question.label}": {question.why}.{flag}')
    if who.ask_first is not None and (not asked or asked[0] != who.ask_first):
        points /= 2
        first = data.questions[who.ask_first]
        comments.append(f'"{first.label}" had to come first: {first.why}.')
    return Criterion(CRITERIA[0], round(points, 1), tuple(comments)), missed


def _safety_criterion(data: _Data, decision: Decision) -> tuple[Criterion, tuple[str, ...]]:
    unsafe = tuple(k for k in decision.advice if data.advice[k].kind == "unsafe")
    if not unsafe:
        return Criterion(CRITERIA[1], 1.0, ("Nothing you said was unsafe.",)), unsafe
    comments = tuple(
        f'You said "{data.advice[k].say}" Why not: {data.advice[k].why}.' for k in unsafe
    )
    return Criterion(CRITERIA[1], 0.0, comments), unsafe


def _graded(grade: Grade, sources: tuple[Source, ...]) -> str:
    cited = "; ".join(s.short for s in sources)
    return f"({grade.label}{'; ' + cited if cited else ''})"


def _why_urgency(data: _Data, who: Caller) -> str:
    if who.findings:
        raised = who.triaged.red_flags  # most urgent first
        flags = "; ".join(flag.title for flag in raised)
        first = raised[0]
        return f"Red flags: {flags}. So: {first.in_short} {_graded(first.grade, first.sources)}."
    if who.fresh_surgical_site:
        return (
            f"No red flag, but a fresh surgical site: {fresh_site_rule()} "
            f"{_graded(Grade.RULE_OF_THUMB, ())}"
        )
    stage = who.stage_at_call
    assert stage is not None and who.hours_since_loss is not None
    policy = who.policy
    return (
        f"No red flag. {who.hours_since_loss:g} h after it came out, the teaching timeline "
        f"is at '{stage.label}' with a {policy.reopen_after_h:g} h re-opening cut-off, and "
        f"the clinic's policy is: {policy.label} {_graded(policy.grade, policy.sources)}."
    )


def _urgency_criterion(data: _Data, who: Caller, decision: Decision) -> Criterion:
    right = data.urgencies[who.urgency].label
    why = _why_urgency(data, who)
    if decision.urgency is None:
        return Criterion(
            CRITERIA[2], 0.0, (f"You did not say how soon to come in: {right}. {why}",)
        )
    chosen, wanted = data.urgencies[decision.urgency].rank, data.urgencies[who.urgency].rank
    said = data.urgencies[decision.urgency].label
    if chosen == wanted:
        return Criterion(CRITERIA[2], 1.0, (f"Right: {right}. {why}",))
    if chosen < wanted:
        return Criterion(
            CRITERIA[2],
            MORE_URGENT_POINTS,
            (f"Safe, but sooner than this call needs: you said {said}; {right} is enough. {why}",),
        )
    return Criterion(
        CRITERIA[2], 0.0, (f"Too late: you said {said}; this call needs {right}. {why}",)
    )


def _plain_criterion(
    data: _Data, who: Caller, decision: Decision
) -> tuple[Criterion, tuple[str, ...], tuple[str, ...]]:
    chosen = set(decision.advice)
    missed = tuple(k for k in who.advice if k not in chosen)
    jargon = tuple(k for k in decision.advice if data.advice[k].kind == "jargon")
    points = (len(who.advice) - len(missed)) / len(who.advice)
    if jargon:
        points = max(0.0, points - 0.5)
    comments = []
    if not missed:
        comments.append(f"You told the caller all {len(who.advice)} things this call needs.")
    for key in missed:
        item = data.advice[key]
        comments.append(f'Not told: "{item.say}" ({item.why}).')
    for key in jargon:
        item = data.advice[key]
        comments.append(f'Not in plain words: "{item.say}" ({item.why}).')
    return Criterion(CRITERIA[3], round(points, 1), tuple(comments)), missed, jargon


def _visit_criterion(data: _Data, who: Caller, decision: Decision) -> Criterion:
    right = data.visits[who.visit]
    stage = who.stage_at_visit
    why = ""
    if stage is not None and not who.findings:
        why = (
            f" At the visit, about {who.hours_at_visit:g} h after it came out, the teaching "
            f"timeline is at '{stage.label}' (a teaching model, not a prediction). "
            "A re-opening is planned and minor: routine, not a failure."
            if stage is not RESEAT_STAGE
            else f" At the visit, about {who.hours_at_visit:g} h after it came out, the "
            f"teaching timeline is still at '{stage.label}'."
        )
    if decision.visit is None:
        return Criterion(CRITERIA[4], 0.0, (f"You did not say what will be done: {right}{why}",))
    if decision.visit == who.visit:
        return Criterion(CRITERIA[4], 1.0, (f"Right: {right}{why}",))
    extra = ""
    if decision.visit == "force_own_part":
        extra = (
            " Never force a part through closed gum: trapped tissue stops it seating; open "
            "the tissue first, and use a new sterile healing abutment by default."
        )
    return Criterion(
        CRITERIA[4],
        0.0,
        (f"Not this visit: {data.visits[decision.visit]}{extra} The visit: {right}{why}",),
    )


def assess(who: Caller, asked: Iterable[str], decision: Decision) -> Assessment:
    """Score a call with the rubric (one point per criterion of :data:`CRITERIA`).

    Parameters
    ----------
    who
        The caller.
    asked
        Question keys asked, in order.
    decision
        How the call ended (see :func:`decide`).

    Returns
    -------
    Assessment
        Points and comments per criterion. Essential questions: the share
        asked (halved if the question that must come first did not). No unsafe
        advice: 1 or 0. Urgency: 1 right, 0.5 more urgent than needed, 0 too
        late. Plain words: the share of the needed advice told, less 0.5 if
        any advice was in clinic jargon. The visit: 1 or 0. Weights are
        teaching choices, not measurements.
    """
    data = _data()
    asked = tuple(asked)
    questions_part, missed_questions = _questions_criterion(data, who, asked)
    safety_part, unsafe = _safety_criterion(data, decision)
    plain_part, missed_advice, jargon = _plain_criterion(data, who, decision)
    return Assessment(
        criteria=(
            questions_part,
            safety_part,
            _urgency_criterion(data, who, decision),
            plain_part,
            _visit_criterion(data, who, decision),
        ),
        missed_questions=missed_questions,
        unsafe_advice=unsafe,
        jargon_advice=jargon,
        missed_advice=missed_advice,
    )


def model_call(caller_key: str) -> Call:
    """The call done right: every essential question (the first one first), then the right decision.

    For tests, the instructor's guide and worked examples.
    """
    who = caller(caller_key)
    order = list(who.essential)
    if who.ask_first is not None:
        order.remove(who.ask_first)
        order.insert(0, who.ask_first)
    call = start(caller_key)
    for key in order:
        call = ask(call, key)
    return decide(call, advice=who.advice, urgency=who.urgency, visit=who.visit)


# ----------------------------------------------------------------------------
# The printable phone-triage card
# ----------------------------------------------------------------------------


def _badge(grade: Grade) -> str:
    colour = GRADE_COLOURS[grade.value]
    return (
        f"<span style='border:1px solid {colour};border-left:6px solid {colour};"
        f"padding:0 0.3em;font-size:85%;white-space:nowrap'>{escape(grade.label)}</span>"
    )


def _cited(sources: tuple[Source, ...]) -> str:
    if not sources:
        return ""
    return " (" + escape("; ".join(s.short for s in sources)) + ")"


def _card_time_cell(data: _Data, policy: Policy, hours: float) -> str:
    urgency = _routine_urgency(policy, hours)
    seen_h = hours + 24.0 if urgency == "next_business_day" else hours
    stage = stage_at(seen_h, policy.reopen_after_h)
    label = data.urgencies[urgency].label
    return f"<b>{escape(label)}</b><br>at the visit: {escape(stage.label)}"


_TD = "style='border:1px solid #999;padding:2px 4px;vertical-align:top'"


def _flags_html(data: _Data) -> str:
    """The triage's red flags, most urgent first (flags that call for the same
    thing share one line), then the fresh-site rule."""
    groups: dict[tuple[str, str, Grade, tuple[Source, ...]], list[RedFlag]] = {}
    for flag in data.red_flags.values():
        same = (flag.urgency.key, flag.in_short, flag.grade, flag.sources)
        groups.setdefault(same, []).append(flag)
    return "".join(
        f"<li><b>{escape('; '.join(flag.title for flag in flags))}</b>: "
        f"{escape(flags[0].urgency.label)}; {escape(flags[0].in_short)}. "
        f"{_badge(flags[0].grade)}{_cited(flags[0].sources)}</li>"
        for flags in groups.values()
    ) + (
        f"<li><b>A fresh surgical site</b>: {escape(fresh_site_rule())} "
        f"{_badge(Grade.RULE_OF_THUMB)}</li>"
    )


_H2 = "style='font-size:10.5pt;margin:1.5mm 0 0.5mm 0;break-after:avoid'"
_LIST = "style='margin:0;padding-left:4.5mm'"


def triage_card_body() -> str:
    """The phone-triage card as an HTML fragment with inline styles only.

    For a notebook cell (JupyterLab keeps inline styles in untrusted outputs)
    and inside :func:`triage_card_html`. No external URLs.
    """
    data = _data()
    questions_html = "".join(
        f"<li><b>{escape(q.ask)}</b>{' <i>(red flag)</i>' if q.red_flag else ''} "
        f"<span style='color:#333'>&ndash; {escape(q.why)}</span></li>"
        for q in data.questions.values()
    )
    plain = [a for a in data.advice.values() if a.kind == "plain"]
    advice_html = "".join(f"<li>{escape(a.say)}</li>" for a in plain)
    head = "".join(
        f"<th {_TD}>{escape(p.label)}<br>{_badge(p.grade)}{_cited(p.sources)}</th>"
        for p in data.policies.values()
    )
    rows = "".join(
        f"<tr><th {_TD}>{escape(label)} ({hours:g} h)</th>"
        + "".join(
            f"<td {_TD}>{_card_time_cell(data, p, hours)}</td>" for p in data.policies.values()
        )
        + "</tr>"
        for hours, label in data.card_times
    )
    rules = "".join(
        f"<li><b>{escape(p.label)}</b>: {escape(p.rule)}</li>" for p in data.policies.values()
    )
    return (
        "<div class='ie-phone-card' style='font-family:system-ui,Arial,sans-serif;"
        "font-size:8.5pt;line-height:1.22;max-width:190mm'>"
        "<h1 style='font-size:13pt;margin:0 0 1mm 0'>Phone triage: "
        "&ldquo;my implant fell out&rdquo;</h1>"
        "<p style='margin:0 0 1mm 0'><b>Teaching material for dental students, not advice "
        "for a patient's own case.</b> Clinic practice, graded "
        f"{_badge(Grade.RULE_OF_THUMB)} unless marked otherwise; the times come from a "
        "teaching model of the gum closing, not a prediction for a patient.</p>"
        "<div style='column-count:2;column-gap:6mm'>"
        f"<h2 {_H2}>1. Ask</h2><ol {_LIST}>{questions_html}</ol>"
        f"<h2 {_H2}>2. Red flags: act the same day, whatever the clinic's policy</h2>"
        f"<ul {_LIST}>{_flags_html(data)}</ul>"
        f"<h2 {_H2}>3. Tell the caller, in plain words</h2><ul {_LIST}>{advice_html}</ul>"
        "</div>"
        f"<h2 {_H2}>4. How soon, by time since it came out (no red flag, a site healed for "
        "weeks)</h2>"
        "<table style='border-collapse:collapse;width:100%;font-size:8pt'>"
        f"<thead><tr><th {_TD}>time since it came out</th>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"<ul style='margin:1mm 0 0 0;padding-left:4.5mm'>{rules}"
        "<li>A policy does not change how the gum behaves. A later visit means a planned, "
        "minor re-opening: routine, not a failure. The next business day is a day later on "
        "a weekday, up to about 72 h over a weekend.</li></ul>"
        f"<h2 {_H2}>5. At the visit</h2>"
        "<p style='margin:0'>Check that the implant is firm and not painful; numb the site; "
        "a new sterile healing abutment by default; protect the airway; never force it "
        "through closed gum (open the tissue first); tighten by hand; confirm it is fully "
        "seated; find why it came loose; note it in the record. "
        f"{_badge(Grade.RULE_OF_THUMB)}</p>"
        "</div>"
    )


def triage_card_html() -> str:
    """The one-page phone-triage card as a self-contained, print-ready HTML page.

    A4 portrait, one page: the questions to ask, the red flags, what to tell
    the caller, how soon to come in by time since loss under the three clinic
    policies (with grades), and what is done at the visit. Generated from
    ``data/phone_calls.yaml``, the triage's ``data/triage.yaml`` and the
    teaching timeline; no external URLs,
    fonts or scripts. The handouts builder writes it to
    ``build/handouts/phone_triage_card.html`` and prints it to PDF.
    """
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Phone triage card: my implant fell out</title>"
        "<style>@page { size: A4 portrait; margin: 8mm 10mm; } "
        "body { margin: 0 auto; max-width: 190mm; color: #000; background: #fff; } "
        "table, li { break-inside: avoid; }</style>"
        f"</head><body><main>{triage_card_body()}</main></body></html>\n"
    )
