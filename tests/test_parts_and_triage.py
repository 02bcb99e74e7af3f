"""The parts catalogue, the treatment phases and the triage."""

from __future__ import annotations

import pytest

from implant_edu import identify, part
from implant_edu.parts import catalogue, phase, phases, phases_with
from implant_edu.timeline import Stage

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


def test_catalogue_has_every_part_with_its_description() -> None:
    assert set(catalogue()) >= REQUIRED_PARTS
    for item in catalogue().values():
        assert item.what_it_is and item.dimensions and item.looks_like and item.action
        assert item.clues


def test_dimensions_carry_the_brief_numbers() -> None:
    assert "6 to 16 mm" in part("implant_body").dimensions
    assert "2 to 7 mm" in part("healing_abutment").dimensions
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


def test_nothing_observed_ranks_healing_abutment_first() -> None:
    assert identify()[0].part.key == "healing_abutment"


def test_smooth_rounded_piece_during_healing_is_a_healing_abutment() -> None:
    ranked = identify(threads_along_body=False, rounded_polished_top=True, crown_was_on=False)
    best = ranked[0]
    assert best.part.key == "healing_abutment"
    assert best.likelihood == "most likely"
    assert any("no threads" in reason for reason in best.reasons)
    assert best.urgency.startswith("Today")


def test_long_threaded_painful_piece_is_the_implant() -> None:
    ranked = identify(threads_along_body=True, length_mm=11, pain=True)
    assert ranked[0].part.key == "implant_body"
    assert "failed implant" in ranked[0].action


def test_loose_crown_points_to_the_abutment_screw() -> None:
    ranked = identify(crown_was_on=True, remaining_mobile=True, tooth_shaped=False)
    assert ranked[0].part.key == "abutment_screw"


def test_time_since_loss_sets_the_stage_and_action() -> None:
    early = identify(rounded_polished_top=True, hours_since_loss=2)[0]
    late = identify(rounded_polished_top=True, hours_since_loss=20)[0]
    assert early.stage is Stage.RESEAT_UNDER_NUMBING
    assert late.stage is Stage.SURGICAL_REOPENING
    assert "Re-open surgically" in late.action


def test_ranking_is_sorted_and_positive() -> None:
    ranked = identify(tooth_shaped=True, crown_was_on=True)
    scores = [c.score for c in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores[1:])


@pytest.mark.parametrize(
    ("observed", "error", "words"),
    [
        ({"colour": True}, TypeError, "unknown observation 'colour'"),
        ({"pain": "yes"}, TypeError, "pain must be True, False or None"),
        ({"length_mm": -3}, ValueError, r"length_mm must be a finite number from 0.5 to 30"),
        ({"length_mm": "10"}, TypeError, "length_mm"),
        ({"hours_since_loss": float("inf")}, ValueError, "hours_since_loss"),
    ],
)
def test_bad_observations(observed: dict[str, object], error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        identify(**observed)
