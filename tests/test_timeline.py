"""Unit and property tests of the gum-closure teaching model."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from implant_edu import timeline
from implant_edu.evidence import Grade
from implant_edu.timeline import HOURS_MAX, Stage, Tissue, opening_fraction, opening_mm, state_at

hours_st = st.floats(min_value=0.0, max_value=HOURS_MAX, allow_nan=False)
diameter_st = st.floats(min_value=3.0, max_value=6.0)
reopen_st = st.floats(min_value=1.0, max_value=48.0)


def test_collapse_law_reproduces_the_measured_volume_points() -> None:
    # 5% of the volume at 30 s, 10% at 2 min, 14% at 5 min (PMID 32507350; Li et al. 2019)
    for seconds, lost in [(30, 0.05), (120, 0.10), (300, 0.14)]:
        state = state_at(seconds / 3600)
        assert state.volume_lost_fraction == pytest.approx(lost, abs=0.005)
        # the stated assumption: width left = sqrt(volume left)
        assert 1 - state.collapse_fraction == pytest.approx(math.sqrt(1 - lost), abs=0.003)


def test_collapse_law_is_not_carried_past_the_20_minutes_watched() -> None:
    watched = state_at(timeline.COLLAPSE_OBSERVED_UNTIL_H)
    for hours in (1.0, 6.0, 100.0):
        assert state_at(hours).volume_lost_fraction == watched.volume_lost_fraction
        assert state_at(hours).collapse_fraction == watched.collapse_fraction


def test_opening_is_closed_at_the_surface_by_the_default_cut_off() -> None:
    assert state_at(0).opening_fraction == 1.0
    assert state_at(0, abutment_diameter_mm=5.0).opening_mm == 5.0
    assert timeline.SURFACE_CLOSED_BY_H_DEFAULT == timeline.REOPEN_AFTER_H_DEFAULT == 12.0
    at_cutoff = state_at(timeline.REOPEN_AFTER_H_DEFAULT)
    assert at_cutoff.opening_mm == 0.0 and at_cutoff.surface_closed
    assert at_cutoff.stage is Stage.SURGICAL_REOPENING


def test_the_gum_closes_within_hours_not_days() -> None:
    # "the gum will close over it within just a few hours" (Amin): a rule of
    # thumb the picture must show. Most of the opening is gone within 3 h.
    assert state_at(3.0).opening_fraction < 0.25
    assert state_at(1.0).opening_fraction < state_at(20 / 60).opening_fraction
    # the early, measured minutes change the width only a little
    assert state_at(20 / 60).opening_fraction > 0.85


def test_surface_closure_time_is_a_site_parameter() -> None:
    slow = state_at(12.0, surface_closed_by_h=24.0)
    assert slow.opening_mm > 0.0 and not slow.surface_closed
    assert state_at(24.0, surface_closed_by_h=24.0).opening_mm == 0.0
    assert state_at(3.0, surface_closed_by_h=3.0).surface_closed
    assert state_at(2.0, surface_closed_by_h=3.0).opening_mm < state_at(2.0).opening_mm


def test_epithelium_bridges_from_12_to_48_h_half_way_at_30_h() -> None:
    assert state_at(12).bridged_fraction == 0.0
    assert state_at(30).bridged_fraction == pytest.approx(0.5)
    assert state_at(timeline.ALL_BRIDGED_H).bridged_fraction == 1.0


def test_stages_follow_the_cut_offs() -> None:
    assert state_at(0).stage is Stage.RESEAT_UNDER_NUMBING
    assert state_at(11.9).stage is Stage.RESEAT_UNDER_NUMBING
    assert state_at(12).stage is Stage.SURGICAL_REOPENING
    assert state_at(12, reopen_after_h=24).stage is Stage.RESEAT_UNDER_NUMBING
    assert state_at(48).stage is Stage.EPITHELIUM_BRIDGED
    assert state_at(5 * 24).stage is Stage.SURFACE_HEALED


def test_stage_cut_offs_are_graded_no_higher_than_their_evidence() -> None:
    assert list(Stage) == sorted(Stage)
    assert Stage.RESEAT_UNDER_NUMBING.cutoff_grade is Grade.RULE_OF_THUMB
    assert Stage.SURGICAL_REOPENING.cutoff_grade is Grade.RULE_OF_THUMB
    assert Stage.EPITHELIUM_BRIDGED.cutoff_grade is Grade.ANALOGY
    assert Stage.SURFACE_HEALED.cutoff_grade is Grade.ANALOGY
    assert Grade.ANALOGY.label == "measured in other wounds (analogy)"
    for stage in Stage:
        assert stage.label and stage.action and stage.anaesthesia and stage.technique
        assert stage.cutoff_sources
    assert "laser" in Stage.SURGICAL_REOPENING.technique


def test_three_policies_change_the_visit_not_the_tissue() -> None:
    chosen = timeline.policies()
    assert list(chosen) == ["half_day", "day", "next_business_day"]
    assert [p.reopen_after_h for p in chosen.values()] == [12.0, 24.0, 12.0]
    assert chosen["next_business_day"].seen_within_h == 72.0
    for p in chosen.values():
        assert p.grade is Grade.RULE_OF_THUMB and p.sources and p.caller_told and p.at_visit
        at = state_at(20.0, reopen_after_h=p.reopen_after_h)
        assert at.opening_mm == state_at(20.0).opening_mm
    assert timeline.policy("day") is chosen["day"]
    with pytest.raises(ValueError, match="policy must be one of"):
        timeline.policy("weekly")


def test_trajectory_matches_state_at() -> None:
    site = Tissue(abutment_diameter_mm=5.0, surface_closed_by_h=6.0)
    states = timeline.trajectory([0.0, 1.0, 30.0], reopen_after_h=24, tissue=site)
    assert [s.opening_mm for s in states] == [
        state_at(h, reopen_after_h=24, abutment_diameter_mm=5.0, surface_closed_by_h=6.0).opening_mm
        for h in (0.0, 1.0, 30.0)
    ]
    with pytest.raises(TypeError, match="hours must be a list"):
        timeline.trajectory("0,1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="tissue must be a Tissue"):
        timeline.trajectory([1.0], tissue={"abutment_diameter_mm": 4})  # type: ignore[arg-type]


def test_vectorised_keeps_shape_and_scalar_gives_float() -> None:
    grid = np.linspace(0, HOURS_MAX, 12).reshape(3, 4)
    assert opening_mm(grid).shape == (3, 4)
    assert isinstance(opening_mm(2.0), float)
    assert isinstance(opening_fraction(2), float)


def test_tissue_thin_mucosa_flag() -> None:
    assert Tissue(mucosa_thickness_mm=2.0).thin_mucosa
    assert not Tissue(mucosa_thickness_mm=3.0).thin_mucosa


closed_by_st = st.floats(min_value=3.0, max_value=24.0)


@given(hours_st, hours_st, diameter_st, closed_by_st)
def test_closure_is_monotone(a: float, b: float, diameter: float, closed_by: float) -> None:
    early, late = min(a, b), max(a, b)
    site = {"abutment_diameter_mm": diameter, "surface_closed_by_h": closed_by}
    assert opening_mm(late, **site) <= opening_mm(early, **site)


@given(hours_st, hours_st, reopen_st)
def test_stages_in_time_order(a: float, b: float, reopen: float) -> None:
    early, late = min(a, b), max(a, b)
    assert (
        state_at(early, reopen_after_h=reopen).stage <= state_at(late, reopen_after_h=reopen).stage
    )


@given(st.lists(hours_st, min_size=1, max_size=20), diameter_st, closed_by_st)
def test_vectorised_equals_scalar(hours: list[float], diameter: float, closed_by: float) -> None:
    site = {"abutment_diameter_mm": diameter, "surface_closed_by_h": closed_by}
    array = opening_mm(np.array(hours), **site)
    scalars = [state_at(h, **site).opening_mm for h in hours]
    np.testing.assert_allclose(array, scalars, rtol=0, atol=1e-12)


@given(hours_st, diameter_st)
def test_bounds(hours: float, diameter: float) -> None:
    state = state_at(hours, abutment_diameter_mm=diameter)
    assert 0.0 <= state.opening_fraction <= 1.0
    assert 0.0 <= state.opening_mm <= diameter
    assert math.isclose(state.opening_mm, state.opening_fraction * diameter)


@pytest.mark.parametrize(
    ("hours", "error", "words"),
    [
        (-1, ValueError, "hours"),
        (float("nan"), ValueError, "hours"),
        (float("inf"), ValueError, "hours"),
        (HOURS_MAX + 1, ValueError, "0 to 1344"),
        ("3", TypeError, "str"),
        (None, TypeError, "hours"),
        (True, TypeError, "bool"),
    ],
)
def test_bad_hours(hours: object, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        state_at(hours)  # type: ignore[arg-type]
    with pytest.raises(error, match="hours"):
        opening_mm(hours)  # type: ignore[arg-type]


def test_bad_arrays_name_the_element() -> None:
    with pytest.raises(ValueError, match=r"index \(1,\)"):
        opening_mm(np.array([1.0, np.nan]))
    with pytest.raises(TypeError, match="dtype"):
        opening_mm(np.array(["a", "b"]))
    with pytest.raises(TypeError, match="dtype"):
        opening_fraction(np.array([True, False]))


@pytest.mark.parametrize(
    ("tissue", "error", "words"),
    [
        ({"abutment_diameter_mm": 2.0}, ValueError, "abutment_diameter_mm.*3 to 6"),
        ({"mucosa_thickness_mm": 9.0}, ValueError, "mucosa_thickness_mm.*1 to 7"),
        ({"mucosa_thickness_mm": "thick"}, TypeError, "mucosa_thickness_mm"),
        ({"gum_mm": 3.0}, TypeError, "unknown tissue parameter 'gum_mm'"),
        ({"surface_closed_by_h": 48.0}, ValueError, "surface_closed_by_h.*3 to 24"),
    ],
)
def test_bad_tissue(tissue: dict[str, object], error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        state_at(1.0, **tissue)  # type: ignore[arg-type]
    with pytest.raises(error, match=words):
        opening_mm(1.0, **tissue)  # type: ignore[arg-type]


@pytest.mark.parametrize("reopen", [0.5, 49, float("nan"), "12"])
def test_bad_reopen_cut_off(reopen: object) -> None:
    with pytest.raises((ValueError, TypeError), match=r"reopen_after_h.*1 to 48"):
        state_at(1.0, reopen_after_h=reopen)  # type: ignore[arg-type]


def test_state_is_immutable() -> None:
    state = state_at(1.0)
    with pytest.raises(AttributeError):
        state.hours = 2.0  # type: ignore[misc]
