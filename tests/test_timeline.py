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


def test_collapse_law_reproduces_the_measured_points() -> None:
    # 5% at 30 s, 10% at 2 min, 14% at 5 min (PMID 32507350; Li et al. 2019)
    for seconds, lost in [(30, 0.05), (120, 0.10), (300, 0.14)]:
        state = state_at(seconds / 3600)
        assert state.collapse_fraction == pytest.approx(lost, abs=0.005)


def test_opening_starts_full_and_is_closed_once_all_incisions_bridged() -> None:
    assert state_at(0).opening_fraction == 1.0
    assert state_at(0, abutment_diameter_mm=5.0).opening_mm == 5.0
    assert state_at(timeline.ALL_BRIDGED_H).opening_mm == 0.0
    # half-way through bridging at 30 h, when some incisions had bridged
    assert state_at(30).bridged_fraction == pytest.approx(0.5)


def test_stages_follow_the_cut_offs() -> None:
    assert state_at(0).stage is Stage.RESEAT_UNDER_NUMBING
    assert state_at(11.9).stage is Stage.RESEAT_UNDER_NUMBING
    assert state_at(12).stage is Stage.SURGICAL_REOPENING
    assert state_at(12, reopen_after_h=24).stage is Stage.RESEAT_UNDER_NUMBING
    assert state_at(48).stage is Stage.EPITHELIUM_BRIDGED
    assert state_at(5 * 24).stage is Stage.SURFACE_HEALED


def test_stage_members_carry_clinic_text_and_grade() -> None:
    assert list(Stage) == sorted(Stage)
    assert Stage.SURGICAL_REOPENING.cutoff_grade is Grade.RULE_OF_THUMB
    assert Stage.EPITHELIUM_BRIDGED.cutoff_grade is Grade.MEASURED
    for stage in Stage:
        assert stage.label and stage.action and stage.anaesthesia and stage.technique
        assert stage.cutoff_sources
    assert "laser" in Stage.SURGICAL_REOPENING.technique


def test_vectorised_keeps_shape_and_scalar_gives_float() -> None:
    grid = np.linspace(0, HOURS_MAX, 12).reshape(3, 4)
    assert opening_mm(grid).shape == (3, 4)
    assert isinstance(opening_mm(2.0), float)
    assert isinstance(opening_fraction(2), float)


def test_tissue_thin_mucosa_flag() -> None:
    assert Tissue(mucosa_thickness_mm=2.0).thin_mucosa
    assert not Tissue(mucosa_thickness_mm=3.0).thin_mucosa


@given(hours_st, hours_st, diameter_st)
def test_closure_is_monotone(a: float, b: float, diameter: float) -> None:
    early, late = min(a, b), max(a, b)
    assert opening_mm(late, abutment_diameter_mm=diameter) <= opening_mm(
        early, abutment_diameter_mm=diameter
    )


@given(hours_st, hours_st, reopen_st)
def test_stages_in_time_order(a: float, b: float, reopen: float) -> None:
    early, late = min(a, b), max(a, b)
    assert (
        state_at(early, reopen_after_h=reopen).stage <= state_at(late, reopen_after_h=reopen).stage
    )


@given(st.lists(hours_st, min_size=1, max_size=20), diameter_st)
def test_vectorised_equals_scalar(hours: list[float], diameter: float) -> None:
    array = opening_mm(np.array(hours), abutment_diameter_mm=diameter)
    scalars = [state_at(h, abutment_diameter_mm=diameter).opening_mm for h in hours]
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
