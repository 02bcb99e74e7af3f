"""The parts catalogue, the treatment phases and the triage."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implant_edu import identify, part
from implant_edu.evidence import Grade
from implant_edu.parts import catalogue, phase, phases, phases_with
from implant_edu.timeline import HOURS_MAX, REOPEN_AFTER_H_DEFAULT, Stage, stage_at
from implant_edu.triage import (
    OBSERVATIONS,
    Observation,
    phone_questions,
    red_flag_catalogue,
    triage,
    urgencies,
    urgency,
)

REQUIRED_PARTS = {
    "implant_body",
    "cover_screw",
    "healing_abutment",
    "final_abutment",
    "abutment_screw",
    "screw_retained_crown",
    "cement_retained_crown",
    "bridge",
}

A_CAP = {"rounded_polished_top": True, "threads_along_body": False, "crown_was_on": False}
"""A healing abutment in hand during healing (no crown yet)."""

PURE_RED_FLAG_OBSERVATIONS = (
    "cannot_breathe_or_speak",
    "coughed_or_choked",
    "swallowed",
    "belly_pain_vomiting_or_bloody_stool",
    "swelling_pus_or_fever",
    "trouble_swallowing_or_breathing",
    "bleeding_will_not_stop",
)
"""Observations that raise red flags but are no clue to which part it is."""

hours = st.floats(min_value=0.0, max_value=HOURS_MAX, allow_nan=False)
yes_no = st.sampled_from([True, False, None])


def _healing_abutment(**observed: object) -> object:
    return next(c for c in identify(**observed) if c.part.key == "healing_abutment")


# --- the catalogue ------------------------------------------------------------


def test_catalogue_has_every_part_with_its_description() -> None:
    assert set(catalogue()) >= REQUIRED_PARTS
    for item in catalogue().values():
        assert item.what_it_is and item.dimensions and item.looks_like and item.action
        assert item.clues


def test_dimensions_carry_the_brief_numbers() -> None:
    assert "6 to 16 mm" in part("implant_body").dimensions
    assert "2 to 7 mm" in part("healing_abutment").dimensions
    assert "stem" in part("healing_abutment").dimensions
    assert part("implant_body").dimension_sources[0].key == "pardo_zamora"


def test_phases_know_one_and_two_stage() -> None:
    assert phase("surgery_two_stage").gum_closed
    assert part("cover_screw") in phase("surgery_two_stage").parts
    assert part("healing_abutment") in phase("healing_one_stage").parts
    assert {p.protocol for p in phases().values()} == {"one-stage", "two-stage", "both"}
    assert [p.key for p in phases_with("cement_retained_crown")] == ["final_cement_retained"]


def test_unknown_part_names_the_choices() -> None:
    with pytest.raises(ValueError, match=r"part name must be one of .*healing_abutment"):
        part("healing_cap")
    with pytest.raises(TypeError, match="part name"):
        part(3)  # type: ignore[arg-type]


# --- which part ----------------------------------------------------------------


def test_nothing_observed_ranks_healing_abutment_first() -> None:
    assert identify()[0].part.key == "healing_abutment"
    result = triage()
    assert result.red_flags == ()
    assert result.still_to_ask[0].observation == "cannot_breathe_or_speak"


def test_smooth_rounded_piece_during_healing_is_a_healing_abutment() -> None:
    ranked = identify(**A_CAP)
    best = ranked[0]
    assert best.part.key == "healing_abutment"
    assert best.likelihood == "most likely"
    assert any("no threads" in reason for reason in best.reasons)
    assert best.urgency.key == "today" and best.urgency.label.startswith("Today")
    assert best.urgency.grade is Grade.RULE_OF_THUMB


def test_long_threaded_painful_piece_is_the_implant() -> None:
    ranked = identify(threads_along_body=True, length_mm=11, pain=True)
    assert ranked[0].part.key == "implant_body"
    assert "failed implant" in ranked[0].action


def test_loose_crown_points_to_the_abutment_screw() -> None:
    ranked = identify(crown_was_on=True, remaining_mobile=True, tooth_shaped=False)
    assert ranked[0].part.key == "abutment_screw"


def test_ranking_is_sorted_and_positive() -> None:
    ranked = identify(tooth_shaped=True, crown_was_on=True)
    scores = [c.score for c in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores[1:])


# --- lengths: the whole part includes its screw stem ------------------------------


def test_cap_without_its_stem_is_judged_on_the_2_to_7_mm_range() -> None:
    fits = _healing_abutment(cap_height_mm=4)
    too_tall = _healing_abutment(cap_height_mm=9)
    assert any(r.startswith("fits:") and "without its stem" in r for r in fits.reasons)
    assert any(r.startswith("against:") for r in too_tall.reasons)
    assert fits.score == too_tall.score + 2  # weight 1, for then against


@pytest.mark.parametrize("whole_mm", [4.0, 7.0, 9.0, 12.0])
def test_a_whole_healing_abutment_is_not_held_to_the_cap_height(whole_mm: float) -> None:
    """A whole cap plus stem held in the hand can be longer than 7 mm: the
    whole length neither fits nor rules the healing abutment out, since no
    stem length is known."""
    candidate = _healing_abutment(length_mm=whole_mm)
    assert candidate.score == part("healing_abutment").prior
    assert [r.split(":")[0] for r in candidate.reasons] == ["does not decide"]
    assert "stem" in candidate.reasons[0]


def test_a_whole_part_shorter_than_any_cap_is_against_a_healing_abutment() -> None:
    candidate = _healing_abutment(length_mm=1.5)
    assert candidate.reasons and candidate.reasons[0].startswith("against:")


def test_no_invented_stem_length() -> None:
    clue = next(c for c in part("healing_abutment").clues if c.observation == "length_mm")
    assert clue.against_only and clue.range_mm is not None and math.isinf(clue.range_mm[1])


def test_cap_cannot_be_taller_than_the_whole_part() -> None:
    with pytest.raises(ValueError, match=r"cap_height_mm must be at most length_mm.*5.*4"):
        identify(cap_height_mm=5, length_mm=4)


# --- urgency follows the time since loss and the stage ------------------------------


def test_time_since_loss_sets_the_stage_and_action() -> None:
    early = identify(rounded_polished_top=True, hours_since_loss=2)[0]
    late = identify(rounded_polished_top=True, hours_since_loss=20)[0]
    assert early.stage is Stage.RESEAT_UNDER_NUMBING
    assert late.stage is Stage.SURGICAL_REOPENING
    assert late.stage.label in late.action
    assert early.urgency.key == "today"
    assert late.urgency.key == "soon"
    assert "not a failure" in late.urgency.why


@pytest.mark.parametrize("reopen_after_h", [REOPEN_AFTER_H_DEFAULT, 24.0])
@pytest.mark.parametrize("hours_since_loss", [0, 1, 6, 11.9, 12, 18, 24, 36, 48, 72, 120, 700])
def test_urgency_agrees_with_the_stage(reopen_after_h: float, hours_since_loss: float) -> None:
    candidate = _healing_abutment(
        hours_since_loss=hours_since_loss, reopen_after_h=reopen_after_h, **A_CAP
    )
    stage = stage_at(hours_since_loss, reopen_after_h)
    assert candidate.stage is stage
    # "Today" only while the abutment can still be reseated under numbing.
    assert (candidate.urgency.key == "today") == (stage is Stage.RESEAT_UNDER_NUMBING)
    # A part that came out unplanned is booked at the earliest appointment at
    # the latest (brief, section 9), even once the gum has healed over it.
    assert candidate.urgency.key in ("today", "soon")
    assert candidate.urgency.grade is Grade.RULE_OF_THUMB


def test_the_clinic_cut_off_moves_the_urgency() -> None:
    at_12 = _healing_abutment(hours_since_loss=18, **A_CAP)
    at_24 = _healing_abutment(hours_since_loss=18, reopen_after_h=24, **A_CAP)
    assert (at_12.urgency.key, at_24.urgency.key) == ("soon", "today")


def test_a_fresh_surgical_site_is_never_left_to_a_planned_visit() -> None:
    for hours in (18, 72, 700):
        late = _healing_abutment(hours_since_loss=hours, **A_CAP)
        fresh = _healing_abutment(hours_since_loss=hours, fresh_surgical_site=True, **A_CAP)
        assert late.urgency.key == fresh.urgency.key == "soon"


def test_a_healed_over_site_is_still_seen_at_the_earliest_appointment() -> None:
    """ "It can wait for your next planned visit" was the triage's answer at 5 days
    and more; leaving it is the treating dentist's decision, not the phone's."""
    week = _healing_abutment(hours_since_loss=7 * 24, **A_CAP)
    assert week.stage is Stage.SURFACE_HEALED
    assert week.urgency.key == "soon" and "dentist's decision" in week.urgency.why


@settings(max_examples=150, deadline=None)
@given(
    first=hours,
    second=hours,
    reopen=st.sampled_from([REOPEN_AFTER_H_DEFAULT, 24.0]),
    fresh=yes_no,
    pain=yes_no,
    mobile=yes_no,
    coughed=yes_no,
)
def test_urgency_never_rises_as_time_goes_on(
    first: float,
    second: float,
    reopen: float,
    fresh: bool | None,
    pain: bool | None,
    mobile: bool | None,
    coughed: bool | None,
) -> None:
    """By design: once a re-opening is needed anyway, waiting longer changes
    how the gum is opened, not the outcome; red flags do not depend on time."""
    earlier, later = sorted((first, second))
    seen = {
        **A_CAP,
        "fresh_surgical_site": fresh,
        "pain": pain,
        "remaining_mobile": mobile,
        "coughed_or_choked": coughed,
    }
    before = triage(hours_since_loss=earlier, reopen_after_h=reopen, **seen)
    after = triage(hours_since_loss=later, reopen_after_h=reopen, **seen)
    assert before.urgency.rank <= after.urgency.rank
    assert before.red_flags == after.red_flags


@settings(max_examples=150, deadline=None)
@given(
    time=st.one_of(st.none(), hours),
    flag=st.sampled_from(PURE_RED_FLAG_OBSERVATIONS),
    others=st.fixed_dictionaries({name: yes_no for name in PURE_RED_FLAG_OBSERVATIONS}),
)
def test_a_red_flag_answer_never_makes_it_less_urgent(
    time: float | None, flag: str, others: dict[str, bool | None]
) -> None:
    without = triage(hours_since_loss=time, **{**others, flag: None})
    with_yes = triage(hours_since_loss=time, **{**others, flag: True})
    assert with_yes.urgency.rank <= without.urgency.rank
    assert len(with_yes.red_flags) >= len(without.red_flags)

    def judged(result):  # which part it is: a red flag is no clue to that
        return [(c.part.key, c.score, c.likelihood, c.reasons) for c in result.candidates]

    assert judged(with_yes) == judged(without)
    for yes, no in zip(with_yes.candidates, without.candidates, strict=True):
        assert yes.urgency.rank <= no.urgency.rank, yes.part.key


@settings(max_examples=150, deadline=None)
@given(
    time=st.one_of(st.none(), hours),
    pain=yes_no,
    site_moves=yes_no,
    others=st.fixed_dictionaries({name: yes_no for name in PURE_RED_FLAG_OBSERVATIONS}),
)
def test_no_part_is_less_urgent_than_a_red_flag_beside_it(
    time: float | None, pain: bool | None, site_moves: bool | None, others: dict
) -> None:
    """A card saying "the earliest appointment" next to a red flag saying
    "today" was the contradiction a reviewer found in lesson 03's example 6."""
    result = triage(hours_since_loss=time, pain=pain, remaining_mobile=site_moves, **others)
    if not result.red_flags:
        return
    first = result.red_flags[0]
    for candidate in result.candidates:
        assert candidate.urgency.rank <= first.urgency.rank, candidate.part.key
        if candidate.urgency.key == first.urgency.key and "red flag" in candidate.urgency.why:
            assert first.title.lower() in candidate.urgency.why


def test_a_painful_threaded_screw_is_seen_today_on_every_card() -> None:
    result = triage(
        part_in_hand=True,
        threads_along_body=True,
        rounded_polished_top=False,
        length_mm=10,
        tooth_shaped=False,
        pain=True,
    )
    assert [f.key for f in result.red_flags] == ["failing_implant"]
    assert {c.urgency.key for c in result.candidates} == {"today"}
    assert "signs of a failing implant" in result.candidates[0].urgency.why


def test_every_urgency_carries_its_grade() -> None:
    levels = urgencies()
    assert [u.key for u in levels] == [
        "emergency",
        "today",
        "within_24h",
        "soon",
        "next_business_day",
        "planned_visit",
    ]
    assert [u.rank for u in levels] == [0, 1, 2, 3, 4, 5]
    assert all(u.grade is Grade.RULE_OF_THUMB for u in levels)  # brief sections 4 and 9
    assert all(u.label and u.tell_caller for u in levels)
    assert all(isinstance(u.grade, Grade) for u in levels)
    for flag in red_flag_catalogue().values():
        assert isinstance(flag.urgency.grade, Grade) and isinstance(flag.grade, Grade)
    with pytest.raises(ValueError, match=r"urgency must be one of .*planned_visit.*'asap'"):
        urgency("asap")


# --- red flags ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "observed",
    [
        {"pain": True, "crown_was_on": False},
        {"remaining_mobile": True, "crown_was_on": False},
        {"remaining_mobile": True},  # crown not known: assume healing
        {"pain": True, "remaining_mobile": True, **A_CAP, "hours_since_loss": 700},
    ],
)
def test_pain_or_a_moving_site_before_the_crown_is_a_failing_implant(
    observed: dict[str, object],
) -> None:
    result = triage(**observed)
    first = result.red_flags[0]
    assert first.key == "failing_implant"
    assert first.urgency.key == "today" and result.urgency.key == "today"
    assert first.grade is Grade.CONSENSUS
    assert {s.key for s in first.sources} == {"misch_2008", "froum_2017"}
    assert "mobile, painful, removed or lost" in first.what_to_do


def test_a_moving_crown_is_not_flagged_as_a_failing_implant() -> None:
    result = triage(crown_was_on=True, remaining_mobile=True, pain=False)
    assert "failing_implant" not in [f.key for f in result.red_flags]
    assert result.candidates[0].part.key == "abutment_screw"


def test_choking_comes_before_everything() -> None:
    result = triage(cannot_breathe_or_speak=True, pain=True, swelling_pus_or_fever=True)
    keys = [f.key for f in result.red_flags]
    assert keys[:2] == ["cannot_breathe_or_speak", "failing_implant"]
    assert result.urgency.key == "emergency"
    assert "emergency services" in result.red_flags[0].what_to_do


@pytest.mark.parametrize(
    ("observed", "flag", "words"),
    [
        (
            {"coughed_or_choked": True, "part_in_hand": False},
            "possibly_inhaled",
            "chest, then abdomen",
        ),
        ({"coughed_or_choked": True}, "coughed_part_not_yet_found", "radiograph"),
        ({"swallowed": True}, "swallowed", "usually passes"),
        (
            {"swallowed": True, "belly_pain_vomiting_or_bloody_stool": True},
            "swallowed_with_symptoms",
            "blood in the",
        ),
        ({"swelling_pus_or_fever": True}, "swelling_pus_or_fever", "spreading"),
        ({"trouble_swallowing_or_breathing": True}, "trouble_swallowing_or_breathing", "same day"),
        ({"bleeding_will_not_stop": True}, "bleeding_will_not_stop", "same day"),
    ],
)
def test_safety_red_flags(observed: dict[str, object], flag: str, words: str) -> None:
    result = triage(**observed)
    assert [f.key for f in result.red_flags] == [flag]
    raised = result.red_flags[0]
    assert words in raised.what_to_do
    assert raised.grade is Grade.RULE_OF_THUMB  # brief section 9: clinical practice
    assert raised.urgency.key == "today"


def test_no_red_flag_when_the_answers_are_no() -> None:
    calm = dict.fromkeys(PURE_RED_FLAG_OBSERVATIONS, False)
    result = triage(**calm, part_in_hand=True, pain=False, remaining_mobile=False)
    assert result.red_flags == ()
    assert result.urgency.key == "today"  # still a healing abutment, time not known
    # the part's in hand after coughing: no inhalation flag
    assert triage(coughed_or_choked=True, part_in_hand=True).red_flags == ()


def test_phone_questions_are_asked_until_answered() -> None:
    asked = [q.observation for q in phone_questions()]
    assert asked[:3] == ["cannot_breathe_or_speak", "part_in_hand", "coughed_or_choked"]
    assert set(asked) <= set(OBSERVATIONS)
    result = triage(cannot_breathe_or_speak=False, part_in_hand=True, hours_since_loss=700)
    left = [q.observation for q in result.still_to_ask]
    assert left == [
        a for a in asked if a not in {"cannot_breathe_or_speak", "part_in_hand", "hours_since_loss"}
    ]
    assert result.meanwhile and result.meanwhile_grade is Grade.RULE_OF_THUMB
    assert any("removable temporary" in line for line in result.meanwhile)


# --- validation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("observed", "error", "words"),
    [
        ({"colour": True}, TypeError, "unknown observation 'colour'; allowed: length_mm"),
        ({"pain": "yes"}, TypeError, "pain must be True, False or None"),
        ({"swallowed": 1}, TypeError, "swallowed must be True, False or None.*got 1"),
        ({"length_mm": -3}, ValueError, r"length_mm must be a finite number from 0.5 to 30"),
        (
            {"cap_height_mm": 31},
            ValueError,
            r"cap_height_mm must be a finite number from 0.5 to 30",
        ),
        ({"length_mm": "10"}, TypeError, "length_mm"),
        ({"hours_since_loss": float("inf")}, ValueError, "hours_since_loss"),
        ({"hours_since_loss": HOURS_MAX + 1}, ValueError, r"hours_since_loss must be .* to 1344"),
        ({"reopen_after_h": 0}, ValueError, "reopen_after_h"),
        ({"reopen_after_h": "12"}, TypeError, "reopen_after_h"),
        ({"reopen_after_h": True}, TypeError, "reopen_after_h"),
    ],
)
def test_bad_observations(observed: dict[str, object], error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        identify(**observed)
    with pytest.raises(error, match=words):
        triage(**observed)


def test_identify_keeps_its_keyword_names() -> None:
    old = {
        "length_mm": 4.0,
        "threads_along_body": False,
        "rounded_polished_top": True,
        "coloured": True,
        "tooth_shaped": False,
        "crown_was_on": False,
        "pain": False,
        "remaining_mobile": False,
        "hours_since_loss": 2.0,
    }
    assert identify(**old)[0].part.key == "healing_abutment"
    assert set(old) <= set(OBSERVATIONS)
    assert Observation(**old).given() == old


@pytest.mark.parametrize(
    ("observed", "error", "name"),
    [
        ({"length_mm": 10**400}, ValueError, "length_mm"),
        ({"hours_since_loss": 10**400}, ValueError, "hours_since_loss"),
        ({"reopen_after_h": 10**400}, ValueError, "reopen_after_h"),
        ({"cap_height_mm": "x" * 100_000}, TypeError, "cap_height_mm"),
        ({"swelling_pus_or_fever": "x" * 100_000}, TypeError, "swelling_pus_or_fever"),
        ({"x" * 100_000: True}, TypeError, "unknown observation"),
    ],
)
def test_huge_or_long_bad_values_give_a_short_message(
    observed: dict[str, object], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=name) as raised:
        triage(**observed)
    assert len(str(raised.value)) < 1200


def test_a_part_with_an_unknown_urgency_is_refused(monkeypatch) -> None:
    """parts.yaml names its urgencies by triage.yaml's keys; triage checks them."""
    import dataclasses

    from implant_edu import triage as triage_module

    broken = {
        key: dataclasses.replace(item, urgency="whenever") if key == "healing_abutment" else item
        for key, item in catalogue().items()
    }
    monkeypatch.setattr(triage_module, "catalogue", lambda: broken)
    triage_module._data.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"urgency of healing_abutment.*'whenever'"):
            triage_module._data()
    finally:
        monkeypatch.undo()
        triage_module._data.cache_clear()
